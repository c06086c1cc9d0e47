/**
 * The light Markdown our messages and the bank's answers use, defined here and nowhere else:
 * - inline: **bold**, `code`, $inline math$ (TeX; `$` must touch its content, so "$5 and $10" stays text);
 * - blocks: paragraphs (lines kept), ``` fenced code ```, `#`–`######` headings, `-`/`*`/`+` and `1.` lists
 *   (nested by indentation, continuation lines indented), GitHub tables (a header row, a `|---|` rule, rows),
 *   and display math (`$$ … $$` on lines of its own).
 * It is parsed once into blocks so each adapter can encode it for its platform (Telegram rich messages or
 * HTML, Discord Markdown, a terminal) with every other character escaped, and split at block boundaries
 * to fit a limit. Anything else is text.
 */
import { texToUnicode } from "./tex.js";

/** `inBold`: code or a formula written inside **bold** (encoders keep it inside the bold run). */
export type Span = { kind: "text" | "bold"; text: string } | { kind: "code"; text: string; inBold?: true } | { kind: "math"; tex: string; inBold?: true };
export type Align = "left" | "center" | "right" | null;
export interface ListItem {
  ordered: boolean;
  /** The number an ordered item was written with. */
  number?: number;
  /** 0 for a top-level item, 1 for an item nested under it, … */
  depth: number;
  spans: Span[];
}
export type Block = (
  | { kind: "paragraph"; spans: Span[] }
  | { kind: "pre"; text: string; language: string }
  | { kind: "heading"; level: number; spans: Span[] }
  | { kind: "list"; items: ListItem[] }
  | { kind: "table"; align: Align[]; header: Span[][]; rows: Span[][][] }
  | { kind: "math"; tex: string }
) & {
  /** Written on the line right after the block before, with no blank line between (a list under its intro line). */
  tight?: boolean;
};

/** Encodes blocks for one platform. */
export type BlockEncoder = (block: Block) => string;

