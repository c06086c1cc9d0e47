import type { Api, RawApi } from "grammy";
import type { Message } from "grammy/types";
import type { Destination, Messenger, OutgoingMessage } from "../../engine/types.js";
import { TELEGRAM_LIMITS } from "../../platform-limits.js";
import { toDeliveryError, isApiError } from "./errors.js";
import { telegramChunks } from "./html.js";
import { inlineKeyboard } from "./keyboard.js";

export interface SendOptions {
  /** Forum topic (message_thread_id) to post into. */
  threadId?: number | undefined;
  /** Message this one answers; the reply is kept even if that message is gone. */
  replyTo?: number | undefined;
}

const TRUNCATION_MARK = "\n…";

/**
 * The encoder half of the Telegram adapter: neutral messages become sendMessage / editMessageText
 * calls in HTML parse mode, split at paragraph boundaries, with the buttons under the last part.
 */
export class TelegramMessenger implements Messenger {
  constructor(private readonly api: Api<RawApi>) {}

  async send(to: Destination, message: OutgoingMessage): Promise<string> {
    const sent = await this.deliver(telegramChatId(to.chat.externalId), message, { threadId: threadOf(to.place) });
    return String(sent[0]!.message_id);
  }

  async edit(to: Destination, messageId: string, message: OutgoingMessage): Promise<void> {
    // An edit cannot become several messages: text past one message is cut (the full text is always sent on its own).
    const [first = "", ...rest] = telegramChunks(message.text, TELEGRAM_LIMITS.messageText - TRUNCATION_MARK.length);
    const text = rest.length === 0 ? first : first + TRUNCATION_MARK;
    const keyboard = inlineKeyboard(message.choices);
    try {
      await this.api.editMessageText(telegramChatId(to.chat.externalId), Number(messageId), text, { parse_mode: "HTML", ...(keyboard ? { reply_markup: keyboard } : {}) });
    } catch (error) {
      // Editing to the same content is not a failure (two refreshes raced).
      if (isApiError(error, /message is not modified/i)) return;
      throw toDeliveryError(error) ?? error;
    }
  }

  /** Sends one neutral message to a chat; returns every Telegram message it took. */
  async deliver(chatId: string | number, message: OutgoingMessage, options: SendOptions = {}): Promise<Message.TextMessage[]> {
    const chunks = telegramChunks(message.text);
    const keyboard = inlineKeyboard(message.choices);
    const sent: Message.TextMessage[] = [];
    try {
      for (const [i, chunk] of chunks.entries()) {
        const last = i === chunks.length - 1;
        sent.push(
          await this.api.sendMessage(chatId, chunk, {
            parse_mode: "HTML",
            link_preview_options: { is_disabled: true },
            ...(options.threadId !== undefined ? { message_thread_id: options.threadId } : {}),
            ...(options.replyTo !== undefined && i === 0 ? { reply_parameters: { message_id: options.replyTo, allow_sending_without_reply: true } } : {}),
            ...(last && keyboard ? { reply_markup: keyboard } : {}),
          }),
        );
      }
    } catch (error) {
      throw toDeliveryError(error) ?? error;
    }
    return sent;
  }
}

/** Telegram chat ids are numbers; the neutral reference keeps them as text. */
export function telegramChatId(externalId: string): number | string {
  return /^-?\d+$/.test(externalId) ? Number(externalId) : externalId;
}

function threadOf(place: string | null | undefined): number | undefined {
  return place && /^\d+$/.test(place) ? Number(place) : undefined;
}
