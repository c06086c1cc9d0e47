import type { QuizItem } from "./bank/schema.js";

/**
 * Platform limits the shared messages and the bank's quiz items must fit, so adapters can send
 * them unchanged. The one place these numbers live.
 */
export const TELEGRAM_LIMITS = {
  messageText: 4096,
  /** A photo's caption (after entity parsing). */
  caption: 1024,
  /** Rich messages (sendRichMessage): characters of text (formula sources included), blocks (list items and table rows count), table columns. */
  richMessageText: 32768,
  richMessageBlocks: 500,
  richTableColumns: 20,
  callbackDataBytes: 64,
  pollQuestion: 300,
  pollOption: 100,
  pollExplanation: 200,
  pollExplanationLineBreaks: 2,
  /** Broadcast limit: messages per second over all chats. */
  messagesPerSecond: 30,
} as const;

export const DISCORD_LIMITS = {
  messageContent: 2000,
  embedDescription: 4096,
  /** All text of all embeds of one message together. */
  embedTotal: 6000,
  embedsPerMessage: 10,
  embedFields: 25,
  buttonLabel: 80,
  customIdChars: 100,
  buttonsPerRow: 5,
  rowsPerMessage: 5,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  commandDescription: 100,
  threadName: 100,
  /** A modal's title (characters). */
  modalTitle: 45,
  /** Seconds to acknowledge an interaction; follow-ups work for 15 minutes after. */
  interactionAckSeconds: 3,
  /** Global rate limit: bot-token requests per second (interaction callbacks and follow-ups are exempt). */
  requestsPerSecond: 50,
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
