import type BetterSqlite3 from "better-sqlite3";
import type { DailyRecord, NewDaily, ScheduledChat } from "../engine/ports.js";
import { claimValues, DAILY_SQL, dailyOf, nextDailyValues, type DailySql } from "./daily-sql.js";
import { sqliteTimestamp, type SqliteHotPath } from "./sqlite-hot-path.js";

const date = (value: unknown) => new Date(value as string);

/**
 * DAILY_SQL on better-sqlite3 prepared statements, on Prisma's connection. Reads run at once; writes join
 * the answer path's group commit (SqliteHotPath.grouped), so the posts of a fan-out that finish together
 * commit together. SQLite has one writer: a claim's insert and the read of the row another claim made
 * run in one synchronous step, and every conditional write is atomic.
 */
export class SqliteDailySql implements DailySql {
  private readonly statements: ReturnType<typeof prepare>;

  constructor(db: BetterSqlite3.Database, private readonly group: SqliteHotPath) {
    this.statements = prepare(db);
  }

  async findDaily(chatId: number, localDate: string): Promise<DailyRecord | null> {
    const row = this.statements.findDaily.get(chatId, localDate) as Record<string, unknown> | undefined;
    return row ? dailyOf(row, date) : null;
  }

  async postedQuestionIds(chatId: number): Promise<string[]> {
    return this.statements.postedQuestionIds.pluck().all(chatId) as string[];
  }

  claimDaily(daily: NewDaily): Promise<{ daily: DailyRecord; created: boolean }> {
    const s = this.statements;
    return this.group.grouped(() => {
      const made = s.claimDaily.get(...claimValues(daily, sqliteTimestamp)) as Record<string, unknown> | undefined;
      if (made) return { daily: dailyOf(made, date), created: true };
      const existing = s.findDaily.get(daily.chatId, daily.localDate) as Record<string, unknown>;
      return { daily: dailyOf(existing, date), created: false };
    });
  }

  setNextDaily(seen: ScheduledChat, next: Date): Promise<boolean> {
    return this.group.grouped(() => this.statements.setNextDaily.run(...nextDailyValues(seen, next, sqliteTimestamp, 1)).changes === 1);
  }

  leaseDelivery(dailyId: number, now: Date, until: Date): Promise<number | null> {
    const at = sqliteTimestamp(now);
    return this.group.grouped(() => (this.statements.leaseDelivery.pluck().get(sqliteTimestamp(until), dailyId, at, at) as number | undefined) ?? null);
  }

  async recordDelivered(dailyId: number, messageId: string, revealDueAt: Date): Promise<void> {
    await this.group.grouped(() => this.statements.recordDelivered.run(messageId, sqliteTimestamp(revealDueAt), dailyId));
  }

  async recordDeliveryFailure(dailyId: number, error: string, retryAt: Date | null): Promise<void> {
    await this.group.grouped(() => this.statements.recordDeliveryFailure.run(error, retryAt && sqliteTimestamp(retryAt), dailyId));
  }

  async revealNoLaterThan(chatId: number, latest: Date): Promise<void> {
    const at = sqliteTimestamp(latest);
    await this.group.grouped(() => this.statements.revealNoLaterThan.run(at, chatId, at));
  }
}

function prepare(db: BetterSqlite3.Database) {
  const statement = (sql: string) => db.prepare(sql).safeIntegers(false);
  return Object.fromEntries(Object.entries(DAILY_SQL).map(([name, sql]) => [name, statement(sql)])) as Record<keyof typeof DAILY_SQL, BetterSqlite3.Statement>;
}
