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

export interface ChatSettings {
  timeZone: string;
  language: Language;
  /** Local "HH:MM" at which the daily question is posted. */
  dailyTime: string;
  dailyEnabled: boolean;
  revealDelayMinutes: number;
  /** How daily questions are asked: multiple choice where a question has an item, or self-graded recall. */
  dailyMode: AnswerMode;
}

/** An outgoing message: light Markdown (bold, code, lists) and optional choice buttons. */
export interface OutgoingMessage {
  text: string;
  choices?: Choice[];
  /** Only the addressee should see it (an ephemeral reply, a callback toast, a DM). */
  private?: boolean;
}

export interface Choice {
  /** Opaque action id that comes back in an incoming command when the choice is picked. */
  action: string;
  label: string;
}

/** Delivers messages to a chat: the console prints, Discord and Telegram call their APIs. */
export interface Messenger {
  send(chat: ChatRef, message: OutgoingMessage): Promise<void>;
}
