import pg from "pg";
import { DuplicateError, type DailyAnswerPlan, type DailyAnswerWrite, type PointsAward, type RecordedDailyAnswer, type ScoreDailyAnswer, type StreakState } from "../engine/ports.js";
import { EMPTY_STREAK } from "../engine/streak.js";
import type { ChatRef, MemberRef } from "../engine/types.js";
import { HISTOGRAM_LEVELS, HISTOGRAM_SHIFT, HOT_SQL, numbered, type HotPath, type LatestDailyRows } from "./hot-path.js";
import type { ChatRow, DailyRow, Db } from "./prisma-rows.js";
import { pgTimestamp, utcTimestamps as types } from "./pg-types.js";

const UNIQUE_VIOLATION = "23505";

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
             ON CONFLICT ("chatId", "period", "level", "points") DO UPDATE SET "members" = "ScoreHistogram"."members" + excluded."members"
             RETURNING 1)`;
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
 * Where a daily answer's writes take their values from: SQL expressions for the chat, member and daily
 * ids (placeholders, or scalar subqueries of earlier CTEs), `from` the relation the stats row is made
 * from (no row in it, no write), and the first of 21 consecutive placeholders: +0 response, +1 correct,
 * +2 points, +3–+9 the new streak, +10 periods, +11 question, +12 at, +13 correct as 0/1, +14–+20 the
 * expected streak, +21 the expected streak is empty, +22 the question's revision.
 */
interface AnswerValues {
  chat: string;
  member: string;
  daily: string;
  from?: string;
  first: number;
}

/**
 * The one spelling of a daily answer's writes on PostgreSQL, as CTEs, applied only when the member's
 * streak is still the one it was scored from (compare and set: `stats` updates the stats row only when its
 * streak columns equal the expected ones, or makes it when missing and the expected streak is the empty
 * one). Every other write takes its rows from `stats`, so a stale streak writes nothing: the statement then
 * returns the streak it found, and the answer is scored again. A duplicate answer fails the whole statement
 * (unique key). A new column of an answer goes into `answer` (and the values); nothing else changes.
 * `counted` reads `answer`, `histogram` and `seen` to the end first, so the rows every answer of a burst updates
 * (the daily's answer count, the histogram's) are written last and stay locked only until the commit.
 */
function answerCtes(v: AnswerValues): string {
  const $ = (offset: number, type: string) => `$${v.first + offset}::${type}`;
  return `stats AS (INSERT INTO "MemberStats" ("chatId", "memberId", ${quoted(STREAK)}, "dailyAnswers", "dailyCorrect")
            SELECT ${v.chat}, ${v.member}, ${STREAK.map((_, i) => $(3 + i, STREAK_TYPES[i]!)).join(", ")}, 1, ${$(13, "int")}${v.from ? ` FROM ${v.from}` : ""}
            WHERE ${$(21, "boolean")} OR EXISTS (SELECT 1 FROM "MemberStats" WHERE "chatId" = ${v.chat} AND "memberId" = ${v.member})
            ON CONFLICT ("chatId", "memberId") DO UPDATE SET ${STREAK.map((c) => `"${c}" = excluded."${c}"`).join(", ")},
              "dailyAnswers" = "MemberStats"."dailyAnswers" + 1, "dailyCorrect" = "MemberStats"."dailyCorrect" + excluded."dailyCorrect"
            WHERE (${STREAK.map((c) => `"MemberStats"."${c}"`).join(", ")}) IS NOT DISTINCT FROM (${STREAK.map((_, i) => $(14 + i, STREAK_TYPES[i]!)).join(", ")})
            RETURNING 1),
  answer AS (INSERT INTO "DailyAnswer" ("dailyQuestionId", "memberId", "response", "correct", "points", "streak", "answeredAt", "revision")
             SELECT ${v.daily}, ${v.member}, ${$(0, "text")}, ${$(1, "boolean")}, ${$(2, "int")}, ${$(3, "int")}, ${$(12, "timestamp")}, ${$(22, "text")} FROM stats
             RETURNING 1),
  ${pointsCtes({ chat: v.chat, member: v.member, points: $(2, "int"), at: $(12, "timestamp"), periods: $(10, "text[]"), gate: "stats" })},
  ${seenCte({ member: v.member, question: $(11, "text"), response: $(0, "text"), at: $(12, "timestamp"), gate: "stats" })},
  counted AS (UPDATE "DailyQuestion" SET "answerCount" = "answerCount" + 1 FROM stats
              WHERE "id" = ${v.daily} AND (SELECT COUNT(*) FROM answer) + (SELECT COUNT(*) FROM histogram) + (SELECT COUNT(*) FROM seen) >= 0 RETURNING "answerCount")`;
}

/** The values of answerCtes' 23 placeholders, for an answer scored `streak`, `points` from `expected`. */
function answerValues(write: Pick<DailyAnswerWrite, "response" | "correct" | "periods" | "questionId" | "at" | "revision">, streak: StreakState, points: number, expected: StreakState): unknown[] {
  return [
    write.response, write.correct, points,
    ...STREAK.map((c) => streak[c]),
    write.periods, write.questionId, pgTimestamp(write.at), write.correct ? 1 : 0,
    ...STREAK.map((c) => expected[c]),
    sameStreak(expected, EMPTY_STREAK),
    write.revision ?? null,
  ];
}

/** The streak columns of the stats row found (`found`), and whether there was one. */
const FOUND_STREAK = `(found."chatId" IS NOT NULL) AS "found", ${STREAK.map((c) => `found."${c}"`).join(", ")}`;

/** A daily answer's writes as one statement (answerCtes). $1 chat, $2 member, $3 daily, $4–$26 answerCtes' values. */
const RECORD_ANSWER = `WITH
  ${answerCtes({ chat: "$1::int", member: "$2::int", daily: "$3::int", first: 4 })}
