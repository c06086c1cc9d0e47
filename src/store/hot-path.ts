import type { DailyAnswerWrite, RecordedDailyAnswer, ScoreDailyAnswer } from "../engine/ports.js";

/**
 * The store operations a burst of answers runs, as plain SQL on the database driver instead of
 * Prisma's query compiler (about a millisecond a query, which capped a burst at a few hundred answers
 * a second). SQLite (SqliteHotPath) runs the statements below, answers that arrive together in one group
 * commit; PostgreSQL (PostgresHotPath) runs the reads as they are and an answer's writes as one statement.
 * Rows come back in the shape Prisma returns, so the capability stores map them as usual.
 */
export interface HotPath {
  chatRow(platform: string, externalId: string): Promise<Record<string, unknown> | undefined> | Record<string, unknown> | undefined;
  ensureMember(platform: string, externalId: string, displayName: string, now: Date): Promise<number>;
  latestDailyRow(chatId: number): Promise<Record<string, unknown> | undefined> | Record<string, unknown> | undefined;
  /** Throws DuplicateError when the member already answered. */
  recordDailyAnswer(write: DailyAnswerWrite, score: ScoreDailyAnswer): Promise<RecordedDailyAnswer>;
}

/** The cached streak fold state (StreakState) in MemberStats. */
const STREAK_COLUMNS = `"currentStreak", "longestStreak", "lastStreakDate", "freezesHeld", "freezeProgress", "frozenInRow", "frozenInRun"`;

/** The hot path's statements, with `?` placeholders (PostgreSQL numbers them: see numbered()). */
export const HOT_SQL = {
  readStreak: `SELECT ${STREAK_COLUMNS} FROM "MemberStats" WHERE "chatId" = ? AND "memberId" = ?`,
  /** readStreak where writers run side by side (PostgreSQL): the row, made when missing, stays locked until commit. */
  lockStreak: `INSERT INTO "MemberStats" ("chatId", "memberId") VALUES (?, ?) ON CONFLICT ("chatId", "memberId") DO UPDATE SET "currentStreak" = "MemberStats"."currentStreak"
     RETURNING ${STREAK_COLUMNS}`,
  insertAnswer: `INSERT INTO "DailyAnswer" ("dailyQuestionId", "memberId", "response", "correct", "points", "streak", "answeredAt", "revision") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  saveStreak: `INSERT INTO "MemberStats" ("chatId", "memberId", "currentStreak", "longestStreak", "lastStreakDate", "freezesHeld", "freezeProgress", "frozenInRow", "frozenInRun", "dailyAnswers", "dailyCorrect")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
     ON CONFLICT ("chatId", "memberId") DO UPDATE SET "currentStreak" = excluded."currentStreak", "longestStreak" = excluded."longestStreak",
       "lastStreakDate" = excluded."lastStreakDate", "freezesHeld" = excluded."freezesHeld", "freezeProgress" = excluded."freezeProgress",
       "frozenInRow" = excluded."frozenInRow", "frozenInRun" = excluded."frozenInRun",
       "dailyAnswers" = "MemberStats"."dailyAnswers" + 1, "dailyCorrect" = "MemberStats"."dailyCorrect" + excluded."dailyCorrect"`,
  addPoints: `INSERT INTO "ScoreTotal" ("chatId", "period", "memberId", "points", "reachedAt") VALUES (?, ?, ?, ?, ?)
     ON CONFLICT ("chatId", "period", "memberId") DO UPDATE SET "points" = "ScoreTotal"."points" + excluded."points", "reachedAt" = excluded."reachedAt"`,
  markSeen: `INSERT INTO "SeenQuestion" ("memberId", "questionId", "firstSeenAt", "lastSeenAt", "timesAnswered", "lastResponse") VALUES (?, ?, ?, ?, 1, ?)
     ON CONFLICT ("memberId", "questionId") DO UPDATE SET "lastSeenAt" = excluded."lastSeenAt", "timesAnswered" = "SeenQuestion"."timesAnswered" + 1, "lastResponse" = excluded."lastResponse"`,
  countAnswer: `UPDATE "DailyQuestion" SET "answerCount" = "answerCount" + 1 WHERE "id" = ? RETURNING "answerCount"`,
  chatByRef: `SELECT * FROM "Chat" WHERE "platform" = ? AND "externalId" = ?`,
  memberByRef: `SELECT "id", "displayName" FROM "Member" WHERE "platform" = ? AND "externalId" = ?`,
  insertMember: `INSERT INTO "Member" ("platform", "externalId", "displayName", "createdAt") VALUES (?, ?, ?, ?)`,
  renameMember: `UPDATE "Member" SET "displayName" = ? WHERE "id" = ?`,
  latestDaily: `SELECT * FROM "DailyQuestion" WHERE "chatId" = ? ORDER BY "localDate" DESC LIMIT 1`,
} as const;

/** A statement with PostgreSQL's numbered placeholders ($1, $2, …) for its `?`s. */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