const INLINE = /\*\*([^*\n](?:[^\n]*?[^*\n])??)\*\*|`([^`\n]+)`|\$\$([^$\n]+?)\$\$|\$([^\s$](?:[^$\n]*?[^\s$])?)\$(?!\d)/g;
const CODE_OR_MATH = /`([^`\n]+)`|\$\$([^$\n]+?)\$\$|\$([^\s$](?:[^$\n]*?[^\s$])?)\$(?!\d)/g;

function codeAndMath(text: string, plain: "text" | "bold"): Span[] {
  const spans: Span[] = [];
  let last = 0;
  for (const match of text.matchAll(CODE_OR_MATH)) {
    if (match.index > last) spans.push({ kind: plain, text: text.slice(last, match.index) });
    const inBold = plain === "bold" ? ({ inBold: true } as const) : {};
    spans.push(match[1] !== undefined ? { kind: "code", text: match[1], ...inBold } : { kind: "math", tex: (match[2] ?? match[3])!, ...inBold });
    last = match.index + match[0].length;
  }
  if (last < text.length) spans.push({ kind: plain, text: text.slice(last) });
  return spans;
}

/**
 * Text a member wrote (a display name, an echoed query) is marked literal: it reads as written, its
 * `**` and backticks never become formatting on any platform. The markers are Unicode noncharacters
 * (reserved for a program's internal use), removed from the text itself first, and never reach a platform.
 */
const LITERAL_OPEN = "\uFDD0";
const LITERAL_CLOSE = "\uFDD1";
const LITERAL = /\uFDD0([^\uFDD0\uFDD1]*)\uFDD1/g;
const MARKERS = /[\uFDD0-\uFDD3]/g;
/** Where a literal stood while the formatting around it is parsed (no `*` or backtick inside). */
const PLACEHOLDER = /\uFDD2(\d+)\uFDD3/g;

/** Marks member-written text as literal: no formatting inside it. */
export function literal(text: string): string {
  return `${LITERAL_OPEN}${text.replace(MARKERS, "")}${LITERAL_CLOSE}`;
}

/** The text with literal markers removed, for places that show light Markdown as it is (a toast). */
export function withoutLiteralMarkers(text: string): string {
  return text.replace(MARKERS, "");
}

function unmaskSpan(span: Span, unmask: (part: string) => string): Span {
  return span.kind === "math" ? { ...span, tex: unmask(span.tex) } : { ...span, text: unmask(span.text) };
}

export function parseSpans(text: string): Span[] {
  const literals: string[] = [];
  const masked = text.replace(/[\uFDD2\uFDD3]/g, "").replace(LITERAL, (_, content: string) => `\uFDD2${literals.push(content) - 1}\uFDD3`).replace(/[\uFDD0\uFDD1]/g, "");
  const unmask = (part: string) => part.replace(PLACEHOLDER, (_, index: string) => literals[Number(index)] ?? "");
  const spans: Span[] = [];
  let last = 0;
  for (const match of masked.matchAll(INLINE)) {
    if (match.index > last) spans.push({ kind: "text", text: unmask(masked.slice(last, match.index)) });
    // Bold text may hold code or a formula: those keep their kind, the rest is bold.
    if (match[1] !== undefined) spans.push(...codeAndMath(match[1], "bold").map((span) => unmaskSpan(span, unmask)));
    else if (match[2] !== undefined) spans.push({ kind: "code", text: unmask(match[2]) });
    else spans.push({ kind: "math", tex: unmask((match[3] ?? match[4])!) });
    last = match.index + match[0].length;
  }
  if (last < masked.length) spans.push({ kind: "text", text: unmask(masked.slice(last)) });
  return spans;
}

const FENCE = /^\s*```\s*([\w+-]*)\s*$/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$/;
const LIST_ITEM = /^(\s*)(?:([-*+])|(\d{1,9})[.)])\s+(.*)$/;
const TABLE_RULE = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;

/** A table row's cells: split at `|` outside code and math, `\|` is a literal bar. */
export function tableCells(line: string): string[] {
  let text = line.trim();
  if (text.startsWith("|")) text = text.slice(1);
  if (text.endsWith("|") && !text.endsWith("\\|")) text = text.slice(0, -1);
  const cells: string[] = [];
  let current = "";
  let inCode = false;
  let inMath = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\" && text[i + 1] === "|") {
      current += "|";
      i++;
    } else if (c === "`" && !inMath) {
      inCode = !inCode;
      current += c;
    } else if (c === "$" && !inCode) {
      inMath = !inMath;
      current += c;
    } else if (c === "|" && !inCode && !inMath) {
      cells.push(current.trim());
      current = "";
    } else current += c;
  }
  cells.push(current.trim());
  return cells;
}

function isTableStart(lines: readonly string[], i: number): boolean {
  // As in GitHub Markdown: a header row, then a rule with one cell per header cell.
  if (!lines[i]!.includes("|") || i + 1 >= lines.length || !TABLE_RULE.test(lines[i + 1]!)) return false;
  const columns = tableCells(lines[i]!).length;
  return columns >= 2 && tableCells(lines[i + 1]!).length === columns;
}

function alignOf(cell: string): Align {
  const left = cell.startsWith(":");
  const right = cell.endsWith(":");
  return left && right ? "center" : right ? "right" : left ? "left" : null;
}

function indentOf(line: string): number {
  let width = 0;
  for (const c of line) {
    if (c === " ") width++;
    else if (c === "\t") width += 4;
    else break;
  }
  return width;
}

