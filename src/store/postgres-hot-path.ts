import pg from "pg";
import { DuplicateError, type DailyAnswerWrite, type PointsAward, type RecordedDailyAnswer, type ScoreDailyAnswer, type StreakState } from "../engine/ports.js";
import { EMPTY_STREAK } from "../engine/streak.js";
import { HISTOGRAM_LEVELS, HISTOGRAM_SHIFT, HOT_SQL, numbered, type HotPath } from "./hot-path.js";
import type { Db } from "./prisma-rows.js";

const TIMESTAMP_OID = 1114;
const UNIQUE_VIOLATION = "23505";

/** Prisma keeps DateTime as UTC in `timestamp(3)` columns: read them as UTC, whatever the process's zone. */
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID ? (value: string) => new Date(`${value.replace(" ", "T")}Z`) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

function pgTimestamp(date: Date): string {
  return date.toISOString().slice(0, -1);
}

/** Where a piece of the answer statement takes its values from: SQL expressions (placeholders) and an optional gate relation. */
interface PointsValues {
  chat: string;
  member: string;
  points: string;
  at: string;
  periods: string;
  /** A CTE the writes wait for and depend on: no row in it, no write. */
  gate?: string;
}

/**
 * The one spelling of a points award on PostgreSQL, as two CTEs: `points` adds to each period's total
 * (a new row or an atomic increment), `histogram` moves the member in the leaderboard histogram from the
 * old total (the new one less the award, unless the row is new: xmax = 0) to the new one at each level
 * (a level whose key stays the same nets to no row), in one INSERT whose rows come in key order, so
 * concurrent awards lock histogram rows in one order.
 */
export function pointsCtes(v: PointsValues): string {
  const from = v.gate ? `FROM ${v.gate}, unnest(${v.periods}) AS period` : `FROM unnest(${v.periods}) AS period`;
  return `points AS (INSERT INTO "ScoreTotal" ("chatId", "period", "memberId", "points", "reachedAt") SELECT ${v.chat}, period, ${v.member}, ${v.points}, ${v.at} ${from}
             ON CONFLICT ("chatId", "period", "memberId") DO UPDATE SET "points" = "ScoreTotal"."points" + excluded."points", "reachedAt" = excluded."reachedAt"
             RETURNING "period", "points", (xmax = 0) AS "inserted"),
  histogram AS (INSERT INTO "ScoreHistogram" ("chatId", "period", "level", "points", "members")
             SELECT ${v.chat}, "period", "level", "key", SUM("delta") FROM (
               SELECT "period", "level", "points" >> (${HISTOGRAM_SHIFT} * "level") AS "key", "delta" FROM (
                 SELECT "period", "points", 1 AS "delta" FROM points
                 UNION ALL SELECT "period", "points" - ${v.points}, -1 FROM points WHERE NOT "inserted") AS moves
               CROSS JOIN unnest(ARRAY[${HISTOGRAM_LEVELS.join(", ")}]) AS "level") AS steps
             GROUP BY "period", "level", "key" HAVING SUM("delta") <> 0 ORDER BY "period", "level", "key"
             ON CONFLICT ("chatId", "period", "level", "points") DO UPDATE SET "members" = "ScoreHistogram"."members" + excluded."members")`;
}

/** The one spelling of the seen-question record on PostgreSQL, as a CTE `seen` returning the times answered (this one included). */
export function seenCte(v: { member: string; question: string; response: string; at: string; gate?: string }): string {
  return `seen AS (INSERT INTO "SeenQuestion" ("memberId", "questionId", "firstSeenAt", "lastSeenAt", "timesAnswered", "lastResponse")
           SELECT ${v.member}, ${v.question}, ${v.at}, ${v.at}, 1, ${v.response}${v.gate ? ` FROM ${v.gate}` : ""}
           ON CONFLICT ("memberId", "questionId") DO UPDATE SET "lastSeenAt" = excluded."lastSeenAt", "timesAnswered" = "SeenQuestion"."timesAnswered" + 1, "lastResponse" = excluded."lastResponse"
           RETURNING "timesAnswered")`;
}

