import pg from "pg";
import type { DailyRecord, NewDaily, ScheduledChat } from "../engine/ports.js";
import { claimValues, DAILY_SQL, dailyOf, nextDailyValues, type DailySql } from "./daily-sql.js";
import { numbered } from "./hot-path.js";
import { pgTimestamp, utcTimestamps as types } from "./pg-types.js";


const date = (value: unknown) => value as Date;

/** DAILY_SQL numbered, with the casts PostgreSQL cannot infer from a null-safe comparison. */
const NUMBERED = {
  ...(Object.fromEntries(Object.entries(DAILY_SQL).map(([name, sql]) => [name, numbered(sql)])) as Record<keyof typeof DAILY_SQL, string>),
  setNextDaily: numbered(DAILY_SQL.setNextDaily).replace(`IS NOT DISTINCT FROM $3`, `IS NOT DISTINCT FROM $3::timestamp`),
};

function query(name: keyof typeof DAILY_SQL, values: unknown[]): pg.QueryConfig {
  return { name: `studybot_daily_${name}`, text: NUMBERED[name], values, types };
}

/**
 * DAILY_SQL through the pool Prisma uses, as named (server-side prepared) statements: each write one
 * statement and one round trip. A claim inserts or does nothing on the (chat, local date) key (a claim
 * racing it waits for the other's commit), then reads the row the other claim made.
 */
export class PostgresDailySql implements DailySql {
  constructor(private readonly pool: pg.Pool) {}

  async findDaily(chatId: number, localDate: string): Promise<DailyRecord | null> {
    const row = (await this.pool.query(query("findDaily", [chatId, localDate]))).rows[0] as Record<string, unknown> | undefined;
    return row ? dailyOf(row, date) : null;
  }

  async postedQuestionIds(chatId: number): Promise<string[]> {
    return ((await this.pool.query(query("postedQuestionIds", [chatId]))).rows as { questionId: string }[]).map((row) => row.questionId);
  }

  async claimDaily(daily: NewDaily): Promise<{ daily: DailyRecord; created: boolean }> {
    const made = (await this.pool.query(query("claimDaily", claimValues(daily, pgTimestamp)))).rows[0] as Record<string, unknown> | undefined;
    if (made) return { daily: dailyOf(made, date), created: true };
    const existing = await this.findDaily(daily.chatId, daily.localDate);
    if (!existing) throw new Error(`daily question of chat ${daily.chatId} on ${daily.localDate} neither claimed nor found`);
    return { daily: existing, created: false };
  }

  async setNextDaily(seen: ScheduledChat, next: Date): Promise<boolean> {
    return (await this.pool.query(query("setNextDaily", nextDailyValues(seen, next, pgTimestamp, true)))).rowCount === 1;
  }

  async leaseDelivery(dailyId: number, now: Date, until: Date): Promise<number | null> {
    const at = pgTimestamp(now);
    const row = (await this.pool.query(query("leaseDelivery", [pgTimestamp(until), dailyId, at, at]))).rows[0] as { sendAttempts: number } | undefined;
    return row?.sendAttempts ?? null;
  }

  async recordDelivered(dailyId: number, messageId: string, revealDueAt: Date): Promise<void> {
    await this.pool.query(query("recordDelivered", [messageId, pgTimestamp(revealDueAt), dailyId]));
  }

  async recordDeliveryFailure(dailyId: number, error: string, retryAt: Date | null): Promise<void> {
    await this.pool.query(query("recordDeliveryFailure", [error, retryAt && pgTimestamp(retryAt), dailyId]));
  }

  async revealNoLaterThan(chatId: number, latest: Date): Promise<void> {
    const at = pgTimestamp(latest);
    await this.pool.query(query("revealNoLaterThan", [at, chatId, at]));
  }
}