/** Splits text into blocks. An unclosed fence or display formula runs to the end. */
export function parseMarkup(text: string): Block[] {
  const parsed: Block[] = [];
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  let paragraph: string[] = [];
  let blankSince = true;
  const blocks = {
    push(block: Block) {
      parsed.push(parsed.length > 0 && !blankSince ? { ...block, tight: true } : block);
      blankSince = false;
    },
  };
  const flush = () => {
    if (paragraph.some((line) => line.trim() !== "")) blocks.push({ kind: "paragraph", spans: parseSpans(paragraph.join("\n")) });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const code: string[] = [];
      for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]!); i++) code.push(lines[i]!);
      blocks.push({ kind: "pre", text: code.join("\n"), language: fence[1] ?? "" });
      continue;
    }
    if (line.trim() === "") {
      flush();
      blankSince = true;
      continue;
    }
    if (line.trim().startsWith("$$")) {
      flush();
      let body = line.trim().slice(2);
      while (!body.trimEnd().endsWith("$$") && i + 1 < lines.length) body += `\n${lines[++i]!}`;
      body = body.trimEnd();
      if (body.endsWith("$$")) body = body.slice(0, -2);
      blocks.push({ kind: "math", tex: body.trim() });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      blocks.push({ kind: "heading", level: heading[1]!.length, spans: parseSpans(heading[2]!) });
      continue;
    }
    if (isTableStart(lines, i)) {
      flush();
      const header = tableCells(line);
      const align = tableCells(lines[i + 1]!).map(alignOf);
      const rows: Span[][][] = [];
      for (i += 2; i < lines.length && lines[i]!.includes("|") && lines[i]!.trim() !== ""; i++) {
        const cells = tableCells(lines[i]!);
        rows.push(header.map((_, c) => parseSpans(cells[c] ?? "")));
      }
      i--;
      blocks.push({ kind: "table", align: header.map((_, c) => align[c] ?? null), header: header.map((cell) => parseSpans(cell)), rows });
      continue;
    }
    if (LIST_ITEM.test(line)) {
      flush();
      const items: { ordered: boolean; number?: number; indent: number; text: string }[] = [];
      for (; i < lines.length; i++) {
        const current = lines[i]!;
        const item = LIST_ITEM.exec(current);
        if (item) {
          items.push({ ordered: item[3] !== undefined, ...(item[3] !== undefined ? { number: Number(item[3]) } : {}), indent: indentOf(current), text: item[4]! });
        } else if (current.trim() !== "" && indentOf(current) >= 2 && !FENCE.test(current) && !current.trim().startsWith("$$")) {
          items[items.length - 1]!.text += `\n${current.trim()}`;
        } else break;
      }
      i--;
      // Depth by indentation: deeper than the item before nests one level, back out to the level with that indentation.
      const stack: number[] = [];
      const listItems = items.map((item): ListItem => {
        while (stack.length > 0 && item.indent < stack[stack.length - 1]!) stack.pop();
        if (stack.length === 0 || item.indent > stack[stack.length - 1]!) stack.push(item.indent);
        return { ordered: item.ordered, ...(item.number !== undefined ? { number: item.number } : {}), depth: stack.length - 1, spans: parseSpans(item.text) };
      });
      blocks.push({ kind: "list", items: listItems });
      continue;
    }
    paragraph.push(line);
  }
  flush();
  return parsed;
}

// ---- plain text: what every encoder without native formulas or tables shows ----

/** A formula as readable text: softmax(QKᵀ/√dₖ)V. */
export function mathText(tex: string): string {
  return texToUnicode(tex);
}

/** Whether a span belongs to a bold run (bold text, or code and formulas written inside it). */
export function isBold(span: Span): boolean {
  return span.kind === "bold" || ("inBold" in span && span.inBold === true);
}

/**
 * Encodes spans with each run of bold spans wrapped once (`**a $x$ b**` stays one bold run around its formula):
 * `inner` encodes one span, `wrap` a run of bold ones.
 */
export function encodeRuns(spans: readonly Span[], inner: (span: Span) => string, wrap: (encoded: string) => string): string {
  let out = "";
  for (let i = 0; i < spans.length; ) {
    if (!isBold(spans[i]!)) {
      out += inner(spans[i++]!);
      continue;
    }
    let run = "";
    for (; i < spans.length && isBold(spans[i]!); i++) run += inner(spans[i]!);
    out += wrap(run);
  }
  return out;
}

/** The spans as plain text (markers dropped, formulas as Unicode). */
export function plainText(spans: readonly Span[]): string {
  return spans.map((span) => (span.kind === "math" ? mathText(span.tex) : span.text)).join("");
}

