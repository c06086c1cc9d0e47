import { alignedTable, encodeBlocks, encodeRuns, listMarker, mathText, parseMarkup, plainText, type Block, type Span } from "../presenter/markup.js";

/**
 * Encodes the light Markdown for a terminal: bold and code as ANSI styles when the output is a terminal,
 * plain text when it is piped (no markers either way), lists marked, tables aligned, formulas as Unicode.
 */
const BOLD = ["\u001b[1m", "\u001b[22m"] as const;
const CODE = ["\u001b[36m", "\u001b[39m"] as const;
const DIM = ["\u001b[2m", "\u001b[22m"] as const;

type Style = readonly [string, string];

function styler(styled: boolean): (style: Style, text: string) => string {
  return styled ? (style, text) => (text === "" ? text : `${style[0]}${text}${style[1]}`) : (_style, text) => text;
}

function consoleSpans(spans: readonly Span[], style: (style: Style, text: string) => string): string {
  return encodeRuns(spans, (span) => (span.kind === "code" ? style(CODE, span.text) : span.kind === "math" ? mathText(span.tex) : span.text), (run) => style(BOLD, run));
}

export function consoleBlock(block: Block, styled: boolean): string {
  const style = styler(styled);
  switch (block.kind) {
    case "pre":
      return block.text
        .split("\n")
        .map((line) => `    ${style(CODE, line)}`)
        .join("\n");
    case "heading":
      return style(BOLD, plainText(block.spans));
    case "list":
      return block.items.map((item) => `${"  ".repeat(item.depth)}${listMarker(item)} ${consoleSpans(item.spans, style).replace(/\n/g, `\n${"  ".repeat(item.depth + 1)}`)}`).join("\n");
    case "table": {
      const [header = "", rule = "", ...rows] = alignedTable(block).split("\n");
      return [style(BOLD, header), style(DIM, rule), ...rows].join("\n");
    }
    case "math":
      return `    ${mathText(block.tex)}`;
    case "paragraph":
      return consoleSpans(block.spans, style);
  }
}

/** A message's text for the terminal. */
export function consoleText(text: string, styled: boolean): string {
  return encodeBlocks(parseMarkup(text), (block) => consoleBlock(block, styled), Infinity)[0]!;
}
