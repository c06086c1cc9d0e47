/**
 * The light Markdown our messages and the bank's answers use (**bold**, `code`, ``` fenced blocks ```),
 * parsed once into blocks so each adapter can encode it for its platform (Telegram HTML, Discord
 * Markdown) with every other character escaped, and split it at paragraph boundaries to fit a limit.
 */

export type Span = { kind: "text" | "bold" | "code"; text: string };
export type Block = { kind: "paragraph"; spans: Span[] } | { kind: "pre"; text: string; language: string };

/** Encodes blocks for one platform; blocks are joined by a blank line. */
export type BlockEncoder = (block: Block) => string;

const INLINE = /\*\*([^*\n](?:[^\n]*?[^*\n])?)\*\*|`([^`\n]+)`/g;

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

/** The text with literal markers removed, for places that show light Markdown as it is (the console, a toast). */
export function plainText(text: string): string {
  return text.replace(MARKERS, "");
}

export function parseSpans(text: string): Span[] {
  const literals: string[] = [];
  const masked = text.replace(/[\uFDD2\uFDD3]/g, "").replace(LITERAL, (_, content: string) => `\uFDD2${literals.push(content) - 1}\uFDD3`).replace(/[\uFDD0\uFDD1]/g, "");
  const unmask = (part: string) => part.replace(PLACEHOLDER, (_, index: string) => literals[Number(index)] ?? "");
  const spans: Span[] = [];
  let last = 0;
  for (const match of masked.matchAll(INLINE)) {
    if (match.index > last) spans.push({ kind: "text", text: unmask(masked.slice(last, match.index)) });
    spans.push(match[1] !== undefined ? { kind: "bold", text: unmask(match[1]) } : { kind: "code", text: unmask(match[2]!) });
    last = match.index + match[0].length;
  }
  if (last < masked.length) spans.push({ kind: "text", text: unmask(masked.slice(last)) });
  return spans;
}

/** Splits text into paragraphs (at blank lines) and fenced code blocks. An unclosed fence runs to the end. */
export function parseMarkup(text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.some((line) => line.trim() !== "")) blocks.push({ kind: "paragraph", spans: parseSpans(paragraph.join("\n")) });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^\s*```\s*([\w+-]*)\s*$/.exec(line);
    if (fence) {
      flush();
      const code: string[] = [];
      for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]!); i++) code.push(lines[i]!);
      blocks.push({ kind: "pre", text: code.join("\n"), language: fence[1] ?? "" });
    } else if (line.trim() === "") {
      flush();
    } else {
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}

/** The source text of a block, for splitting an oversized one into smaller pieces. */
function sourceOf(block: Block): string {
  if (block.kind === "pre") return block.text;
  // Text (and bold text) is marked literal again, line by line (pieces are cut at lines), wherever it holds a marker character, so re-parsing a piece keeps its spans.
  const kept = (text: string) =>
    text
      .split("\n")
      .map((line) => (/[*`]/.test(line) ? literal(line) : line))
      .join("\n");
  return block.spans.map((span) => (span.kind === "bold" ? `**${kept(span.text)}**` : span.kind === "code" ? `\`${span.text}\`` : kept(span.text))).join("");
}

/** Smaller blocks with the same content: by lines first, by characters for a single line that is still too long. */
function splitBlock(block: Block, encode: BlockEncoder, limit: number): Block[] {
  const make = (text: string): Block => (block.kind === "pre" ? { kind: "pre", text, language: block.language } : { kind: "paragraph", spans: parseSpans(text) });
  const pieces: Block[] = [];
  let current = "";
  const push = (text: string) => {
    if (text !== "") pieces.push(make(text));
  };
  for (const line of sourceOf(block).split("\n")) {
    const candidate = current === "" ? line : `${current}\n${line}`;
    if (encode(make(candidate)).length <= limit) {
      current = candidate;
      continue;
    }
    push(current);
    current = "";
    if (encode(make(line)).length <= limit) {
      current = line;
      continue;
    }
    // One line longer than the limit: cut it into pieces of code points that fit (escaping may grow them).
    let rest = [...line];
    while (rest.length > 0) {
      let take = Math.min(rest.length, limit);
      while (take > 1 && encode(make(rest.slice(0, take).join(""))).length > limit) take = Math.floor(take * 0.9);
      push(rest.slice(0, take).join(""));
      rest = rest.slice(take);
    }
  }
  push(current);
  return pieces;
}

/**
 * Encodes text for a platform in chunks of at most `limit` characters, cut at paragraph boundaries
 * where possible, so a long reference answer never breaks a message or its formatting.
 */
export function encodeChunks(text: string, encode: BlockEncoder, limit: number): string[] {
  const chunks: string[] = [];
  let current = "";
  for (const block of parseMarkup(text)) {
    const encoded = encode(block);
    const pieces = encoded.length <= limit ? [encoded] : splitBlock(block, encode, limit).map(encode);
    for (const piece of pieces) {
      const candidate = current === "" ? piece : `${current}\n\n${piece}`;
      if (candidate.length <= limit) {
        current = candidate;
      } else {
        if (current !== "") chunks.push(current);
        current = piece;
      }
    }
  }
  if (current !== "") chunks.push(current);
  return chunks.length > 0 ? chunks : [""];
}