/** Columns a string takes in a monospace font: East Asian wide characters take two, combining marks none. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const c of text) {
    const code = c.codePointAt(0)!;
    if (/\p{Mn}|\p{Me}|\u200b/u.test(c)) continue;
    const wide =
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      (code >= 0x1f300 && code <= 0x1faff) ||
      (code >= 0x20000 && code <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

function pad(text: string, width: number, align: Align): string {
  const gap = Math.max(0, width - displayWidth(text));
  if (align === "right") return " ".repeat(gap) + text;
  if (align === "center") return " ".repeat(Math.floor(gap / 2)) + text + " ".repeat(gap - Math.floor(gap / 2));
  return text + " ".repeat(gap);
}

/** A table as aligned monospace lines: cells padded to their column, a rule under the header. */
export function alignedTable(block: Extract<Block, { kind: "table" }>): string {
  const header = block.header.map((cell) => plainText(cell).replace(/\s*\n\s*/g, " "));
  const rows = block.rows.map((row) => row.map((cell) => plainText(cell).replace(/\s*\n\s*/g, " ")));
  const widths = header.map((cell, c) => Math.max(displayWidth(cell), ...rows.map((row) => displayWidth(row[c] ?? ""))));
  const line = (cells: string[]) => cells.map((cell, c) => pad(cell, widths[c]!, block.align[c] ?? null)).join(" │ ").trimEnd();
  return [line(header), widths.map((w) => "─".repeat(w)).join("─┼─"), ...rows.map(line)].join("\n");
}

/** The widest line of a table set as aligned text, in monospace columns. */
export function alignedTableWidth(block: Extract<Block, { kind: "table" }>): number {
  return Math.max(...alignedTable(block).split("\n").map(displayWidth));
}

/** The marker of a list item as text: "•" / "◦" for bullets by depth, the written number for ordered items. */
export function listMarker(item: ListItem): string {
  return item.ordered ? `${item.number ?? 1}.` : item.depth === 0 ? "•" : "◦";
}

// ---- splitting to fit a platform's limits ----

/** Options of encodeChunks beyond the character limit. */
export interface ChunkOptions {
  /** Between two encoded blocks of one chunk; a blank line by default. */
  separator?: string;
  /** Between a block and a tight one (written on the next line); a line break by default. */
  tightSeparator?: string;
  /** At most this much weight per chunk (e.g. Telegram rich messages count blocks, list items and table rows). */
  maxWeight?: number;
  weight?: (block: Block) => number;
  /** What counts against the limit (the encoded length by default). */
  measure?: (encoded: string) => number;
}

function sourceLines(block: Block): string[] {
  if (block.kind === "pre") return block.text.split("\n");
  if (block.kind === "paragraph" || block.kind === "heading") return sourceOfSpans(block.spans).split("\n");
  if (block.kind === "math") return [`$${block.tex.replace(/\s*\n\s*/g, " ")}$`];
  return [];
}

