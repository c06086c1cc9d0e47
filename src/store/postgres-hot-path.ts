import pg from "pg";
import { DuplicateError, type DailyAnswerPlan, type DailyAnswerWrite, type PointsAward, type RecordedDailyAnswer, type ScoreDailyAnswer, type StreakState } from "../engine/ports.js";
import { EMPTY_STREAK } from "../engine/streak.js";
import type { ChatRef, MemberRef } from "../engine/types.js";
import { HISTOGRAM_LEVELS, HISTOGRAM_SHIFT, HOT_SQL, numbered, type HotPath, type LatestDailyRows } from "./hot-path.js";
import type { ChatRow, DailyRow, Db } from "./prisma-rows.js";
import { pgTimestamp, utcTimestamps as types } from "./pg-types.js";

const UNIQUE_VIOLATION = "23505";

/**
 * The one spelling of a points award on PostgreSQL, as two CTEs over `awards`, a relation of one row per
 * award ("chatId", "memberId", "points", "at"; one member once), each award added in every one of `periods`:
 * `points` adds to each period's total (a new row or an atomic increment), `histogram` moves each member in
 * the leaderboard histogram from the old total (the new one less the award, unless the row is new: xmax = 0)
 * to the new one at each level (moves that net to nothing are no row: a level whose key stays the same, or
 * one member leaving a key another reaches), in one INSERT whose rows come in key order, so concurrent
 * awards lock histogram rows in one order. Several awards in one statement (a group of daily answers)
 * update each shared histogram row once.
 */
export function pointsCtes(v: { awards: string; periods: string }): string {
  return `points AS (INSERT INTO "ScoreTotal" ("chatId", "period", "memberId", "points", "reachedAt")
             SELECT a."chatId", period, a."memberId", a."points", a."at" FROM ${v.awards} AS a, unnest(${v.periods}) AS period ORDER BY a."chatId", period, a."memberId"
             ON CONFLICT ("chatId", "period", "memberId") DO UPDATE SET "points" = "ScoreTotal"."points" + excluded."points", "reachedAt" = excluded."reachedAt"
             RETURNING "chatId", "period", "memberId", "points", (xmax = 0) AS "inserted"),
  histogram AS (INSERT INTO "ScoreHistogram" ("chatId", "period", "level", "points", "members")
             SELECT "chatId", "period", "level", "key", SUM("delta") FROM (
               SELECT "chatId", "period", "level", "points" >> (${HISTOGRAM_SHIFT} * "level") AS "key", "delta" FROM (
                 SELECT "chatId", "period", "points", 1 AS "delta" FROM points
                 UNION ALL SELECT p."chatId", p."period", p."points" - a."points", -1 FROM points AS p
                   JOIN ${v.awards} AS a ON a."chatId" = p."chatId" AND a."memberId" = p."memberId" WHERE NOT p."inserted") AS moves
               CROSS JOIN unnest(ARRAY[${HISTOGRAM_LEVELS.join(", ")}]) AS "level") AS steps
             GROUP BY "chatId", "period", "level", "key" HAVING SUM("delta") <> 0 ORDER BY "chatId", "period", "level", "key"
             ON CONFLICT ("chatId", "period", "level", "points") DO UPDATE SET "members" = "ScoreHistogram"."members" + excluded."members"
             RETURNING 1)`;
}

/**
 * The one spelling of the seen-question record on PostgreSQL, as a CTE `seen` over `answers` (rows of
 * "memberId", "response", "at"; one member once) for the question `question`, returning each member's times
 * answered (this one included).
 */
export function seenCte(v: { answers: string; question: string }): string {
  return `seen AS (INSERT INTO "SeenQuestion" ("memberId", "questionId", "firstSeenAt", "lastSeenAt", "timesAnswered", "lastResponse")
           SELECT s."memberId", ${v.question}, s."at", s."at", 1, s."response" FROM ${v.answers} AS s ORDER BY s."memberId"
           ON CONFLICT ("memberId", "questionId") DO UPDATE SET "lastSeenAt" = excluded."lastSeenAt", "timesAnswered" = "SeenQuestion"."timesAnswered" + 1, "lastResponse" = excluded."lastResponse"
           RETURNING "memberId", "timesAnswered")`;
}