SELECT counted."answerCount", ${FOUND_STREAK}
  FROM (SELECT 1) AS one LEFT JOIN counted ON true LEFT JOIN "MemberStats" AS found ON found."chatId" = $1::int AND found."memberId" = $2::int`;

/**
 * The one spelling of "a member's id, found (renamed when the display name changed) or added", as CTEs
 * ending in `member` (its id; none only when another process added the member at the same moment).
 */
function memberCtes(v: { platform: string; externalId: string; displayName: string; now: string }): string {
  return `known AS (SELECT "id", "displayName" FROM "Member" WHERE "platform" = ${v.platform} AND "externalId" = ${v.externalId}),
  added AS (INSERT INTO "Member" ("platform", "externalId", "displayName", "createdAt") SELECT ${v.platform}, ${v.externalId}, ${v.displayName}, ${v.now}
            WHERE NOT EXISTS (SELECT 1 FROM known) ON CONFLICT ("platform", "externalId") DO NOTHING RETURNING "id"),
  renamed AS (UPDATE "Member" SET "displayName" = ${v.displayName} FROM known WHERE "Member"."id" = known."id" AND known."displayName" <> ${v.displayName}),
  member AS (SELECT "id" FROM known UNION ALL SELECT "id" FROM added)`;
}

/** What of a chat's row the engine reads (toChat), hashed: the answer statement checks the row it was planned from is still the chat's. */
const CHAT_FINGERPRINT = (c: string) =>
  `md5(ROW(${["id", "platform", "externalId", "title", "timeZone", "language", "dailyTime", "dailyEnabled", "revealDelayMinutes", "dailyMode", "dailyTarget", "dailyStyle", "dailyTopics", "pausedAt", "pauseReason", "streakFreezes", "restDays", "recapDay", "streakRulesFrom"].map((col) => `${c}."${col}"`).join(", ")})::text)`;
/** What of a daily's row the engine reads (toDaily) but its answer count (which every answer moves), hashed. */
const DAILY_FINGERPRINT = (d: string) => `md5(ROW(${["id", "chatId", "localDate", "questionId", "mode", "postedAt", "messageId", "revealedAt"].map((col) => `${d}."${col}"`).join(", ")})::text)`;

/** The chat's row with its fingerprint. $1 platform, $2 external id. */
const CHAT_ROW = `SELECT c.*, ${CHAT_FINGERPRINT("c")} AS "fingerprint" FROM "Chat" AS c WHERE c."platform" = $1::text AND c."externalId" = $2::text`;
/** The chat's latest daily with its fingerprint. $1 chat. */
const LATEST_DAILY_ROW = `SELECT d.*, ${DAILY_FINGERPRINT("d")} AS "fingerprint" FROM "DailyQuestion" AS d WHERE d."chatId" = $1::int ORDER BY d."localDate" DESC LIMIT 1`;

/**
 * An answer to the chat's latest daily in one statement (HotPath.answerLatestDaily): the member ensured
 * (memberCtes), then — only when the chat's row and its latest daily are still the ones the answer was
 * planned from (`planned`: the fingerprints match; no daily matches no daily) and the plan writes ($9) —
 * the answer's writes (answerCtes). Returns the member's id, whether the plan's rows held, the answer
 * count (null: nothing written) and the streak found.
 * $1 chat platform, $2 chat external id, $3 chat fingerprint, $4 daily fingerprint (null: no daily),
 * $5 member platform, $6 member external id, $7 display name, $8 now, $9 the plan writes, $10–$32 answerCtes' values.
 */
const ANSWER_LATEST = `WITH
  chat AS (SELECT c."id" FROM "Chat" AS c WHERE c."platform" = $1::text AND c."externalId" = $2::text AND ${CHAT_FINGERPRINT("c")} = $3::text),
  latest AS (SELECT d."id", ${DAILY_FINGERPRINT("d")} AS "fingerprint" FROM "DailyQuestion" AS d WHERE d."chatId" = (SELECT "id" FROM chat) ORDER BY d."localDate" DESC LIMIT 1),
  planned AS (SELECT chat."id" AS "chatId", latest."id" AS "dailyId" FROM chat LEFT JOIN latest ON true WHERE latest."fingerprint" IS NOT DISTINCT FROM $4::text),
  ${memberCtes({ platform: "$5::text", externalId: "$6::text", displayName: "$7::text", now: "$8::timestamp" })},
  go AS (SELECT planned."chatId", planned."dailyId", member."id" AS "memberId" FROM planned, member WHERE $9::boolean),
  ${answerCtes({ chat: `(SELECT "chatId" FROM go)`, member: `(SELECT "memberId" FROM go)`, daily: `(SELECT "dailyId" FROM go)`, from: "go", first: 10 })}