const STREAK = ["currentStreak", "longestStreak", "lastStreakDate", "freezesHeld", "freezeProgress", "frozenInRow", "frozenInRun"] as const;
const STREAK_TYPES = ["int", "int", "text", "int", "int", "int", "int"] as const;
const quoted = (columns: readonly string[]) => columns.map((c) => `"${c}"`).join(", ");

/**
 * A daily answer's writes as one statement, applied only when the member's streak is still the one it
 * was scored from (compare and set: `stats` updates the stats row only when its streak columns equal
 * $18–$24, or makes it when missing and the expected streak is the empty one, $25). Every other write
 * takes its rows from `stats`, so a stale streak writes nothing: the statement then returns the streak
 * it found, and the answer is scored again. A duplicate answer fails the whole statement (unique key).
 * A new column of an answer goes into `answer` (and the values list); nothing else changes.
 *
 * $1 daily, $2 member, $3 response, $4 correct, $5 points, $6–$12 the new streak, $13 chat, $14 periods,
 * $15 question, $16 at, $17 correct as 0/1, $18–$24 the expected streak, $25 the expected streak is empty,
 * $26 the question's revision.
 */
const RECORD_ANSWER = `WITH
  stats AS (INSERT INTO "MemberStats" ("chatId", "memberId", ${quoted(STREAK)}, "dailyAnswers", "dailyCorrect")
            SELECT $13::int, $2::int, $6::int, $7::int, $8::text, $9::int, $10::int, $11::int, $12::int, 1, $17::int
            WHERE $25::boolean OR EXISTS (SELECT 1 FROM "MemberStats" WHERE "chatId" = $13::int AND "memberId" = $2::int)
            ON CONFLICT ("chatId", "memberId") DO UPDATE SET ${STREAK.map((c) => `"${c}" = excluded."${c}"`).join(", ")},
              "dailyAnswers" = "MemberStats"."dailyAnswers" + 1, "dailyCorrect" = "MemberStats"."dailyCorrect" + excluded."dailyCorrect"
            WHERE (${STREAK.map((c) => `"MemberStats"."${c}"`).join(", ")}) IS NOT DISTINCT FROM (${STREAK.map((_, i) => `$${18 + i}::${STREAK_TYPES[i]}`).join(", ")})
            RETURNING 1),
  answer AS (INSERT INTO "DailyAnswer" ("dailyQuestionId", "memberId", "response", "correct", "points", "streak", "answeredAt", "revision")
             SELECT $1::int, $2::int, $3::text, $4::boolean, $5::int, $6::int, $16::timestamp, $26::text FROM stats),
  ${pointsCtes({ chat: "$13::int", member: "$2::int", points: "$5::int", at: "$16::timestamp", periods: "$14::text[]", gate: "stats" })},
  ${seenCte({ member: "$2::int", question: "$15::text", response: "$3::text", at: "$16::timestamp", gate: "stats" })},
  counted AS (UPDATE "DailyQuestion" SET "answerCount" = "answerCount" + 1 FROM stats WHERE "id" = $1::int RETURNING "answerCount")
SELECT counted."answerCount", (found."chatId" IS NOT NULL) AS "found", ${STREAK.map((c) => `found."${c}"`).join(", ")}
  FROM (SELECT 1) AS one LEFT JOIN counted ON true LEFT JOIN "MemberStats" AS found ON found."chatId" = $13::int AND found."memberId" = $2::int`;

/** A quiz answer's points: the same CTEs, in the quiz's transaction. $1 chat, $2 member, $3 points, $4 at, $5 periods. */
const AWARD_POINTS = `WITH ${pointsCtes({ chat: "$1::int", member: "$2::int", points: "$3::int", at: "$4::timestamp", periods: "$5::text[]" })} SELECT 1`;
/**
 * A member off every leaderboard (/forgetme), in its transaction: the totals deleted (locked, so an award
 * committed meanwhile is the total counted off) and one holder fewer at each one's key at every level. $1 member.
 */
