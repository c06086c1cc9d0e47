import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type BetterSqlite3 from "better-sqlite3";
import { DuplicateError, type DailyAnswerWrite, type PointsAward, type RecordedDailyAnswer, type ScoreDailyAnswer, type StreakState } from "../engine/ports.js";
import { EMPTY_STREAK } from "../engine/streak.js";
import { histogramKeys, HOT_SQL, POINTS_SQL, UNCOUNT_SCORES_SQL, type HotPath } from "./hot-path.js";
import type { Db } from "./prisma-rows.js";

/** A write waiting for the next group commit. */
interface QueuedWrite {
  work(): unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * The statements a burst of answers runs, as prepared better-sqlite3 statements on the same connection
 * Prisma uses. Each Prisma query costs about a millisecond in its query compiler; a daily answer takes
 * a dozen, which capped a burst at a few hundred answers a second. Here answers are synchronous SQL of
 * microseconds, and the answers that arrive together commit together (group commit): one transaction,
 * each answer in its own savepoint, so one duplicate never undoes another member's answer.
 */
export class SqliteHotPath implements HotPath {
  private readonly statements: ReturnType<typeof prepare>;
  private readonly pointsStatements = new Map<string, BetterSqlite3.Statement>();
  private readonly recordOne: (write: DailyAnswerWrite, score: ScoreDailyAnswer) => RecordedDailyAnswer;
  private readonly commitGroup: BetterSqlite3.Transaction<(batch: QueuedWrite[]) => (() => void)[]>;
  private queue: QueuedWrite[] = [];
  private flushing = false;

  constructor(private readonly db: BetterSqlite3.Database) {
    this.statements = prepare(db);
    const s = this.statements;
    this.recordOne = (write: DailyAnswerWrite, score: ScoreDailyAnswer): RecordedDailyAnswer => {
      const at = sqliteTimestamp(write.at);
      const before = (s.readStreak.get(write.chatId, write.memberId) as StreakState | undefined) ?? EMPTY_STREAK;
      const { streak, points } = score(before);
      try {
        s.insertAnswer.run(write.dailyId, write.memberId, write.response, bool(write.correct), points, streak.currentStreak, at, write.revision ?? null);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") throw new DuplicateError("daily answer");
        throw error;
      }
      s.saveStreak.run(
        write.chatId, write.memberId, streak.currentStreak, streak.longestStreak, streak.lastStreakDate,
        streak.freezesHeld, streak.freezeProgress, streak.frozenInRow, streak.frozenInRun, write.correct ? 1 : 0,
      );
      this.addPoints({ chatId: write.chatId, memberId: write.memberId, points, periods: write.periods, at: write.at });
      this.addSeen(write.memberId, write.questionId, write.response, write.at);
      const { answerCount } = s.countAnswer.get(write.dailyId) as { answerCount: number };
      return { streak, points, answerCount };
    };
    // Nested in the group's transaction, better-sqlite3 runs each write as a savepoint.
    const inSavepoint = db.transaction((work: () => unknown) => work());
    this.commitGroup = db.transaction((batch: QueuedWrite[]) =>
      batch.map((item) => {
        try {
          const value = inSavepoint(item.work);
          return () => item.resolve(value);
        } catch (error) {
          return () => item.reject(error);
        }
      }),
    );
  }

  /**
   * The one spelling of a points award on SQLite: each period's total and the leaderboard histogram
   * (at each level, one holder fewer at the old total's key, one more at the new one's, when they differ).
   * Synchronous, inside the caller's transaction.
   */
  private addPoints(award: PointsAward): void {
    const n = award.periods.length;
    if (n === 0) return;
    const at = sqliteTimestamp(award.at);
    const before = new Map(award.periods.map((period) => [period, (this.statements.pointsOf.get(award.chatId, period, award.memberId) as { points: number } | undefined)?.points]));
    this.pointsStatement("addPoints", n).run(...award.periods.flatMap((period) => [award.chatId, period, award.memberId, award.points, at]));
    const steps: (string | number)[][] = [];
    for (const period of award.periods) {
      const old = before.get(period);
      const from = old === undefined ? undefined : histogramKeys(old);
      histogramKeys((old ?? 0) + award.points).forEach((key, level) => {
        // A level's key that stays the same (often so at the coarser levels) is no step.
        if (from?.[level] === key) return;
        if (from) steps.push([award.chatId, period, level, from[level]!, -1]);
        steps.push([award.chatId, period, level, key, 1]);
      });
    }
    if (steps.length > 0) this.pointsStatement("countScores", steps.length).run(...steps.flat());
  }

