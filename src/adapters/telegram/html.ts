import { TELEGRAM_LIMITS } from "../../platform-limits.js";
import { encodeChunks, type Block, type BlockEncoder } from "../../presenter/markup.js";

/** Telegram's HTML parse mode needs only these three escaped; everything dynamic goes through it. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export const telegramHtml: BlockEncoder = (block: Block) => {
  if (block.kind === "pre") {
    const language = block.language ? ` class="language-${escapeHtml(block.language)}"` : "";
    return `<pre><code${language}>${escapeHtml(block.text)}</code></pre>`;
  }
  return block.spans
    .map((span) => {
      if (span.kind === "bold") return `<b>${escapeHtml(span.text)}</b>`;
      if (span.kind === "code") return `<code>${escapeHtml(span.text)}</code>`;
      return escapeHtml(span.text);
    })
    .join("");
};

/** A message's text as Telegram HTML, in as many messages as its 4,096-character limit needs. */
export function telegramChunks(text: string, limit: number = TELEGRAM_LIMITS.messageText): string[] {
  return encodeChunks(text, telegramHtml, limit);
}
