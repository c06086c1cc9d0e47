import { GrammyError, InputFile, type Api, type RawApi } from "grammy";
import type { EphemeralMessageParameters, Message } from "grammy/types";
import type { QuizItem } from "../../bank/schema.js";
import type { ChatRef, DailyStyle, Destination, Messenger, OutgoingMessage, PollRecord } from "../../engine/types.js";
import { fitsTelegramQuizPoll, TELEGRAM_LIMITS } from "../../platform-limits.js";
import { failureOf, toDeliveryError, isApiError } from "./errors.js";
import { telegramChunks, telegramRichChunks } from "./html.js";
import { inlineKeyboard } from "./keyboard.js";

export interface SendOptions {
  /** Forum topic (message_thread_id) to post into. */
  threadId?: number | undefined;
  /** Message this one answers; the reply is kept even if that message is gone. */
  replyTo?: number | undefined;
  /** Send it as an ephemeral message only this member of the group sees (Bot API 10.3). */
  ephemeral?: EphemeralMessageParameters | undefined;
}

const TRUNCATION_MARK = "\n…";

type SentMessage = Message.TextMessage | Message.RichMessageMessage | Message.PhotoMessage | Message.DocumentMessage;

/**
 * Whether a refusal of sendRichMessage means this Bot API server does not have the method: 404 (an older
 * self-hosted telegram-bot-api answers unknown methods "Not Found") or a 400 naming the method. Any other
 * 400 is about this message's content: it falls back for that message only.
 */
export function isMethodRefusal(error: GrammyError): boolean {
  return error.error_code === 404 || (error.error_code === 400 && /method|not (?:supported|implemented)|unknown/i.test(error.description));
}

/**
 * The encoder half of the Telegram adapter: neutral messages become sendMessage / editMessageText
 * calls in HTML parse mode, split at paragraph boundaries, with the buttons under the last part.
 */
/** What the messenger needs to know about native polls: a chat's chosen style, and which polls it posted. */
export interface PollMemory {
  styleOf(chat: ChatRef): Promise<DailyStyle>;
  remember(chat: ChatRef, poll: Omit<PollRecord, "chat">): Promise<void>;
  ofMessage(chat: ChatRef, messageId: string): Promise<PollRecord | null>;
}

export class TelegramMessenger implements Messenger {
  /** Set once the Bot API server refused sendRichMessage: the process (one messenger each) sends HTML from then on. */
  private richRefused = false;

  constructor(
    private readonly api: Api<RawApi>,
    private readonly polls?: PollMemory,
  ) {}

  async send(to: Destination, message: OutgoingMessage): Promise<string> {
    const quiz = message.quiz;
    if (quiz && this.polls && fitsTelegramQuizPoll(quiz) && (await this.polls.styleOf(to.chat)) === "poll") return this.sendPoll(to, quiz, message);
    const sent = await this.deliver(telegramChatId(to.chat.externalId), message, { threadId: threadOf(to.place) });
    return String(sent[0]!.message_id);
  }

  /**
   * A non-anonymous quiz poll. It stays open with no open_period (older Bot APIs capped that at 600 s) until the
   * reveal closes it with stopPoll; each option maps to the same action its button would carry.
   */
  private async sendPoll(to: Destination, quiz: QuizItem, message: OutgoingMessage): Promise<string> {
    const threadId = threadOf(to.place);
    try {
      const sent = await this.api.sendPoll(
        telegramChatId(to.chat.externalId),
        quiz.stem,
        quiz.options.map((text) => ({ text })),
        { type: "quiz", is_anonymous: false, correct_option_ids: [quiz.correct], explanation: quiz.explanation, ...(threadId !== undefined ? { message_thread_id: threadId } : {}) },
      );
      const messageId = String(sent.message_id);
      await this.polls!.remember(to.chat, { pollId: sent.poll.id, messageId, actions: (message.choices ?? []).map((choice) => choice.action) });
      return messageId;
    } catch (error) {
      throw toDeliveryError(error) ?? error;
    }
  }