SELECT (SELECT "id" FROM member) AS "memberId", EXISTS (SELECT 1 FROM planned) AS "planned", counted."answerCount", ${FOUND_STREAK}
  FROM (SELECT 1) AS one LEFT JOIN counted ON true
  LEFT JOIN "MemberStats" AS found ON found."chatId" = (SELECT "chatId" FROM planned) AND found."memberId" = (SELECT "id" FROM member)`;

/** A quiz answer's points: the same CTEs, in the quiz's transaction. $1 chat, $2 member, $3 points, $4 at, $5 periods. */
const AWARD_POINTS = `WITH ${pointsCtes({ chat: "$1::int", member: "$2::int", points: "$3::int", at: "$4::timestamp", periods: "$5::text[]" })} SELECT 1`;
/**
 * A member off every leaderboard (/forgetme), in its transaction: the totals deleted (locked, so an award
 * committed meanwhile is the total counted off) and one holder fewer at each one's key at every level. The
 * histogram rows are locked in key order first (`held`), the order awards take them in (pointsCtes), so a
 * removal and a concurrent award, or two removals, cannot deadlock. $1 member.
 */
const REMOVE_SCORES = `WITH gone AS (DELETE FROM "ScoreTotal" WHERE "memberId" = $1::int RETURNING "chatId", "period", "points"),
  held AS MATERIALIZED (SELECT h."chatId", h."period", h."level", h."points" FROM "ScoreHistogram" AS h
    JOIN (SELECT gone."chatId", gone."period", "level", gone."points" >> (${HISTOGRAM_SHIFT} * "level") AS "key" FROM gone CROSS JOIN unnest(ARRAY[${HISTOGRAM_LEVELS.join(", ")}]) AS "level") AS steps
      ON h."chatId" = steps."chatId" AND h."period" = steps."period" AND h."level" = steps."level" AND h."points" = steps."key"
    ORDER BY h."chatId", h."period", h."level", h."points" FOR UPDATE OF h)
UPDATE "ScoreHistogram" AS h SET "members" = h."members" - 1
  FROM held WHERE h."chatId" = held."chatId" AND h."period" = held."period" AND h."level" = held."level" AND h."points" = held."points"`;
/** A quiz answer's seen-question record: the same CTE. $1 member, $2 question, $3 response, $4 at. */
const MARK_SEEN = `WITH ${seenCte({ member: "$1::int", question: "$2::text", response: "$3::text", at: "$4::timestamp" })} SELECT "timesAnswered" FROM seen`;

/** A member's id in one statement (memberCtes). $1 platform, $2 external id, $3 display name, $4 now. */
const ENSURE_MEMBER = `WITH
  ${memberCtes({ platform: "$1::text", externalId: "$2::text", displayName: "$3::text", now: "$4::timestamp" })}
