import type { ChatRef } from "../types.js";
import type { ChatPause, ChatRecord } from "./chats.js";
import type { DailyRecord } from "./daily.js";

/**
 * Scheduling and delivery of daily questions. Every write here is conditional, so several
 * scheduler processes can share one database: the one whose condition still holds wins.
 */

/** A chat whose daily question the scheduler looks after, with the instant its next one is due. */
export interface ScheduledChat {
  chat: ChatRecord;
  /** Null when it has to be computed again from the settings (new chat, or time, zone or on/off changed). */
  nextDailyAt: Date | null;
}

/** A daily question waiting to be posted (a first attempt or a retry), with its chat. */
export interface PendingDelivery {
  daily: DailyRecord;
  chat: ChatRecord;
  attempts: number;
}

/** A posted daily question whose reveal is due, with its chat. */
export interface DueReveal {
  daily: DailyRecord;
  chat: ChatRecord;
}

/** One page of a scheduler's listing: rows in chats on the platforms it can post to, with ids after `afterId`, at most `limit`. */
export interface ChatPage {
  platforms: readonly ChatRef["platform"][];
  afterId: number;
  limit: number;
}

export interface DeliveryStore {
  /** Chats with the daily question on and not paused whose next daily is due by `now` or not yet computed, by id. */
  scheduledChats(now: Date, page: ChatPage): Promise<ScheduledChat[]>;
  /** Sets the chat's next due instant, unless its schedule changed since `seen` was read; false then. */
  setNextDaily(seen: ScheduledChat, next: Date): Promise<boolean>;
  /** Daily questions whose next send attempt is due, not leased to a sender, in chats that take scheduled posts. */
  pendingDeliveries(now: Date, page: ChatPage): Promise<PendingDelivery[]>;
  /**
   * Leases an unsent daily question to this caller until `until`, when an attempt is due (or it was never
   * scheduled for delivery and was not given up); returns the attempt number, or null when it is not
   * due, already sent, or another sender holds it.
   */
  leaseDelivery(dailyId: number, now: Date, until: Date): Promise<number | null>;
  /** Records the sent message and when the reveal is due; ends the lease. */
  recordDelivered(dailyId: number, messageId: string, revealDueAt: Date): Promise<void>;
  /** Records a failed attempt and when to try again (null: given up); ends the lease. */
  recordDeliveryFailure(dailyId: number, error: string, retryAt: Date | null): Promise<void>;
  /** Posted, unrevealed daily questions whose reveal is due by `now`. */
  dueReveals(now: Date, page: ChatPage): Promise<DueReveal[]>;
  /** Marks a daily question revealed at `at`; false when it already was (another process got there first). */
  claimReveal(dailyId: number, at: Date): Promise<boolean>;
  /** Brings a pending reveal in the chat forward to `latest` when it is due later (the next post moved earlier). */
  revealNoLaterThan(chatId: number, latest: Date): Promise<void>;
  /** A chat that cannot be posted to (403, gone) stops taking posts until an admin turns it back on. */
  setChatPause(chatId: number, pause: ChatPause | null): Promise<void>;
}
