import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type BetterSqlite3 from "better-sqlite3";
import { DuplicateError, type DailyAnswerWrite, type RecordedDailyAnswer, type ScoreDailyAnswer, type StreakState } from "../engine/ports.js";

/**
 * The statements a burst of answers runs, as prepared better-sqlite3 statements on the same connection
 * Prisma uses. Each Prisma query costs about a millisecond in its query compiler; a daily answer takes
 * a dozen, which capped a burst at a few hundred answers a second. Here an answer is one synchronous
 * transaction of microseconds, and nothing else can run in the middle of it.
 */
export class SqliteHotPath {
  private readonly statements: ReturnType<typeof prepare>;
  private readonly recordTx: BetterSqlite3.Transaction<(write: DailyAnswerWrite, score: ScoreDailyAnswer) => RecordedDailyAnswer>;

  constructor(private readonly db: BetterSqlite3.Database) {
    this.statements = prepare(db);
    const s = this.statements;
    this.recordTx = db.transaction((write: DailyAnswerWrite, score: ScoreDailyAnswer): RecordedDailyAnswer => {
      const at = sqliteTimestamp(write.at);
      // The stats row first, as every answer transaction does (see PrismaStoreTx.getStats).
      const stats = s.lockStats.get(write.chatId, write.memberId) as StreakState;
      const { streak, points } = score({ currentStreak: stats.currentStreak, longestStreak: stats.longestStreak, lastStreakDate: stats.lastStreakDate });
      try {
        s.insertAnswer.run(write.dailyId, write.memberId, write.response, bool(write.correct), points, streak.currentStreak, at);
      } catch (error) {
        if ((error as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE" || (error as { code?: string }).code === "SQLITE_CONSTRAINT_PRIMARYKEY") throw new DuplicateError("daily answer");
        throw error;
      }
      s.saveStreak.run(streak.currentStreak, streak.longestStreak, streak.lastStreakDate, write.correct ? 1 : 0, write.chatId, write.memberId);
      for (const period of write.periods) s.addPoints.run(write.chatId, period, write.memberId, points, at);
      s.markSeen.run(write.memberId, write.questionId, at, at, write.response);
      const { answerCount } = s.countAnswer.get(write.dailyId) as { answerCount: number };
      return { streak, points, answerCount };
    });
  }

  /**
   * Records a daily answer with its streak and points. Waits while a Prisma transaction is open on the
   * connection (its statements would otherwise take ours in); then runs as one immediate transaction.
   */
  async recordDailyAnswer(write: DailyAnswerWrite, score: ScoreDailyAnswer): Promise<RecordedDailyAnswer> {
    while (this.db.inTransaction) await new Promise((resolve) => setImmediate(resolve));
    return this.recordTx.immediate(write, score);
  }

  chatRow(platform: string, externalId: string): Record<string, unknown> | undefined {
    const row = this.statements.chatByRef.get(platform, externalId) as Record<string, unknown> | undefined;
    return row && fromSqlite(row, ["createdAt", "pausedAt", "nextDailyAt"], ["dailyEnabled"]);
  }

  /** The member's id, adding the member (or their new display name) first; synchronous, so no other write interleaves. */
  ensureMember(platform: string, externalId: string, displayName: string, now: Date): number {
    const s = this.statements;
    const row = s.memberByRef.get(platform, externalId) as { id: number; displayName: string } | undefined;
    if (!row) {
      const inserted = s.insertMember.run(platform, externalId, displayName, sqliteTimestamp(now));
      if (inserted.changes === 1) return Number(inserted.lastInsertRowid);
      return (s.memberByRef.get(platform, externalId) as { id: number }).id;
    }
    if (row.displayName !== displayName) s.renameMember.run(displayName, row.id);
    return row.id;
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
    lockStats: statement(
      `INSERT INTO "MemberStats" ("chatId", "memberId") VALUES (?, ?)
       ON CONFLICT ("chatId", "memberId") DO UPDATE SET "currentStreak" = "MemberStats"."currentStreak"
       RETURNING "currentStreak", "longestStreak", "lastStreakDate"`,
    ),
    insertAnswer: statement(`INSERT INTO "DailyAnswer" ("dailyQuestionId", "memberId", "response", "correct", "points", "streak", "answeredAt") VALUES (?, ?, ?, ?, ?, ?, ?)`),
    saveStreak: statement(
      `UPDATE "MemberStats" SET "currentStreak" = ?, "longestStreak" = ?, "lastStreakDate" = ?, "dailyAnswers" = "dailyAnswers" + 1, "dailyCorrect" = "dailyCorrect" + ?
       WHERE "chatId" = ? AND "memberId" = ?`,
    ),
    addPoints: statement(
      `INSERT INTO "ScoreTotal" ("chatId", "period", "memberId", "points", "reachedAt") VALUES (?, ?, ?, ?, ?)
       ON CONFLICT ("chatId", "period", "memberId") DO UPDATE SET "points" = "ScoreTotal"."points" + excluded."points", "reachedAt" = excluded."reachedAt"`,
    ),
    markSeen: statement(
      `INSERT INTO "SeenQuestion" ("memberId", "questionId", "firstSeenAt", "lastSeenAt", "timesAnswered", "lastResponse") VALUES (?, ?, ?, ?, 1, ?)
       ON CONFLICT ("memberId", "questionId") DO UPDATE SET "lastSeenAt" = excluded."lastSeenAt", "timesAnswered" = "SeenQuestion"."timesAnswered" + 1, "lastResponse" = excluded."lastResponse"`,
    ),
    countAnswer: statement(`UPDATE "DailyQuestion" SET "answerCount" = "answerCount" + 1 WHERE "id" = ? RETURNING "answerCount"`),
    chatByRef: statement(`SELECT * FROM "Chat" WHERE "platform" = ? AND "externalId" = ?`),
    memberByRef: statement(`SELECT "id", "displayName" FROM "Member" WHERE "platform" = ? AND "externalId" = ?`),
    // Another process may add the same member at once: the unique key keeps one row, and this one reads it back.
    insertMember: statement(`INSERT INTO "Member" ("platform", "externalId", "displayName", "createdAt") VALUES (?, ?, ?, ?) ON CONFLICT ("platform", "externalId") DO NOTHING`),
    renameMember: statement(`UPDATE "Member" SET "displayName" = ? WHERE "id" = ?`),
    latestDaily: statement(`SELECT * FROM "DailyQuestion" WHERE "chatId" = ? ORDER BY "localDate" DESC LIMIT 1`),
  };
}

/** How Prisma's SQLite adapter stores a DateTime (ISO 8601 text), so rows written here read back the same. */
function sqliteTimestamp(date: Date): string {
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