SELECT (SELECT "id" FROM member) AS "id"`;

/** Members whose streak this process wrote last, so their next answer is one statement: at most this many, the oldest dropped. */
const CACHE_SIZE = 100_000;

/** Sets a cache entry as the newest, dropping the oldest beyond CACHE_SIZE. */
function remember<K, V>(cache: Map<K, V>, key: K, value: V): void {
  cache.delete(key);
  cache.set(key, value);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
}
/** A row as read, with the hash of what the engine reads of it (CHAT_FINGERPRINT, DAILY_FINGERPRINT). */
interface Fingerprinted<Row> {
  row: Row;
  fingerprint: string;
}

/** Compare-and-set attempts before an answer takes the stats row lock instead. */
const OPTIMISTIC_ATTEMPTS = 3;

function sameStreak(a: StreakState, b: StreakState): boolean {
  return STREAK.every((c) => a[c] === b[c]);
}

const NUMBERED = new Map<string, string>();

/**
 * HotPath.standingRows in one statement: HOT_SQL.topScores ("isMe" 0) and HOT_SQL.rankOf ("isMe" 1), with
 * the limit written in (one prepared statement per limit): for `LIMIT $n` the generic plan assumes a tenth
 * of the period's members, costs far above a plan for 11 rows, so PostgreSQL planned every execution anew
 * (about 0.4 ms of 0.55 on the server).
 */
function standingSql(limit: number): string {
  const top = HOT_SQL.topScores.replace(/LIMIT \?$/, `LIMIT ${Math.trunc(limit)}`);
  if (top === HOT_SQL.topScores) throw new Error("HOT_SQL.topScores no longer ends with its LIMIT");
  return numbered(`SELECT * FROM (SELECT 0 AS "isMe", top.*, CAST(NULL AS INTEGER) AS "morePoints", CAST(NULL AS INTEGER) AS "samePoints" FROM (${top}) AS top
       UNION ALL SELECT 1, me.* FROM (${HOT_SQL.rankOf}) AS me) AS board
     ORDER BY "isMe", "points" DESC, "reachedAt", "memberId"`);
}

/** A named (server-side prepared) statement whose text is made (numbered) once per name. */
function prepared(name: string, makeText: () => string, values: unknown[]): pg.QueryConfig {
  let text = NUMBERED.get(name);
  if (text === undefined) NUMBERED.set(name, (text = makeText()));
  return { name, text, values, types };
}

/** One named statement of HOT_SQL. */
function statement(name: keyof typeof HOT_SQL, values: unknown[]): pg.QueryConfig {
  return prepared(`studybot_${name}`, () => numbered(HOT_SQL[name]), values);
}

/**
 * The answer hot path on PostgreSQL: HOT_SQL through the pool Prisma uses. A daily answer by reference is
 * one round trip (answerLatestDaily: ANSWER_LATEST). A daily answer of a known chat and member is one
 * statement (RECORD_ANSWER), scored from the streak this process last saw for the member (or the empty
 * streak of a new member); when another writer changed it meanwhile, the statement writes nothing and
 * returns the streak it found, and the answer is scored again. After OPTIMISTIC_ATTEMPTS such misses it
 * takes the stats row lock first (lockStreak), in the lock order a quiz answer also takes.
 */
export class PostgresHotPath implements HotPath {
  private readonly streaks = new Map<string, StreakState>();
  /** Chats' rows by reference and their latest dailies' by chat, as last read: the plans of answers, checked by ANSWER_LATEST. */
  private readonly chats = new Map<string, Fingerprinted<ChatRow>>();
  private readonly dailies = new Map<number, Fingerprinted<DailyRow> | null>();
  /** Members' ids by reference as last seen: only which streak to expect (ANSWER_LATEST looks the member up itself). */
  private readonly memberIds = new Map<string, number>();

  constructor(private readonly pool: pg.Pool) {}

  /**
   * An answer to the chat's latest daily in one statement (ANSWER_LATEST), planned from the chat's row and
   * latest daily this process last read and scored from the streak it last saw: when the chat or the daily
   * changed meanwhile, they are read again and the answer planned again; when the streak changed, it is
   * scored again from the one found. Null (the caller goes step by step) for an unknown chat, a duplicate
   * answer, a member added by another process at the same moment, or OPTIMISTIC_ATTEMPTS misses.
   */
  async answerLatestDaily(chatRef: ChatRef, memberRef: MemberRef, now: Date, plan: (chat: ChatRow, daily: DailyRow | undefined) => DailyAnswerPlan): Promise<LatestDailyRows | null> {
    const chatKey = `${chatRef.platform}:${chatRef.externalId}`;
    const memberKey = `${memberRef.platform}:${memberRef.externalId}`;
    let chat = this.chats.get(chatKey);
    for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
      if (!chat) {
        chat = await this.readChat(chatRef, chatKey);
        if (!chat) return null;
      }
      const daily = this.dailies.has(chat.row.id) ? this.dailies.get(chat.row.id)! : await this.readLatestDaily(chat.row.id);
      const hinted = this.memberIds.get(memberKey);
      const expected = (hinted !== undefined && this.streaks.get(`${chat.row.id}:${hinted}`)) || EMPTY_STREAK;
      const planned = plan(chat.row, daily?.row);
      const scored = planned.write && planned.score(expected);
      let result: pg.QueryResult;
      try {
        result = await this.pool.query({
          name: "studybot_answerLatest",
          text: ANSWER_LATEST,
          values: [
            chatRef.platform, chatRef.externalId, chat.fingerprint, daily?.fingerprint ?? null,
            memberRef.platform, memberRef.externalId, memberRef.displayName, pgTimestamp(now), scored !== null,
            ...(planned.write && scored ? answerValues(planned.write, scored.streak, scored.points, expected) : Array(23).fill(null)),
          ],
          types,
        });
      } catch (error) {
        // A second answer: the step-by-step path finds the first one and reports it.
        if ((error as { code?: string }).code === UNIQUE_VIOLATION) return null;
        throw error;
      }
      const row = result.rows[0] as { memberId: number | null; planned: boolean; answerCount: number | null; found: boolean } & StreakState;
      if (row.memberId === null) return null;
      remember(this.memberIds, memberKey, row.memberId);
      const key = `${chat.row.id}:${row.memberId}`;
      if (!row.planned) {
        // The chat's row or its latest daily is not the one planned from: read both again.
        this.dailies.delete(chat.row.id);
        chat = undefined;
        continue;
      }
      if (!planned.write || !scored) return { chat: chat.row, daily: daily?.row, memberId: row.memberId, recorded: null };
      if (row.answerCount !== null) {
        const recorded = this.remember(key, { ...scored, answerCount: row.answerCount });
        if (daily) daily.row.answerCount = Math.max(daily.row.answerCount, row.answerCount);
        return { chat: chat.row, daily: daily?.row, memberId: row.memberId, recorded };
      }
      // Another writer moved the member's streak: score again from the one found.
      remember(this.streaks, key, row.found ? (Object.fromEntries(STREAK.map((c) => [c, row[c]])) as unknown as StreakState) : EMPTY_STREAK);
    }
    return null;
  }

  private async readChat(ref: ChatRef, key: string): Promise<Fingerprinted<ChatRow> | undefined> {
    const row = (await this.pool.query({ name: "studybot_chatRow", text: CHAT_ROW, values: [ref.platform, ref.externalId], types })).rows[0] as (ChatRow & { fingerprint: string }) | undefined;
    if (!row) return undefined;
    const { fingerprint, ...chat } = row;
    const read = { row: chat, fingerprint };
    remember(this.chats, key, read);
    return read;
  }

  private async readLatestDaily(chatId: number): Promise<Fingerprinted<DailyRow> | null> {
    const row = (await this.pool.query({ name: "studybot_latestDailyRow", text: LATEST_DAILY_ROW, values: [chatId], types })).rows[0] as (DailyRow & { fingerprint: string }) | undefined;
    const read = row ? (({ fingerprint, ...daily }) => ({ row: daily, fingerprint }))(row) : null;
    remember(this.dailies, chatId, read);
    return read;
  }

  async chatRow(platform: string, externalId: string): Promise<Record<string, unknown> | undefined> {
    return (await this.pool.query(statement("chatByRef", [platform, externalId]))).rows[0] as Record<string, unknown> | undefined;
  }

  async topScoreRows(chatId: number, period: string, limit: number): Promise<Record<string, unknown>[]> {
    return (await this.pool.query(statement("topScores", [chatId, period, limit]))).rows as Record<string, unknown>[];
  }

  async rankRow(chatId: number, period: string, memberId: number): Promise<Record<string, unknown> | undefined> {
    return (await this.pool.query(statement("rankOf", [chatId, period, memberId]))).rows[0] as Record<string, unknown> | undefined;
  }

  async standingRows(chatId: number, period: string, limit: number, memberId: number): Promise<Record<string, unknown>[]> {
    const query = prepared(`studybot_standing_${limit}`, () => standingSql(limit), [chatId, period, chatId, period, memberId]);
    return (await this.pool.query(query)).rows as Record<string, unknown>[];
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
        values: [write.chatId, write.memberId, write.dailyId, ...answerValues(write, streak, points, expected)],
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