const STREAK = ["currentStreak", "longestStreak", "lastStreakDate", "freezesHeld", "freezeProgress", "frozenInRow", "frozenInRun"] as const;
const STREAK_TYPES = ["int", "int", "text", "int", "int", "int", "int"] as const;
const quoted = (columns: readonly string[]) => columns.map((c) => `"${c}"`).join(", ");
const expectedColumn = (c: string) => `expected_${c}`;

/**
 * A daily answer's own values, one column each in the relation answerCtes reads: the response, whether it
 * was correct, the points, the new streak, the time, correct as 0/1, the streak it was scored from
 * (expected) and whether that is the empty one. answerValues gives them in this order.
 */
const ANSWER_COLUMNS: readonly (readonly [string, string])[] = [
  ["response", "text"], ["correct", "boolean"], ["points", "int"],
  ...STREAK.map((c, i) => [c, STREAK_TYPES[i]!] as const),
  ["at", "timestamp"], ["correctCount", "int"],
  ...STREAK.map((c, i) => [expectedColumn(c), STREAK_TYPES[i]!] as const),
  ["expectedEmpty", "boolean"],
];

/** ANSWER_COLUMNS as scalar placeholders from $first on (one answer). */
const answerColumnsFrom = (first: number) => ANSWER_COLUMNS.map(([c, type], i) => `$${first + i}::${type} AS "${c}"`).join(", ");
/** ANSWER_COLUMNS as array placeholders from $first on, for unnest (a group of answers). */
const answerArraysFrom = (first: number) => ANSWER_COLUMNS.map(([, type], i) => `$${first + i}::${type}[]`).join(", ");

/**
 * The one spelling of daily answers' writes on PostgreSQL, as CTEs over `answers`: a relation of one row per
 * answer ("ord", "chatId", "memberId", "dailyId" and ANSWER_COLUMNS; one member once), all to one daily
 * (`question`, its revision `revision`) in the same `periods`. An answer is written only when its member's
 * streak is still the one it was scored from (compare and set: `stats` updates the stats row only when its
 * streak columns equal the expected ones, or makes it when missing and the expected streak is the empty one).
 * Every other write takes its rows from `written` (those answers), so a stale streak writes nothing of that
 * answer: the statement then returns the streak it found, and that answer is scored again. A duplicate answer
 * fails the whole statement (unique key). A new column of an answer goes into `answer` (and ANSWER_COLUMNS);
 * nothing else changes.
 * Every row is found through a unique index whatever the table's size when the plan was cached (ON CONFLICT's
 * arbiter, lookups as LATERAL … LIMIT 1, the daily by its id): a generic plan made while the tables were
 * small would otherwise keep hash joins over whole tables once they grew. Each write takes its rows in key
 * order, so two statements (two chats' groups with members in common, or two processes) lock rows shared
 * between them in one order and cannot deadlock.
 * `counted` reads `answer`, `histogram` and `seen` to the end first, so the rows every answer of a burst
 * updates (the daily's answer count, the histogram's) are written last and stay locked only until the
 * commit; it adds the written answers to the count at once and returns the count after them ("answerCount")
 * and how many they are ("answers"): the answers take the counts below it in "ord" order (`ranked`).
 */
