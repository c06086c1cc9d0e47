import type { DailyAnswerPlan, DailyAnswerWrite, PointsAward, RecordedDailyAnswer, ScoreDailyAnswer } from "../engine/ports.js";
import type { ChatRef, MemberRef } from "../engine/types.js";
import type { ChatRow, DailyRow, Db } from "./prisma-rows.js";

/**
 * The store operations a burst of answers runs, as plain SQL on the database driver instead of
 * Prisma's query compiler (about a millisecond a query, which capped a burst at a few hundred answers
 * a second). SQLite (SqliteHotPath) runs the statements below, answers that arrive together in one group
 * commit; PostgreSQL (PostgresHotPath) takes a daily answer, its lookups included, in one statement
 * (answerLatestDaily), and otherwise runs the reads as they are and an answer's writes as one statement.
 * Rows come back in the shape Prisma returns, so the capability stores map them as usual.
 *
 * Points (ScoreTotal) and the seen-question record (SeenQuestion) have one spelling per database, here:
 * a daily answer writes them inside recordDailyAnswer, a quiz answer through awardPoints and markSeen
 * inside its Prisma transaction.
 */
export interface HotPath {
  chatRow(platform: string, externalId: string): Promise<Record<string, unknown> | undefined> | Record<string, unknown> | undefined;
  ensureMember(platform: string, externalId: string, displayName: string, now: Date): Promise<number>;
  latestDailyRow(chatId: number): Promise<Record<string, unknown> | undefined> | Record<string, unknown> | undefined;
  /**
   * DailyStore.answerLatestDaily on rows: `plan` gets the chat's row and its latest daily's. Only where one
   * statement can take it (PostgreSQL); SQLite's answers take the step-by-step path, in its group commit.
   */
  answerLatestDaily?(chat: ChatRef, member: MemberRef, now: Date, plan: (chat: ChatRow, daily: DailyRow | undefined) => DailyAnswerPlan): Promise<LatestDailyRows | null>;
  /** Throws DuplicateError when the member already answered. */
  recordDailyAnswer(write: DailyAnswerWrite, score: ScoreDailyAnswer): Promise<RecordedDailyAnswer>;
  /** The leaderboard's first `limit` rows (memberId, displayName, points, reachedAt), in leaderboard order. */
  topScoreRows(chatId: number, period: string, limit: number): Promise<Record<string, unknown>[]> | Record<string, unknown>[];
  /** The member's row of the leaderboard with morePoints (how many members have more points) and samePoints (how many have theirs), from the histogram. */
  rankRow(chatId: number, period: string, memberId: number): Promise<Record<string, unknown> | undefined> | Record<string, unknown> | undefined;
  /**
   * A leaderboard's read: topScoreRows ("isMe" 0, in order) then the member's rankRow ("isMe" 1), if they
   * scored. One statement on PostgreSQL (a round trip fewer); SQLite runs the two in process.
   */
  standingRows(chatId: number, period: string, limit: number, memberId: number): Promise<Record<string, unknown>[]> | Record<string, unknown>[];
  /** Adds an award's points to each of its periods, inside the open transaction `tx` (a quiz answer's). */
  awardPoints(tx: Db, award: PointsAward): Promise<void>;
  /** Takes the member off every leaderboard inside `tx` (a /forgetme's): their totals, and their holders in the histogram. */
  removeScores(tx: Db, memberId: number): Promise<void>;
  /** Records that the member answered the question, inside `tx`; returns how many times they had answered it before. */
  markSeen(tx: Db, memberId: number, questionId: string, response: string, at: Date): Promise<number>;
}

/** What HotPath.answerLatestDaily took: the rows the plan was made from last, the member's id, and the answer recorded (null: none planned). */
export interface LatestDailyRows {
  chat: ChatRow;
  daily: DailyRow | undefined;
  memberId: number;
  recorded: RecordedDailyAnswer | null;
}

/** The cached streak fold state (StreakState) in MemberStats. */
const STREAK_COLUMNS = `"currentStreak", "longestStreak", "lastStreakDate", "freezesHeld", "freezeProgress", "frozenInRow", "frozenInRun"`;

/**
 * The leaderboard's first `limit` rows, in leaderboard order. The name is a subquery per row shown, not a
 * join: PostgreSQL's plan for the join memoizes member lookups in a table sized for every member of the
 * period (about 2 ms to set up and free at 100,000 members, for 11 lookups).
 */
const TOP_SCORES = `SELECT s."memberId", (SELECT m."displayName" FROM "Member" AS m WHERE m."id" = s."memberId") AS "displayName", s."points", s."reachedAt"
     FROM "ScoreTotal" AS s WHERE s."chatId" = ? AND s."period" = ? ORDER BY s."points" DESC, s."reachedAt", s."memberId" LIMIT ?`;

/**
 * The member's row and how many members have more points (competition ranking: ties share a rank, so
 * the members tied with them are never counted). The histogram gives it in two range reads of its
 * primary key: the totals above the member's in its bucket of 64 (level 0: at most 63 rows), and the
 * buckets of 64 above its bucket (level 1: one row per 64 points of the range above, 157 up to 10,000
 * points). samePoints: the members on the member's total, them included.
 */
