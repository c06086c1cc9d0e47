import type { DailyRecord, NewDaily, ScheduledChat } from "../engine/ports.js";
import type { AnswerMode } from "../engine/types.js";

/**
 * The statements a daily post runs (claiming the chat's daily question, moving its schedule on, leasing
 * the send and recording it) as plain SQL on the database driver, like the answer hot path (hot-path.ts):
 * through Prisma they were about seven queries a post (and two a chat whose schedule is computed), whose query-compiler churn cost the CPU that made a
 * 10,000-chat fan-out late and let the heap grow. One spelling of each of these writes per database:
 * SqliteDailySql (better-sqlite3, in the answer path's group commit) and PostgresDailySql (pg, named
 * statements, each write one statement). Every write stays conditional, so processes sharing a database
 * still send each daily exactly once.
 */
export interface DailySql {
  findDaily(chatId: number, localDate: string): Promise<DailyRecord | null>;
  /** The question ids posted in the chat, oldest first. */
  postedQuestionIds(chatId: number): Promise<string[]>;
  /**
   * DailyStore.claimDaily: the new row, or the one claimed before (created false). With `daily.leaseUntil`
   * a new row is born leased to the caller for its first attempt (no separate lease statement).
   */
  claimDaily(daily: NewDaily): Promise<{ daily: DailyRecord; created: boolean }>;
  setNextDaily(seen: ScheduledChat, next: Date): Promise<boolean>;
  leaseDelivery(dailyId: number, now: Date, until: Date): Promise<number | null>;
  recordDelivered(dailyId: number, messageId: string, revealDueAt: Date): Promise<void>;
  recordDeliveryFailure(dailyId: number, error: string, retryAt: Date | null): Promise<void>;
  revealNoLaterThan(chatId: number, latest: Date): Promise<void>;
}

/** The statements, with `?` placeholders (PostgreSQL numbers them: hot-path.ts numbered()). */
export const DAILY_SQL = {
  findDaily: `SELECT * FROM "DailyQuestion" WHERE "chatId" = ? AND "localDate" = ?`,
  postedQuestionIds: `SELECT "questionId" FROM "DailyQuestion" WHERE "chatId" = ? ORDER BY "localDate" ASC`,
  /** A claim is the (chat, local date) unique key: of two claims one inserts, the other finds its row. */
  claimDaily: `INSERT INTO "DailyQuestion" ("chatId", "localDate", "questionId", "mode", "postedAt", "nextAttemptAt", "sendLeaseUntil", "sendAttempts") VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT ("chatId", "localDate") DO NOTHING RETURNING *`,
  /** Compare-and-set on what the next instant was computed from (null-safe on the old instant): a concurrent settings change wins. */
  setNextDaily: `UPDATE "Chat" SET "nextDailyAt" = ? WHERE "id" = ? AND "nextDailyAt" IS NOT DISTINCT FROM ? AND "timeZone" = ? AND "dailyTime" = ? AND "dailyEnabled" = ?`,
  /** Due for an attempt, or never meant for delivery yet (claimed by /daily while the chat took no scheduled posts), and not leased. */
  leaseDelivery: `UPDATE "DailyQuestion" SET "sendLeaseUntil" = ?, "sendAttempts" = "sendAttempts" + 1
     WHERE "id" = ? AND "messageId" IS NULL AND ("nextAttemptAt" <= ? OR ("nextAttemptAt" IS NULL AND "sendAttempts" = 0)) AND ("sendLeaseUntil" IS NULL OR "sendLeaseUntil" <= ?)
     RETURNING "sendAttempts"`,
  recordDelivered: `UPDATE "DailyQuestion" SET "messageId" = ?, "revealDueAt" = ?, "nextAttemptAt" = NULL, "sendLeaseUntil" = NULL, "lastError" = NULL WHERE "id" = ?`,
  recordDeliveryFailure: `UPDATE "DailyQuestion" SET "lastError" = ?, "nextAttemptAt" = ?, "sendLeaseUntil" = NULL WHERE "id" = ?`,
  /** Run for every chat whose schedule is computed again (each new chat's first tick). */
  revealNoLaterThan: `UPDATE "DailyQuestion" SET "revealDueAt" = ? WHERE "chatId" = ? AND "revealedAt" IS NULL AND "revealDueAt" > ?`,
} as const;

/** claimDaily's values in its column order, dates through the database's `timestamp` spelling. */
export function claimValues(daily: NewDaily, timestamp: (date: Date) => string): unknown[] {
  const leased = daily.leaseUntil !== undefined;
  return [
    daily.chatId, daily.localDate, daily.questionId, daily.mode, timestamp(daily.postedAt),
    daily.deliverAt && timestamp(daily.deliverAt), leased ? timestamp(daily.leaseUntil!) : null, leased ? 1 : 0,
  ];
}

/** setNextDaily's values; `yes` is the database's spelling of true. */
export function nextDailyValues(seen: ScheduledChat, next: Date, timestamp: (date: Date) => string, yes: unknown): unknown[] {
  return [timestamp(next), seen.chat.id, seen.nextDailyAt && timestamp(seen.nextDailyAt), seen.chat.timeZone, seen.chat.dailyTime, yes];
}

/** A DailyQuestion row as the driver returns it, as the daily record Prisma's row mapping (toDaily) gives. */
export function dailyOf(row: Record<string, unknown>, date: (value: unknown) => Date): DailyRecord {
  return {
    id: Number(row.id),
    chatId: Number(row.chatId),
    localDate: row.localDate as string,
    questionId: row.questionId as string,
    mode: row.mode as AnswerMode,
    postedAt: date(row.postedAt),
    messageId: (row.messageId as string | null) ?? null,
    revealedAt: row.revealedAt === null || row.revealedAt === undefined ? null : date(row.revealedAt),
    answerCount: Number(row.answerCount),
  };
}