export function sourceOfSpans(spans: readonly Span[]): string {
  // Text that holds a marker character is marked literal again, line by line (pieces are cut at lines), so re-parsing a piece keeps its spans.
  const kept = (text: string) =>
    text
      .split("\n")
      .map((line) => (/[*`$]/.test(line) ? literal(line) : line))
      .join("\n");
  return encodeRuns(spans, (span) => (span.kind === "code" ? `\`${span.text}\`` : span.kind === "math" ? `$${span.tex}$` : kept(span.text)), (run) => `**${run}**`);
}

/**
 * Smaller blocks with the same content: a list by items, a table by rows (each piece keeps the header),
 * anything else by lines, and by characters for a single line that is still too long.
 */
function splitBlock(block: Block, fits: (block: Block) => boolean): Block[] {
  if (block.kind === "list" && block.items.length > 1) {
    return groupParts(block.items, (items) => ({ kind: "list", items }), fits, (item) => ({ kind: "paragraph", spans: item.spans }));
  }
  if (block.kind === "table" && block.rows.length > 1) {
    return groupParts(block.rows, (rows) => ({ ...block, rows }), fits, (row) => ({ kind: "paragraph", spans: row.flatMap((cell, c) => [{ kind: "text" as const, text: c === 0 ? "" : " | " }, ...cell]) }));
  }
  if (block.kind === "list" || block.kind === "table") {
    const spans = block.kind === "list" ? block.items[0]?.spans ?? [] : (block.rows[0] ?? block.header).flatMap((cell) => [...cell, { kind: "text" as const, text: " " }]);
    return splitBlock({ kind: "paragraph", spans }, fits);
  }
  const make = (text: string): Block => (block.kind === "pre" ? { kind: "pre", text, language: block.language } : { kind: "paragraph", spans: parseSpans(text) });
  const pieces: Block[] = [];
  let current = "";
  const push = (text: string) => {
    if (text !== "") pieces.push(make(text));
  };
  for (const line of sourceLines(block)) {
    const candidate = current === "" ? line : `${current}\n${line}`;
    if (fits(make(candidate))) {
      current = candidate;
      continue;
    }
    push(current);
    current = "";
    if (fits(make(line))) {
      current = line;
      continue;
    }
    // One line longer than the limit: cut it into pieces of code points that fit (escaping may grow them).
    let rest = [...line];
    while (rest.length > 0) {
      let take = rest.length;
      while (take > 1 && !fits(make(rest.slice(0, take).join("")))) take = Math.floor(take * 0.9);
      push(rest.slice(0, take).join(""));
      rest = rest.slice(take);
    }
  }
  push(current);
  return pieces;
}

/** Consecutive parts packed into blocks that fit; a part that fits on no block of its own is split as a paragraph. */
function groupParts<T>(parts: readonly T[], make: (parts: T[]) => Block, fits: (block: Block) => boolean, alone: (part: T) => Block): Block[] {
  const blocks: Block[] = [];
  let current: T[] = [];
  for (const part of parts) {
    if (fits(make([...current, part]))) {
      current.push(part);
      continue;
    }
    if (current.length > 0) blocks.push(make(current));
    current = [];
    if (fits(make([part]))) current = [part];
    else blocks.push(...splitBlock(alone(part), fits));
  }
  if (current.length > 0) blocks.push(make(current));
  return blocks;
}

/**
 * Encodes text for a platform in chunks of at most `limit` characters, cut at block boundaries
 * where possible, so a long reference answer never breaks a message or its formatting.
 */
export function encodeChunks(text: string, encode: BlockEncoder, limit: number, options: ChunkOptions = {}): string[] {
  return encodeBlocks(parseMarkup(text), encode, limit, options);
}

export function encodeBlocks(blocks: readonly Block[], encode: BlockEncoder, limit: number, options: ChunkOptions = {}): string[] {
  const separator = options.separator ?? "\n\n";
  const tightSeparator = options.tightSeparator ?? (options.separator ?? "\n");
  const measure = options.measure ?? ((encoded: string) => encoded.length);
  const maxWeight = options.maxWeight ?? Infinity;
  const weigh = options.weight ?? (() => 1);
  const fits = (block: Block) => measure(encode(block)) <= limit && weigh(block) <= maxWeight;
  const chunks: string[] = [];
  let current = "";
  let currentWeight = 0;
  for (const block of blocks) {
    const pieces = fits(block) ? [block] : splitBlock(block, fits).map((piece, i) => (i === 0 && block.tight ? { ...piece, tight: true } : piece));
    for (const piece of pieces) {
      const encoded = encode(piece);
      const weight = weigh(piece);
      const candidate = current === "" ? encoded : `${current}${piece.tight ? tightSeparator : separator}${encoded}`;
      if (measure(candidate) <= limit && currentWeight + weight <= maxWeight) {
        current = candidate;
        currentWeight += weight;
      } else {
        if (current !== "") chunks.push(current);
        current = encoded;
        currentWeight = weight;
      }
    }
  }
  if (current !== "") chunks.push(current);
  return chunks.length > 0 ? chunks : [""];
}
