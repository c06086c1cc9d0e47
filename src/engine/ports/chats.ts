import type { ChatRef, ChatSettings, PollRecord } from "../types.js";

/** Chats: their settings, pauses, platform renames and the native polls posted in them. */

export interface ChatRecord extends ChatSettings {
  id: number;
  ref: ChatRef;
  /** Set when posting to the chat failed for good; daily posting waits until an admin turns it back on. */
  paused: ChatPause | null;
  /** The streak rules with freezes and rest days apply to days after this local date; null: to every day. */
  streakRulesFrom: string | null;
}

export interface ChatPause {
  at: Date;
  reason: string;
}

export interface ChatStore {
  ensureChat(ref: ChatRef): Promise<ChatRecord>;
  updateChatSettings(chatId: number, patch: Partial<ChatSettings>): Promise<ChatRecord>;
  setChatPause(chatId: number, pause: ChatPause | null): Promise<void>;
  /**
   * The platform gave the chat a new id (a Telegram group became a supergroup): keep its history.
   * A record already made under the new id is dropped when it holds no daily questions; returns false when
   * the move could not be made because both ids have history.
   */
  moveChat(platform: ChatRef["platform"], fromExternalId: string, toExternalId: string): Promise<boolean>;
  savePoll(chatId: number, poll: Omit<PollRecord, "chat">): Promise<void>;
  findPoll(pollId: string): Promise<PollRecord | null>;
  findPollByMessage(chatId: number, messageId: string): Promise<PollRecord | null>;
}