const RANK_OF = `SELECT s."memberId", m."displayName", s."points", s."reachedAt", CAST(
       (SELECT COALESCE(SUM(h."members"), 0) FROM "ScoreHistogram" AS h WHERE h."chatId" = s."chatId" AND h."period" = s."period" AND h."level" = 0
          AND h."points" > s."points" AND h."points" < (((s."points" >> 6) + 1) << 6))
       + (SELECT COALESCE(SUM(h."members"), 0) FROM "ScoreHistogram" AS h WHERE h."chatId" = s."chatId" AND h."period" = s."period" AND h."level" = 1
          AND h."points" > (s."points" >> 6)) AS INTEGER) AS "morePoints",
       (SELECT h."members" FROM "ScoreHistogram" AS h WHERE h."chatId" = s."chatId" AND h."period" = s."period" AND h."level" = 0 AND h."points" = s."points") AS "samePoints"
     FROM "ScoreTotal" AS s JOIN "Member" AS m ON m."id" = s."memberId" WHERE s."chatId" = ? AND s."period" = ? AND s."memberId" = ?`;

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
  /** A member's total in one period (SQLite reads it before a points award, in the same transaction). */
  pointsOf: `SELECT "points" FROM "ScoreTotal" WHERE "chatId" = ? AND "period" = ? AND "memberId" = ?`,
  markSeen: `INSERT INTO "SeenQuestion" ("memberId", "questionId", "firstSeenAt", "lastSeenAt", "timesAnswered", "lastResponse") VALUES (?, ?, ?, ?, 1, ?)
     ON CONFLICT ("memberId", "questionId") DO UPDATE SET "lastSeenAt" = excluded."lastSeenAt", "timesAnswered" = "SeenQuestion"."timesAnswered" + 1, "lastResponse" = excluded."lastResponse"
     RETURNING "timesAnswered"`,
  countAnswer: `UPDATE "DailyQuestion" SET "answerCount" = "answerCount" + 1 WHERE "id" = ? RETURNING "answerCount"`,
  topScores: TOP_SCORES,
  rankOf: RANK_OF,
  chatByRef: `SELECT * FROM "Chat" WHERE "platform" = ? AND "externalId" = ?`,
  memberByRef: `SELECT "id", "displayName" FROM "Member" WHERE "platform" = ? AND "externalId" = ?`,
  insertMember: `INSERT INTO "Member" ("platform", "externalId", "displayName", "createdAt") VALUES (?, ?, ?, ?)`,
  renameMember: `UPDATE "Member" SET "displayName" = ? WHERE "id" = ?`,
  latestDaily: `SELECT * FROM "DailyQuestion" WHERE "chatId" = ? ORDER BY "localDate" DESC LIMIT 1`,
} as const;

/** The histogram's levels: at level L a row counts the members whose total >> (HISTOGRAM_SHIFT * L) is its `points`. */
export const HISTOGRAM_LEVELS = [0, 1] as const;
export const HISTOGRAM_SHIFT = 6;

/** A total's row key at each histogram level. */
export function histogramKeys(points: number): number[] {
  return HISTOGRAM_LEVELS.map((level) => points >> (HISTOGRAM_SHIFT * level));
}

/**
 * SQLite's spelling of a points award, for `n` periods at once (one statement each, whatever the number
 * of periods): the totals, and the leaderboard histogram's steps (`members` 1 or -1 more holders of a
 * level's key; `steps` rows). The totals before it are read one period at a time (HOT_SQL.pointsOf): a
 * lookup of the whole primary key, which SQLite never trades for a scan of the covering leaderboard index.
 */
export const POINTS_SQL = {
  addPoints: (n: number) => `INSERT INTO "ScoreTotal" ("chatId", "period", "memberId", "points", "reachedAt") VALUES ${Array(n).fill("(?, ?, ?, ?, ?)").join(", ")}
     ON CONFLICT ("chatId", "period", "memberId") DO UPDATE SET "points" = "ScoreTotal"."points" + excluded."points", "reachedAt" = excluded."reachedAt"`,
  countScores: (steps: number) => `INSERT INTO "ScoreHistogram" ("chatId", "period", "level", "points", "members") VALUES ${Array(steps).fill("(?, ?, ?, ?, ?)").join(", ")}
     ON CONFLICT ("chatId", "period", "level", "points") DO UPDATE SET "members" = "ScoreHistogram"."members" + excluded."members"`,
};

/**
 * SQLite's spelling of taking a member off the leaderboards, before their totals are deleted (the same
 * transaction, one writer): one holder fewer at each of their totals' keys, at every level. $1 member.
 */
export const UNCOUNT_SCORES_SQL = `UPDATE "ScoreHistogram" SET "members" = "members" - 1
     FROM (SELECT t."chatId", t."period", l."level", t."points" >> (${HISTOGRAM_SHIFT} * l."level") AS "key"
           FROM "ScoreTotal" AS t CROSS JOIN (${HISTOGRAM_LEVELS.map((level) => `SELECT ${level} AS "level"`).join(" UNION ALL ")}) AS l WHERE t."memberId" = ?) AS gone
     WHERE "ScoreHistogram"."chatId" = gone."chatId" AND "ScoreHistogram"."period" = gone."period" AND "ScoreHistogram"."level" = gone."level" AND "ScoreHistogram"."points" = gone."key"`;

/** A statement with PostgreSQL's numbered placeholders ($1, $2, …) for its `?`s. */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
