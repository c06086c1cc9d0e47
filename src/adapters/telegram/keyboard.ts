import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import type { Choice } from "../../engine/types.js";

const BUTTONS_PER_ROW = 4;

/** Choices as an inline keyboard: up to four buttons a row (A–D fit one row; recall's four too). */
export function inlineKeyboard(choices: readonly Choice[] | undefined): InlineKeyboardMarkup | undefined {
  if (!choices || choices.length === 0) return undefined;
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < choices.length; i += BUTTONS_PER_ROW) {
    rows.push(choices.slice(i, i + BUTTONS_PER_ROW).map((choice) => ({ text: choice.label, callback_data: choice.action })));
  }
  return { inline_keyboard: rows };
}