const REMOVE_SCORES = `WITH gone AS (DELETE FROM "ScoreTotal" WHERE "memberId" = $1::int RETURNING "chatId", "period", "points")
UPDATE "ScoreHistogram" AS h SET "members" = h."members" - 1
  FROM (SELECT gone."chatId", gone."period", "level", gone."points" >> (${HISTOGRAM_SHIFT} * "level") AS "key" FROM gone CROSS JOIN unnest(ARRAY[${HISTOGRAM_LEVELS.join(", ")}]) AS "level") AS steps
 WHERE h."chatId" = steps."chatId" AND h."period" = steps."period" AND h."level" = steps."level" AND h."points" = steps."key"`;
/** A quiz answer's seen-question record: the same CTE. $1 member, $2 question, $3 response, $4 at. */
const MARK_SEEN = `WITH ${seenCte({ member: "$1::int", question: "$2::text", response: "$3::text", at: "$4::timestamp" })} SELECT "timesAnswered" FROM seen`;

/**
 * A member's id in one statement: found (renamed when the display name changed), or added. $1 platform,
 * $2 external id, $3 display name, $4 now. NULL only when another process added the member at the same moment.
 */
const ENSURE_MEMBER = `WITH
  found AS (SELECT "id", "displayName" FROM "Member" WHERE "platform" = $1::text AND "externalId" = $2::text),
  added AS (INSERT INTO "Member" ("platform", "externalId", "displayName", "createdAt") SELECT $1::text, $2::text, $3::text, $4::timestamp
            WHERE NOT EXISTS (SELECT 1 FROM found) ON CONFLICT ("platform", "externalId") DO NOTHING RETURNING "id"),
  renamed AS (UPDATE "Member" SET "displayName" = $3::text FROM found WHERE "Member"."id" = found."id" AND found."displayName" <> $3::text)
SELECT COALESCE((SELECT "id" FROM found), (SELECT "id" FROM added)) AS "id"`;

/** Members whose streak this process wrote last, so their next answer is one statement: at most this many, the oldest dropped. */
const CACHE_SIZE = 100_000;

/** Sets a cache entry as the newest, dropping the oldest beyond CACHE_SIZE. */
function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  cache.delete(key);
  cache.set(key, value);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
}
/** Compare-and-set attempts before an answer takes the stats row lock instead. */
const OPTIMISTIC_ATTEMPTS = 3;

function sameStreak(a: StreakState, b: StreakState): boolean {
  return STREAK.every((c) => a[c] === b[c]);
}

const NUMBERED = new Map<string, string>();

/** One named (server-side prepared) statement of HOT_SQL, numbered once. */
function statement(name: keyof typeof HOT_SQL, values: unknown[]): pg.QueryConfig {
  const key = `studybot_${name}`;
  let text = NUMBERED.get(key);
  if (text === undefined) NUMBERED.set(key, (text = numbered(HOT_SQL[name])));
  return { name: key, text, values, types };
}

/**
 * The answer hot path on PostgreSQL: HOT_SQL through the pool Prisma uses. A daily answer is one
 * statement (RECORD_ANSWER), scored from the streak this process last saw for the member (or the empty
 * streak of a new member); when another writer changed it meanwhile, the statement writes nothing and
 * returns the streak it found, and the answer is scored again. After OPTIMISTIC_ATTEMPTS such misses it
 * takes the stats row lock first (lockStreak), in the lock order a quiz answer also takes.
 */
export class PostgresHotPath implements HotPath {
  private readonly streaks = new Map<string, StreakState>();

  constructor(private readonly pool: pg.Pool) {}

  async chatRow(platform: string, externalId: string): Promise<Record<string, unknown> | undefined> {
    return (await this.pool.query(statement("chatByRef", [platform, externalId]))).rows[0] as Record<string, unknown> | undefined;
  }

  async topScoreRows(chatId: number, period: string, limit: number): Promise<Record<string, unknown>[]> {
    return (await this.pool.query(statement("topScores", [chatId, period, limit]))).rows as Record<string, unknown>[];
  }

  async rankRow(chatId: number, period: string, memberId: number): Promise<Record<string, unknown> | undefined> {
    return (await this.pool.query(statement("rankOf", [chatId, period, memberId]))).rows[0] as Record<string, unknown> | undefined;
  }