function answerCtes(v: { answers: string; periods: string; question: string; revision: string }): string {
  const streakOf = (alias: string) => `(${STREAK.map((c) => `${alias}."${c}"`).join(", ")})`;
  return `stats AS (INSERT INTO "MemberStats" ("chatId", "memberId", ${quoted(STREAK)}, "dailyAnswers", "dailyCorrect")
            SELECT a."chatId", a."memberId", ${STREAK.map((c) => `a."${c}"`).join(", ")}, 1, a."correctCount" FROM ${v.answers} AS a
              LEFT JOIN LATERAL (SELECT 1 AS "present" FROM "MemberStats" AS s WHERE s."chatId" = a."chatId" AND s."memberId" = a."memberId" LIMIT 1) AS row ON true
            WHERE a."expectedEmpty" OR row."present" IS NOT NULL ORDER BY a."chatId", a."memberId"
            ON CONFLICT ("chatId", "memberId") DO UPDATE SET ${STREAK.map((c) => `"${c}" = excluded."${c}"`).join(", ")},
              "dailyAnswers" = "MemberStats"."dailyAnswers" + 1, "dailyCorrect" = "MemberStats"."dailyCorrect" + excluded."dailyCorrect"
            WHERE EXISTS (SELECT 1 FROM ${v.answers} AS e WHERE e."chatId" = excluded."chatId" AND e."memberId" = excluded."memberId"
              AND ${streakOf('"MemberStats"')} IS NOT DISTINCT FROM (${STREAK.map((c) => `e."${expectedColumn(c)}"`).join(", ")}))
            RETURNING "chatId", "memberId"),
  written AS (SELECT a.* FROM ${v.answers} AS a JOIN stats ON stats."chatId" = a."chatId" AND stats."memberId" = a."memberId"),
  answer AS (INSERT INTO "DailyAnswer" ("dailyQuestionId", "memberId", "response", "correct", "points", "streak", "answeredAt", "revision")
             SELECT w."dailyId", w."memberId", w."response", w."correct", w."points", w."currentStreak", w."at", ${v.revision} FROM written AS w ORDER BY w."memberId"
             RETURNING 1),
  ${pointsCtes({ awards: "written", periods: v.periods })},
  ${seenCte({ answers: "written", question: v.question })},
  counted AS (UPDATE "DailyQuestion" AS d SET "answerCount" = d."answerCount" + (SELECT COUNT(*)::int FROM written)
              WHERE d."id" = (SELECT "dailyId" FROM written LIMIT 1)
                AND (SELECT COUNT(*) FROM answer) + (SELECT COUNT(*) FROM histogram) + (SELECT COUNT(*) FROM seen) >= 0
              RETURNING d."answerCount", (SELECT COUNT(*)::int FROM written) AS "answers"),
  ranked AS (SELECT "ord", row_number() OVER (ORDER BY "ord")::int AS "rank" FROM written)`;
}

/** An answer's count among the daily's answers (null: not written), from answerCtes' `counted` and `ranked` (joined as r). */
const ANSWER_COUNT = `counted."answerCount" - counted."answers" + r."rank"`;

/** An answer's ANSWER_COLUMNS values, for an answer scored `streak`, `points` from `expected`. */
function answerValues(write: Pick<DailyAnswerWrite, "response" | "correct" | "at">, streak: StreakState, points: number, expected: StreakState): unknown[] {
  return [
    write.response, write.correct, points,
    ...STREAK.map((c) => streak[c]),
    pgTimestamp(write.at), write.correct ? 1 : 0,
    ...STREAK.map((c) => expected[c]),
    sameStreak(expected, EMPTY_STREAK),
  ];
}

/** The streak columns of the stats row found (`found`), and whether there was one. */
const FOUND_STREAK = `(found."chatId" IS NOT NULL) AS "found", ${STREAK.map((c) => `found."${c}"`).join(", ")}`;

/**
 * A daily answer's writes as one statement (answerCtes, one answer). $1 chat, $2 member, $3 daily,
 * $4 periods, $5 question, $6 revision, $7– ANSWER_COLUMNS.
 */
const RECORD_ANSWER = `WITH
  one AS (SELECT 1::bigint AS "ord", $1::int AS "chatId", $2::int AS "memberId", $3::int AS "dailyId", ${answerColumnsFrom(7)}),
  ${answerCtes({ answers: "one", periods: "$4::text[]", question: "$5::text", revision: "$6::text" })}
SELECT ${ANSWER_COUNT} AS "answerCount", ${FOUND_STREAK}
  FROM one LEFT JOIN ranked AS r ON r."ord" = one."ord" LEFT JOIN counted ON r."ord" IS NOT NULL
  LEFT JOIN "MemberStats" AS found ON found."chatId" = $1::int AND found."memberId" = $2::int`;

/**
 * The one spelling of "members' ids, found (renamed when the display name changed) or added", as CTEs over
 * `refs` (rows of "ord", "platform", "externalId", "displayName"; one member once) ending in `member`
 * ("ord", "id"; no row for a member another process added at the same moment). The renames are worked out
 * before "Member" is joined (`renames`), so the common case, no rename, never reads the table whatever the plan.
 */