  /** POINTS_SQL's statement for `rows` rows, prepared once. */
  private pointsStatement(name: keyof typeof POINTS_SQL, rows: number): BetterSqlite3.Statement {
    const key = `${name}:${rows}`;
    let prepared = this.pointsStatements.get(key);
    if (!prepared) this.pointsStatements.set(key, (prepared = this.db.prepare(POINTS_SQL[name](rows)).safeIntegers(false)));
    return prepared;
  }

  /** The one spelling of the seen-question record on SQLite; returns the times answered before this one. */
  private addSeen(memberId: number, questionId: string, response: string, at: Date): number {
    const stamp = sqliteTimestamp(at);
    return (this.statements.markSeen.get(memberId, questionId, stamp, stamp, response) as { timesAnswered: number }).timesAnswered - 1;
  }

  /**
   * A quiz answer's points, in its Prisma transaction: Prisma's SQLite adapter runs that transaction on
   * this very connection, so these synchronous statements are part of it (and roll back with it).
   */
  awardPoints(_tx: Db, award: PointsAward): Promise<void> {
    this.assertInTransaction();
    this.addPoints(award);
    return Promise.resolve();
  }

  removeScores(_tx: Db, memberId: number): Promise<void> {
    this.assertInTransaction();
    this.statements.uncountScores.run(memberId);
    this.statements.removeScores.run(memberId);
    return Promise.resolve();
  }

  markSeen(_tx: Db, memberId: number, questionId: string, response: string, at: Date): Promise<number> {
    this.assertInTransaction();
    return Promise.resolve(this.addSeen(memberId, questionId, response, at));
  }

  private assertInTransaction(): void {
    if (!this.db.inTransaction) throw new Error("the SQLite hot path writes a quiz answer inside its transaction only");
  }

  /** Records a daily answer with its streak and points, committed with the writes queued beside it. */
  recordDailyAnswer(write: DailyAnswerWrite, score: ScoreDailyAnswer): Promise<RecordedDailyAnswer> {
    return this.grouped(() => this.recordOne(write, score));
  }

  /**
   * Runs `work` in the next group commit: the writes that arrive together share one transaction, each in
   * its own savepoint (a throw undoes that write only). Other capabilities' plain-SQL writes join it too
   * (SqliteReviewSql), so they also wait for a Prisma transaction open on the connection.
   */
  grouped<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    // A Prisma transaction open on the connection would take our statements in: wait for it to end.
    while (this.db.inTransaction) await new Promise((resolve) => setImmediate(resolve));
    const batch = this.queue;
    this.queue = [];
    this.flushing = false;
    let settle: (() => void)[];
    try {
      settle = this.commitGroup.immediate(batch);
    } catch (error) {
      settle = batch.map((item) => () => item.reject(error));
    }
    for (const done of settle) done();
  }

  chatRow(platform: string, externalId: string): Record<string, unknown> | undefined {
    const row = this.statements.chatByRef.get(platform, externalId) as Record<string, unknown> | undefined;
    return row && fromSqlite(row, ["createdAt", "pausedAt", "nextDailyAt"], ["dailyEnabled", "streakFreezes"]);
  }

  /** The member's id, adding the member (or their new display name) in the next group commit when needed. */
  async ensureMember(platform: string, externalId: string, displayName: string, now: Date): Promise<number> {
    const s = this.statements;
    const row = s.memberByRef.get(platform, externalId) as { id: number; displayName: string } | undefined;
    if (row && row.displayName === displayName) return row.id;
    return this.grouped(() => {
      const current = s.memberByRef.get(platform, externalId) as { id: number; displayName: string } | undefined;
      if (current) {
        if (current.displayName !== displayName) s.renameMember.run(displayName, current.id);
        return current.id;
      }
      return Number(s.insertMember.run(platform, externalId, displayName, sqliteTimestamp(now)).lastInsertRowid);
    });
  }