  async edit(to: Destination, messageId: string, message: OutgoingMessage): Promise<void> {
    if (this.polls && (await this.polls.ofMessage(to.chat, messageId))) return this.closePoll(to, messageId, message);
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

  /** A poll cannot be edited into text: close it and post the new text (the reveal) under it, without buttons. */
  private async closePoll(to: Destination, messageId: string, message: OutgoingMessage): Promise<void> {
    const chatId = telegramChatId(to.chat.externalId);
    try {
      await this.api.stopPoll(chatId, Number(messageId));
    } catch (error) {
      if (!isApiError(error, /poll has already been closed/i)) throw toDeliveryError(error) ?? error;
    }
    await this.deliver(chatId, { text: message.text, ...(message.reference ? { reference: true } : {}) }, { threadId: threadOf(to.place), replyTo: Number(messageId) });
  }

  /**
   * A message with a file: sendPhoto (a picture) or sendDocument, with the text as its caption (HTML), the buttons
   * under it. A text too long for a caption goes as its own message(s) right after a file without one.
   */
  private async deliverFile(chatId: string | number, message: OutgoingMessage & { file: NonNullable<OutgoingMessage["file"]> }, options: SendOptions): Promise<SentMessage[]> {
    const captions = telegramChunks(message.text, TELEGRAM_LIMITS.caption);
    const fits = captions.length === 1;
    const keyboard = inlineKeyboard(message.choices);
    const upload = new InputFile(Buffer.from(message.file.bytes), message.file.name);
    const extra = {
      ...(fits ? { caption: captions[0], parse_mode: "HTML" as const } : {}),
      ...(options.threadId !== undefined ? { message_thread_id: options.threadId } : {}),
      ...(options.replyTo !== undefined ? { reply_parameters: { message_id: options.replyTo, allow_sending_without_reply: true } } : {}),
      ...(fits && keyboard ? { reply_markup: keyboard } : {}),
    };
    let sentFile: SentMessage;
    try {
      sentFile = message.file.kind === "picture" ? await this.api.sendPhoto(chatId, upload, extra) : await this.api.sendDocument(chatId, upload, extra);
    } catch (error) {
      throw toDeliveryError(error) ?? error;
    }
    if (fits) return [sentFile];
    const { file: _file, ...text } = message;
    return [sentFile, ...(await this.deliver(chatId, text, { threadId: options.threadId }))];
  }

  /** Whether reference answers still go out as rich messages (false once the server refused the method). */
  get sendsRichMessages(): boolean {
    return !this.richRefused;
  }

  /**
   * Sends one neutral message to a chat; returns every Telegram message it took. A reference answer goes out as
   * rich messages (native tables, lists and formulas); where the server refuses the method it falls back to HTML.
   */
  async deliver(chatId: string | number, message: OutgoingMessage, options: SendOptions = {}): Promise<SentMessage[]> {
    if (message.file) return this.deliverFile(chatId, { ...message, file: message.file }, options);
    // An ephemeral message is sent as HTML: the ephemeral parameter belongs to sendMessage, and a rich message would reach the whole group.
    if (message.reference && !this.richRefused && !options.ephemeral) {
      const rich = await this.deliverRich(chatId, message, options);
      if (rich) return rich;
    }
    return this.deliverHtml(chatId, message, options);
  }

  /** The rich-message attempt: undefined when the server refused it before anything was sent (send HTML instead). */
  private async deliverRich(chatId: string | number, message: OutgoingMessage, options: SendOptions): Promise<SentMessage[] | undefined> {
    const chunks = telegramRichChunks(message.text);
    const keyboard = inlineKeyboard(message.choices);
    const sent: SentMessage[] = [];
    for (const [i, html] of chunks.entries()) {
      const last = i === chunks.length - 1;
      try {
        sent.push(
          await this.api.sendRichMessage(chatId, { html, skip_entity_detection: true }, {
            ...(options.threadId !== undefined ? { message_thread_id: options.threadId } : {}),
            ...(options.replyTo !== undefined && i === 0 ? { reply_parameters: { message_id: options.replyTo, allow_sending_without_reply: true } } : {}),
            ...(last && keyboard ? { reply_markup: keyboard } : {}),
          }),
        );
      } catch (error) {
        // A refusal of the method itself (or of this content) is answered with HTML; the chat's own refusals are not.
        if (!(error instanceof GrammyError) || sent.length > 0 || !(error.error_code === 404 || (error.error_code === 400 && failureOf(error) === "rejected"))) throw toDeliveryError(error) ?? error;
        if (isMethodRefusal(error)) this.richRefused = true;
        return undefined;
      }
    }
    return sent;
  }

  private async deliverHtml(chatId: string | number, message: OutgoingMessage, options: SendOptions): Promise<SentMessage[]> {
    const chunks = telegramChunks(message.text);
    // A question answered by a reply opens the member's reply box (selective: only the member replied to).
    const keyboard = inlineKeyboard(message.choices) ?? (message.asksReply ? { force_reply: true as const, selective: true } : undefined);
    const sent: SentMessage[] = [];
    try {
      for (const [i, chunk] of chunks.entries()) {
        const last = i === chunks.length - 1;
        sent.push(
          await this.api.sendMessage(chatId, chunk, {
            parse_mode: "HTML",
            link_preview_options: { is_disabled: true },
            ...(options.threadId !== undefined ? { message_thread_id: options.threadId } : {}),
            ...(options.ephemeral ? { ephemeral_message_parameters: options.ephemeral } : {}),
            // A reply to a group message is not allowed for an ephemeral one (only to another ephemeral message).
            ...(options.replyTo !== undefined && i === 0 && !options.ephemeral ? { reply_parameters: { message_id: options.replyTo, allow_sending_without_reply: true } } : {}),
            ...(last && keyboard ? { reply_markup: keyboard } : last && message.expectsReply && !options.ephemeral ? { reply_markup: { force_reply: true as const } } : {}),
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