function memberCtes(v: { refs: string; now: string }): string {
  return `known AS (SELECT r."ord", m."id", m."displayName" FROM ${v.refs} AS r
            CROSS JOIN LATERAL (SELECT "id", "displayName" FROM "Member" AS m WHERE m."platform" = r."platform" AND m."externalId" = r."externalId" LIMIT 1) AS m),
  added AS (INSERT INTO "Member" ("platform", "externalId", "displayName", "createdAt") SELECT r."platform", r."externalId", r."displayName", ${v.now} FROM ${v.refs} AS r
            WHERE NOT EXISTS (SELECT 1 FROM known WHERE known."ord" = r."ord") ORDER BY r."platform", r."externalId"
            ON CONFLICT ("platform", "externalId") DO NOTHING RETURNING "id", "platform", "externalId"),
  renames AS MATERIALIZED (SELECT known."id", r."displayName" FROM known JOIN ${v.refs} AS r ON r."ord" = known."ord" WHERE known."displayName" <> r."displayName"),
  renamed AS (UPDATE "Member" AS m SET "displayName" = renames."displayName" FROM renames WHERE m."id" = renames."id"),
  member AS (SELECT "ord", "id" FROM known UNION ALL SELECT r."ord", added."id" FROM added JOIN ${v.refs} AS r ON r."platform" = added."platform" AND r."externalId" = added."externalId")`;
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
 * A group of answers to one chat's latest daily in one statement (HotPath.answerLatestDaily): each member
 * ensured (memberCtes), then — only when the chat's row and its latest daily are still the ones the answers
 * were planned from (`planned`: the fingerprints match; no daily matches no daily) — the writes of the answers
 * whose plan writes (answerCtes). One row per answer, in "ord" order: the member's id, whether the plan's
 * rows held, the answer count (null: nothing written) and the streak found.
 * $1 chat platform, $2 chat external id, $3 chat fingerprint, $4 daily fingerprint (null: no daily), $5 now,
 * $6 periods, $7 question, $8 revision; one element per answer: $9 member platform, $10 external id,
 * $11 display name, $12 the plan writes, $13– ANSWER_COLUMNS.
 */
const ANSWER_LATEST = `WITH
  chat AS (SELECT c."id" FROM "Chat" AS c WHERE c."platform" = $1::text AND c."externalId" = $2::text AND ${CHAT_FINGERPRINT("c")} = $3::text),
  latest AS (SELECT d."id", ${DAILY_FINGERPRINT("d")} AS "fingerprint" FROM "DailyQuestion" AS d WHERE d."chatId" = (SELECT "id" FROM chat) ORDER BY d."localDate" DESC LIMIT 1),
  planned AS (SELECT chat."id" AS "chatId", latest."id" AS "dailyId" FROM chat LEFT JOIN latest ON true WHERE latest."fingerprint" IS NOT DISTINCT FROM $4::text),
  input AS (SELECT * FROM unnest($9::text[], $10::text[], $11::text[], $12::boolean[], ${answerArraysFrom(13)})
            WITH ORDINALITY AS i("platform", "externalId", "displayName", "writes", ${ANSWER_COLUMNS.map(([c]) => `"${c}"`).join(", ")}, "ord")),
  ${memberCtes({ refs: "input", now: "$5::timestamp" })},
  go AS (SELECT input.*, planned."chatId", planned."dailyId", member."id" AS "memberId" FROM input JOIN member ON member."ord" = input."ord" CROSS JOIN planned WHERE input."writes"),
  ${answerCtes({ answers: "go", periods: "$6::text[]", question: "$7::text", revision: "$8::text" })}
SELECT member."id" AS "memberId", EXISTS (SELECT 1 FROM planned) AS "planned", ${ANSWER_COUNT} AS "answerCount", ${FOUND_STREAK}
  FROM input LEFT JOIN member ON member."ord" = input."ord" LEFT JOIN ranked AS r ON r."ord" = input."ord" LEFT JOIN counted ON r."ord" IS NOT NULL
  LEFT JOIN LATERAL (SELECT * FROM "MemberStats" AS s WHERE s."chatId" = (SELECT "chatId" FROM planned) AND s."memberId" = member."id" LIMIT 1) AS found ON true
  ORDER BY input."ord"`;

/** A quiz answer's points: the same CTEs, in the quiz's transaction. $1 chat, $2 member, $3 points, $4 at, $5 periods. */
const AWARD_POINTS = `WITH award AS (SELECT $1::int AS "chatId", $2::int AS "memberId", $3::int AS "points", $4::timestamp AS "at"),
  ${pointsCtes({ awards: "award", periods: "$5::text[]" })} SELECT 1`;
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
const MARK_SEEN = `WITH mark AS (SELECT $1::int AS "memberId", $3::text AS "response", $4::timestamp AS "at"),
  ${seenCte({ answers: "mark", question: "$2::text" })} SELECT "timesAnswered" FROM seen`;

/** A member's id in one statement (memberCtes). $1 platform, $2 external id, $3 display name, $4 now. */
const ENSURE_MEMBER = `WITH one AS (SELECT 1::bigint AS "ord", $1::text AS "platform", $2::text AS "externalId", $3::text AS "displayName"),
  ${memberCtes({ refs: "one", now: "$4::timestamp" })}
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

/** An answer waiting for its statement (PostgresHotPath.inGroup), with the rows it was planned from. */
interface GroupedAnswer {
  chatRef: ChatRef;
  chatKey: string;
  memberRef: MemberRef;
  memberKey: string;
  now: Date;
  chat: Fingerprinted<ChatRow>;
  daily: Fingerprinted<DailyRow> | null;
  /** What the answers of one statement share (the question and periods), when this one writes. */
  shared: SharedAnswerValues | null;
  /** Its ANSWER_COLUMNS values, when it writes. */
  values: unknown[] | null;
  resolve(row: AnswerLatestRow | null): void;
  reject(error: unknown): void;
}

interface SharedAnswerValues {
  periods: string[];
  questionId: string;
  revision: string | null;
}

function sameShared(a: SharedAnswerValues, b: SharedAnswerValues): boolean {
  return a.questionId === b.questionId && a.revision === b.revision && a.periods.length === b.periods.length && a.periods.every((p, i) => p === b.periods[i]);
}

/** One row of ANSWER_LATEST. */
type AnswerLatestRow = { memberId: number | null; planned: boolean; answerCount: number | null; found: boolean } & StreakState;

/** Answers in one statement of ANSWER_LATEST at most. */
const GROUP_LIMIT = 64;
const DEADLOCK_DETECTED = "40P01";

/**
 * Takes out of a chat's waiting answers the first and those that can share its statement: planned from the
 * same rows, to the same question in the same periods (or writing nothing), each member once, at most
 * GROUP_LIMIT. The rest stay waiting, in order.
 */
function nextGroup(waiting: GroupedAnswer[]): GroupedAnswer[] {
  const head = waiting[0]!;
  const group: GroupedAnswer[] = [];
  const rest: GroupedAnswer[] = [];
  const members = new Set<string>();
  let shared = head.shared;
  for (const answer of waiting) {
    const fits =
      group.length < GROUP_LIMIT &&
      answer.chat.fingerprint === head.chat.fingerprint &&
      answer.daily?.fingerprint === head.daily?.fingerprint &&
      !members.has(answer.memberKey) &&
      (!answer.shared || !shared || sameShared(answer.shared, shared));
    if (!fits) {
      rest.push(answer);
      continue;
    }
    group.push(answer);
    members.add(answer.memberKey);
    shared ??= answer.shared;
  }
  waiting.splice(0, waiting.length, ...rest);
  return group;
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
  /** Answers waiting for the next statement of ANSWER_LATEST (inGroup) by chat, and the chats whose statement is running. */
  private readonly waiting = new Map<string, GroupedAnswer[]>();
  private readonly inFlight = new Set<string>();
  private scheduled = false;
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
      const writes = planned.write && scored ? { write: planned.write, scored } : null;
      const row = await this.inGroup({
        chatRef, chatKey, memberRef, memberKey, now, chat, daily,
        shared: writes && { periods: writes.write.periods, questionId: writes.write.questionId, revision: writes.write.revision ?? null },
        values: writes && answerValues(writes.write, writes.scored.streak, writes.scored.points, expected),
      });
      // A second answer: the step-by-step path finds the first one and reports it.
      if (row === null) return null;
      if (row.memberId === null) return null;
      remember(this.memberIds, memberKey, row.memberId);
      const key = `${chat.row.id}:${row.memberId}`;
      if (!row.planned) {
        // The chat's row or its latest daily is not the one planned from: read both again.
        this.dailies.delete(chat.row.id);
        chat = undefined;
        continue;
      }
      if (!writes) return { chat: chat.row, daily: daily?.row, memberId: row.memberId, recorded: null };
      if (row.answerCount !== null) {
        const recorded = this.remember(key, { ...writes.scored, answerCount: row.answerCount });
        if (daily) daily.row.answerCount = Math.max(daily.row.answerCount, row.answerCount);
        return { chat: chat.row, daily: daily?.row, memberId: row.memberId, recorded };
      }
      // Another writer moved the member's streak: score again from the one found.
      remember(this.streaks, key, row.found ? (Object.fromEntries(STREAK.map((c) => [c, row[c]])) as unknown as StreakState) : EMPTY_STREAK);
    }
    return null;
  }

  /**
   * Runs an answer in the next statement of ANSWER_LATEST (group commit): while a chat's statement runs, the
   * chat's answers that arrive meanwhile wait, and go together in its next one — each of its rows
   * (the chat's answer count, the histogram's) is then updated once for all of them, and the statement's own
   * cost is shared. Null: the answer is a duplicate.
   */
  private inGroup(answer: Omit<GroupedAnswer, "resolve" | "reject">): Promise<AnswerLatestRow | null> {
    return new Promise((resolve, reject) => {
      const queued = { ...answer, resolve, reject };
      const chatWaiting = this.waiting.get(answer.chatKey);
      if (chatWaiting) chatWaiting.push(queued);
      else this.waiting.set(answer.chatKey, [queued]);
      this.schedule();
    });
  }

  /**
   * Starts the next statements after the current turn of the event loop, so the answers arriving in it go
   * together: one statement at a time per chat (two side by side would queue on the chat's shared rows, the
   * daily's answer count and the histogram's, and ran slower than one), the chats side by side.
   */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      for (const [chatKey, chatWaiting] of this.waiting) {
        if (this.inFlight.has(chatKey)) continue;
        const group = nextGroup(chatWaiting);
        if (chatWaiting.length === 0) this.waiting.delete(chatKey);
        this.inFlight.add(chatKey);
        void this.runGroup(group).finally(() => {
          this.inFlight.delete(chatKey);
          if (this.waiting.has(chatKey)) this.schedule();
        });
      }
    });
  }

  /** One statement for the group; when one answer's duplicate (or a lock cycle) fails it, each answer alone. Never rejects. */
  private async runGroup(group: GroupedAnswer[]): Promise<void> {
    let rows: AnswerLatestRow[];
    try {
      rows = await this.answerStatement(group);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (group.length > 1 && (code === UNIQUE_VIOLATION || code === DEADLOCK_DETECTED)) {
        await Promise.all(group.map((answer) => this.runGroup([answer])));
        return;
      }
      for (const answer of group) {
        if (code === UNIQUE_VIOLATION) answer.resolve(null);
        else answer.reject(error);
      }
      return;
    }
    group.forEach((answer, i) => answer.resolve(rows[i]!));
  }

  private async answerStatement(group: GroupedAnswer[]): Promise<AnswerLatestRow[]> {
    const head = group[0]!;
    const shared = group.find((answer) => answer.shared)?.shared;
    const now = new Date(Math.max(...group.map((answer) => answer.now.getTime())));
    const values = [
      head.chatRef.platform, head.chatRef.externalId, head.chat.fingerprint, head.daily?.fingerprint ?? null, pgTimestamp(now),
      shared?.periods ?? [], shared?.questionId ?? null, shared?.revision ?? null,
      group.map((answer) => answer.memberRef.platform),
      group.map((answer) => answer.memberRef.externalId),
      group.map((answer) => answer.memberRef.displayName),
      group.map((answer) => answer.values !== null),
      ...ANSWER_COLUMNS.map((_, column) => group.map((answer) => (answer.values ? answer.values[column] : null))),
    ];
    const result = await this.pool.query({ name: "studybot_answerLatest", text: ANSWER_LATEST, values, types });
    return result.rows as AnswerLatestRow[];
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
        values: [write.chatId, write.memberId, write.dailyId, write.periods, write.questionId, write.revision ?? null, ...answerValues(write, streak, points, expected)],
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