  async latestDailyRow(chatId: number): Promise<Record<string, unknown> | undefined> {
    return (await this.pool.query(statement("latestDaily", [chatId]))).rows[0] as Record<string, unknown> | undefined;
  }

  async ensureMember(platform: string, externalId: string, displayName: string, now: Date): Promise<number> {
    // Always one statement, never a per-process cache: /forgetme (or member:forget in another process) deletes members.
    const row = (await this.pool.query({ name: "studybot_ensureMember", text: ENSURE_MEMBER, values: [platform, externalId, displayName, pgTimestamp(now)], types })).rows[0] as { id: number | null };
    if (row.id !== null) return row.id;
    // Another process added the member between this statement's snapshot and its insert: the unique key kept theirs.
    return ((await this.pool.query(statement("memberByRef", [platform, externalId]))).rows[0] as { id: number }).id;
  }

  async recordDailyAnswer(write: DailyAnswerWrite, score: ScoreDailyAnswer): Promise<RecordedDailyAnswer> {
    const key = `${write.chatId}:${write.memberId}`;
    let expected = this.streaks.get(key) ?? EMPTY_STREAK;
    for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
      const outcome = await this.tryRecord(this.pool, write, score, expected);
      if ("recorded" in outcome) return this.remember(key, outcome.recorded);
      expected = outcome.found;
    }
    return this.remember(key, await this.recordLocked(write, score));
  }

  private remember(key: string, recorded: RecordedDailyAnswer): RecordedDailyAnswer {
    remember(this.streaks, key, recorded.streak);
    return recorded;
  }

  /** RECORD_ANSWER once: the answer recorded, or the streak found when it was not the expected one. */
  private async tryRecord(
    db: pg.Pool | pg.PoolClient,
    write: DailyAnswerWrite,
    score: ScoreDailyAnswer,
    expected: StreakState,
  ): Promise<{ recorded: RecordedDailyAnswer } | { found: StreakState }> {
    const { streak, points } = score(expected);
    let result: pg.QueryResult;
    try {
      result = await db.query({
        name: "studybot_recordAnswer",
        text: RECORD_ANSWER,
        values: [
          write.dailyId, write.memberId, write.response, write.correct, points,
          ...STREAK.map((c) => streak[c]),
          write.chatId, write.periods, write.questionId, pgTimestamp(write.at), write.correct ? 1 : 0,
          ...STREAK.map((c) => expected[c]),
          sameStreak(expected, EMPTY_STREAK),
          write.revision ?? null,
        ],
        types,
      });
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw new DuplicateError("daily answer");
      throw error;
    }
    const row = result.rows[0] as { answerCount: number | null; found: boolean } & StreakState;
    if (row.answerCount !== null) return { recorded: { streak, points, answerCount: row.answerCount } };
    const found = row.found ? (Object.fromEntries(STREAK.map((c) => [c, row[c]])) as unknown as StreakState) : EMPTY_STREAK;
    return { found };
  }

  /** The answer under the stats row lock: the streak read cannot go stale, so RECORD_ANSWER applies. */
  private async recordLocked(write: DailyAnswerWrite, score: ScoreDailyAnswer): Promise<RecordedDailyAnswer> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const locked = await client.query(statement("lockStreak", [write.chatId, write.memberId]));
      const outcome = await this.tryRecord(client, write, score, locked.rows[0] as StreakState);
      if (!("recorded" in outcome)) throw new Error("the locked streak changed");
      await client.query("COMMIT");
      return outcome.recorded;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async awardPoints(tx: Db, award: PointsAward): Promise<void> {
    await tx.$executeRawUnsafe(AWARD_POINTS, award.chatId, award.memberId, award.points, pgTimestamp(award.at), award.periods);
  }

  async removeScores(tx: Db, memberId: number): Promise<void> {
    await tx.$executeRawUnsafe(REMOVE_SCORES, memberId);
  }

  async markSeen(tx: Db, memberId: number, questionId: string, response: string, at: Date): Promise<number> {
    const rows = await tx.$queryRawUnsafe<{ timesAnswered: number }[]>(MARK_SEEN, memberId, questionId, response, pgTimestamp(at));
    return Number(rows[0]!.timesAnswered) - 1;
  }
}
