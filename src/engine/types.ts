import type { QuizItem } from "../bank/schema.js";

/**
 * Platform-neutral types that every adapter maps into (Satori-style): a chat, a member,
 * an incoming command and an outgoing message. No platform library type appears here.
 */

export const PLATFORMS = ["console", "discord", "telegram"] as const;
export type Platform = (typeof PLATFORMS)[number];

export const LANGUAGES = ["zh", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

/** A Discord channel, a Telegram group or private chat, or the console. */
export interface ChatRef {
  platform: Platform;
  externalId: string;
  title?: string;
  /** Where inside the chat a command came from: a Discord channel id, a Telegram forum topic id. */
  place?: string;
}

export interface MemberRef {
  platform: Platform;
  externalId: string;
  displayName: string;
  /** The member's platform locale (e.g. "en-US"), when the platform tells it. */
  locale?: string;
  /** Whether the platform says this member may change the chat's settings. */
  isAdmin?: boolean;
}

/** How a question is answered: a multiple-choice item, or self-graded recall of the reference answer. */
export const ANSWER_MODES = ["choice", "recall"] as const;
export type AnswerMode = (typeof ANSWER_MODES)[number];

/** How the daily question is posted: a message with answer buttons, or a platform-native quiz poll where the item fits one. */
export const DAILY_STYLES = ["buttons", "poll"] as const;
export type DailyStyle = (typeof DAILY_STYLES)[number];

export interface ChatSettings {
  timeZone: string;
  language: Language;
  /** Local "HH:MM" at which the daily question is posted. */
  dailyTime: string;
  dailyEnabled: boolean;
  revealDelayMinutes: number;
  /** How daily questions are asked: multiple choice where a question has an item, or self-graded recall. */
  dailyMode: AnswerMode;
  /** Where in the chat the daily question goes (see ChatRef.place); null posts to the chat itself. */
  dailyTarget: string | null;
  dailyStyle: DailyStyle;
  /** Topic slugs the daily question is drawn from; null draws from every topic. */
  dailyTopics: string[] | null;
  /** Streak freezes: members earn them and a missed day spends one (see src/engine/streak.ts). */
  streakFreezes: boolean;
  /** ISO weekdays (1 Monday … 7 Sunday) on which not answering does not break a streak. */
  restDays: number[];
  /** ISO weekday of the weekly recap; null: no recap. */
  recapDay: number | null;
}

/** An outgoing message: light Markdown (bold, code, lists) and optional choice buttons. */
export interface OutgoingMessage {
  text: string;
  choices?: Choice[];
  /** Meant for the member: an ephemeral reply where the platform has one, else a reply in the chat. */
  private?: boolean;
  /** Must not be seen by the rest of the chat (a daily answer before the reveal): a DM where there is no ephemeral reply. */
  secret?: boolean;
  /** The multiple-choice item this message asks, for platforms that can post it as a native quiz poll. */
  quiz?: QuizItem;
  /** A reference answer (structured text with tables and formulas): platforms with a richer document format use it (Telegram rich messages). */
  reference?: boolean;
  /**
   * A file sent with the message, `text` as its caption. A picture is a Telegram photo, an image in the Discord
   * embed, a PNG file on the console; a document (a data export) is a Telegram document, a Discord attachment,
   * a file on the console whose path is printed.
   */
  file?: FileAttachment;
  /**
   * The message asks the member to answer it in a reply (a practice question in a Telegram group: ForceReply,
   * selective); once sent, the adapter records its id with engine.practice.asked(promptId, id).
   */
  asksReply?: { promptId: number };
  /** The member may answer this message with free text (a report's explanation): Telegram asks with a force-reply prompt. */
  expectsReply?: boolean;
}

export interface FileAttachment {
  kind: "picture" | "document";
  /** The file's bytes (PNG for a picture). */
  bytes: Uint8Array;
  /** File name, e.g. "stats.png", "studybot-data.json". */
  name: string;
}

/** A native poll that was posted: answers arrive by poll id, so it remembers the chat, its message and each option's action. */
export interface PollRecord {
  pollId: string;
  chat: ChatRef;
  messageId: string;
  actions: string[];
}

export interface Choice {
  /** Opaque action id that comes back in an incoming command when the choice is picked. */
  action: string;
  label: string;
}

/** Where a message goes: a chat, and optionally a place in it (a Discord channel, a Telegram forum topic). */
export interface Destination {
  chat: ChatRef;
  place?: string | null;
}

/** Delivers messages to chats: the console prints, Discord and Telegram call their APIs. */
export interface Messenger {
  /** Sends a message (split when it exceeds the platform's limits); returns the first message's id. */
  send(to: Destination, message: OutgoingMessage): Promise<string>;
  /** Replaces a message sent earlier (text and buttons). */
  edit(to: Destination, messageId: string, message: OutgoingMessage): Promise<void>;
  /**
   * Opens a discussion thread named `name` on a message sent earlier (the daily post), where the platform
   * has threads; absent elsewhere. A failure throws a DeliveryError and leaves the message as it is.
   */
  openThread?(to: Destination, messageId: string, name: string): Promise<void>;
  /**
   * Sends a message to a member's private chat with the bot (a Discord DM opened for it); absent = the
   * member's id is the private chat's id (Telegram). Refused for good when the member blocked the bot.
   */
  sendDirect?(memberExternalId: string, message: OutgoingMessage): Promise<string>;
  /** Whether this process posts for the chat (a Discord shard posts only its own servers); absent = every chat. */
  owns?(chat: ChatRef): boolean;
}

/**
 * Why a delivery failed, in platform-neutral terms: the platform refused for good (no access, gone),
 * refused this request, or could not be reached. Adapters map their platform's errors into these.
 */
export type DeliveryFailure = "forbidden" | "not_found" | "rejected" | "rate_limited" | "network";

export class DeliveryError extends Error {
  constructor(
    readonly failure: DeliveryFailure,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "DeliveryError";
  }

  /** Forbidden or gone: retrying will not help until someone changes the chat. */
  get permanent(): boolean {
    return this.failure === "forbidden" || this.failure === "not_found";
  }
}
