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

export function parseSpans(text: string): Span[] {
  const spans: Span[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > last) spans.push({ kind: "text", text: text.slice(last, match.index) });
    spans.push(match[1] !== undefined ? { kind: "bold", text: match[1] } : { kind: "code", text: match[2]! });
    last = match.index + match[0].length;
  }
  if (last < text.length) spans.push({ kind: "text", text: text.slice(last) });
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
  return block.spans.map((span) => (span.kind === "bold" ? `**${span.text}**` : span.kind === "code" ? `\`${span.text}\`` : span.text)).join("");
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
