import type { QuizItem } from "./bank/schema.js";

/**
 * Platform limits the shared messages and the bank's quiz items must fit, so adapters can send
 * them unchanged. The one place these numbers live.
 */
export const TELEGRAM_LIMITS = {
  messageText: 4096,
  callbackDataBytes: 64,
  pollQuestion: 300,
  pollOption: 100,
  pollExplanation: 200,
  pollExplanationLineBreaks: 2,
} as const;

export const DISCORD_LIMITS = {
  embedDescription: 4096,
  buttonLabel: 80,
  customIdChars: 100,
} as const;

/** Whether a Telegram quiz poll can carry the item unchanged. */
export function fitsTelegramQuizPoll(item: QuizItem): boolean {
  return (
    item.stem.length <= TELEGRAM_LIMITS.pollQuestion &&
    item.options.every((option) => option.length <= TELEGRAM_LIMITS.pollOption) &&
    item.explanation.length <= TELEGRAM_LIMITS.pollExplanation &&
    lineBreaksIn(item.explanation) <= TELEGRAM_LIMITS.pollExplanationLineBreaks
  );
}

export function lineBreaksIn(text: string): number {
  return (text.match(/\n/gu) ?? []).length;
}
