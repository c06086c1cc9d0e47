import { TELEGRAM_LIMITS } from "../../platform-limits.js";
import { alignedTable, encodeBlocks, encodeChunks, encodeRuns, listMarker, mathText, parseMarkup, type Block, type BlockEncoder, type Span } from "../../presenter/markup.js";

/** Telegram's HTML parse mode needs only these three escaped; everything dynamic goes through it. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function htmlSpans(spans: readonly Span[], math: (tex: string) => string): string {
  return encodeRuns(
    spans,
    (span) => (span.kind === "math" ? math(span.tex) : span.kind === "code" ? `<code>${escapeHtml(span.text)}</code>` : escapeHtml(span.text)),
    (run) => `<b>${run}</b>`,
  );
}

const unicodeMath = (tex: string) => escapeHtml(mathText(tex));

/**
 * Telegram HTML (sendMessage's parse mode, which has no tables, lists, headings or formulas): headings bold,
 * lists as marked lines, tables as aligned monospace blocks, formulas as Unicode text.
 */
export const telegramHtml: BlockEncoder = (block: Block) => {
  switch (block.kind) {
    case "pre": {
      const language = block.language ? ` class="language-${escapeHtml(block.language)}"` : "";
      return `<pre><code${language}>${escapeHtml(block.text)}</code></pre>`;
    }
    case "heading":
      return `<b>${htmlSpans(block.spans, unicodeMath).replace(/<\/?b>/g, "")}</b>`;
    case "list":
      return block.items.map((item) => `${"  ".repeat(item.depth)}${listMarker(item)} ${htmlSpans(item.spans, unicodeMath)}`).join("\n");
    case "table":
      return `<pre>${escapeHtml(alignedTable(block))}</pre>`;
    case "math":
      return `<i>${unicodeMath(block.tex)}</i>`;
    case "paragraph":
      return htmlSpans(block.spans, unicodeMath);
  }
};

/** A message's text as Telegram HTML, in as many messages as its 4,096-character limit needs. */
export function telegramChunks(text: string, limit: number = TELEGRAM_LIMITS.messageText): string[] {
  // Measured as HTML, which is never shorter than the text Telegram counts.
  return encodeChunks(text, telegramHtml, limit);
}

// ---- rich messages (Bot API 10.3 sendRichMessage, rich HTML style) ----

const richMath = (tex: string) => `<tg-math>${escapeHtml(tex)}</tg-math>`;

function richCell(tag: "th" | "td", spans: readonly Span[], align: string | null): string {
  return `<${tag}${align ? ` align="${align}"` : ""}>${htmlSpans(spans, richMath).replace(/\n/g, " ")}</${tag}>`;
}

function richList(items: Extract<Block, { kind: "list" }>["items"]): string {
  // Nested lists go inside the item above them; a deeper item with no parent opens its own list.
  let html = "";
  const open: ("ul" | "ol")[] = [];
  let depth = -1;
  for (const item of items) {
    const tag = item.ordered ? "ol" : "ul";
    while (depth > item.depth) {
      html += `</li></${open.pop()}>`;
      depth--;
    }
    if (depth === item.depth) html += "</li>";
    while (depth < item.depth) {
      const start = item.ordered && item.number !== undefined && item.number !== 1 ? ` start="${item.number}"` : "";
      html += `<${tag}${start}>`;
      open.push(tag);
      depth++;
      if (depth < item.depth) html += "<li>";
    }
    html += `<li>${htmlSpans(item.spans, richMath).replace(/\n/g, "<br/>")}`;
  }
  while (open.length > 0) html += `</li></${open.pop()}>`;
  return html;
}

/** Rich HTML for one block: native headings, lists, tables and formulas (the server renders the TeX). */
export const telegramRichHtml: BlockEncoder = (block: Block) => {
  switch (block.kind) {
    case "pre": {
      const language = block.language ? ` class="language-${escapeHtml(block.language)}"` : "";
      return `<pre><code${language}>${escapeHtml(block.text)}</code></pre>`;
    }
    case "heading": {
      const level = Math.min(6, Math.max(1, block.level));
      return `<h${level}>${htmlSpans(block.spans, richMath)}</h${level}>`;
    }
    case "list":
      return richList(block.items);
    case "table":
      // Past the column limit a table cannot be a rich table: an aligned monospace block instead.
      if (block.header.length > TELEGRAM_LIMITS.richTableColumns) return `<pre>${escapeHtml(alignedTable(block))}</pre>`;
      return `<table bordered>${[`<tr>${block.header.map((cell, c) => richCell("th", cell, block.align[c] ?? null)).join("")}</tr>`, ...block.rows.map((row) => `<tr>${row.map((cell, c) => richCell("td", cell, block.align[c] ?? null)).join("")}</tr>`)].join("")}</table>`;
    case "math":
      return `<tg-math-block>${escapeHtml(block.tex)}</tg-math-block>`;
    case "paragraph":
      return `<p>${htmlSpans(block.spans, richMath).replace(/\n/g, "<br/>")}</p>`;
  }
};

/** Blocks a rich block counts as: itself, plus every list item and table row (nested ones included). */
export function richBlockCount(block: Block): number {
  // Each item deeper than the one before opens a nested list of its own.
  if (block.kind === "list") return 1 + block.items.length + block.items.filter((item, i) => i > 0 && item.depth > block.items[i - 1]!.depth).length;
  if (block.kind === "table") return 1 + 1 + block.rows.length;
  return 1;
}

/** A message's text as rich HTML, in as many rich messages as the 32,768-character and 500-block limits need. */
export function telegramRichChunks(text: string): string[] {
  return encodeBlocks(parseMarkup(text), telegramRichHtml, TELEGRAM_LIMITS.richMessageText, {
    separator: "",
    maxWeight: TELEGRAM_LIMITS.richMessageBlocks,
    weight: richBlockCount,
  });
}