  topScoreRows(chatId: number, period: string, limit: number): Record<string, unknown>[] {
    return (this.statements.topScores.all(chatId, period, limit) as Record<string, unknown>[]).map((row) => fromSqlite(row, ["reachedAt"], []));
  }

  rankRow(chatId: number, period: string, memberId: number): Record<string, unknown> | undefined {
    const row = this.statements.rankOf.get(chatId, period, memberId) as Record<string, unknown> | undefined;
    return row && fromSqlite(row, ["reachedAt"], []);
  }

  standingRows(chatId: number, period: string, limit: number, memberId: number): Record<string, unknown>[] {
    // No round trip to save in process: the two statements, cheaper than SQLite's sorted UNION ALL of them.
    const me = this.rankRow(chatId, period, memberId);
    return [...this.topScoreRows(chatId, period, limit).map((row) => ({ ...row, isMe: 0 })), ...(me ? [{ ...me, isMe: 1 }] : [])];
  }

  latestDailyRow(chatId: number): Record<string, unknown> | undefined {
    const row = this.statements.latestDaily.get(chatId) as Record<string, unknown> | undefined;
    return row && fromSqlite(row, ["postedAt", "revealedAt", "nextAttemptAt", "sendLeaseUntil", "revealDueAt"], []);
  }
}

function prepare(db: BetterSqlite3.Database) {
  // Prisma's adapter turns safe integers on for the connection (BigInt); these rows carry plain ids and counts.
  const statement = (sql: string) => db.prepare(sql).safeIntegers(false);
  return {
    // Nothing else writes between this read and the write after it: the transaction is synchronous and SQLite has one writer.
    readStreak: statement(HOT_SQL.readStreak),
    insertAnswer: statement(HOT_SQL.insertAnswer),
    saveStreak: statement(HOT_SQL.saveStreak),
    pointsOf: statement(HOT_SQL.pointsOf),
    markSeen: statement(HOT_SQL.markSeen),
    countAnswer: statement(HOT_SQL.countAnswer),
    chatByRef: statement(HOT_SQL.chatByRef),
    topScores: statement(HOT_SQL.topScores),
    rankOf: statement(HOT_SQL.rankOf),
    memberByRef: statement(HOT_SQL.memberByRef),
    // Inside the write transaction no other process can add the member between the lookup and this insert.
    insertMember: statement(HOT_SQL.insertMember),
    renameMember: statement(HOT_SQL.renameMember),
    latestDaily: statement(HOT_SQL.latestDaily),
    uncountScores: statement(UNCOUNT_SCORES_SQL),
    removeScores: statement(`DELETE FROM "ScoreTotal" WHERE "memberId" = ?`),
  };
}

/** How Prisma's SQLite adapter stores a DateTime (ISO 8601 text), so rows written here read back the same. */
export function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

function bool(value: boolean | null): number | null {
  return value === null ? null : value ? 1 : 0;
}

/** A raw row in the shape Prisma returns: DateTime columns as Dates, Boolean columns as booleans. */
function fromSqlite(row: Record<string, unknown>, dates: string[], booleans: string[]): Record<string, unknown> {
  const out = { ...row };
  for (const column of dates) if (typeof out[column] === "string" || typeof out[column] === "number") out[column] = new Date(out[column] as string);
  for (const column of booleans) if (out[column] !== null && out[column] !== undefined) out[column] = Boolean(out[column]);
  return out;
}

/** The better-sqlite3 adapter factory, remembering the connection it opens so the hot path can share it. */
export class SharedConnectionSqlite extends PrismaBetterSQLite3 {
  connection: BetterSqlite3.Database | undefined;

  override async connect(): Promise<Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>> {
    const adapter = await super.connect();
    // The adapter keeps its better-sqlite3 client in a public field; this is the one place that reads it.
    this.connection = (adapter as unknown as { client: BetterSqlite3.Database }).client;
    return adapter;
  }
}
