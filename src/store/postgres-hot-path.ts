import pg from "pg";
import { DuplicateError, type DailyAnswerWrite, type RecordedDailyAnswer, type ScoreDailyAnswer, type StreakState } from "../engine/ports.js";
import { HOT_SQL, numbered, type HotPath } from "./hot-path.js";

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

/**
 * HOT_SQL's answer writes (insertAnswer, saveStreak, addPoints for each period, markSeen, countAnswer) as
 * one statement of data-modifying CTEs. The stats row exists: lockStreak made it in this transaction.
 */
const RECORD_ANSWER = `WITH
  answer AS (INSERT INTO "DailyAnswer" ("dailyQuestionId", "memberId", "response", "correct", "points", "streak", "answeredAt", "revision") VALUES ($1, $2, $3, $4, $5, $6, $7::timestamp, $18)),
  stats AS (UPDATE "MemberStats" SET "currentStreak" = $6, "longestStreak" = $8, "lastStreakDate" = $9, "dailyAnswers" = "dailyAnswers" + 1, "dailyCorrect" = "dailyCorrect" + $10,
            "freezesHeld" = $14, "freezeProgress" = $15, "frozenInRow" = $16, "frozenInRun" = $17
            WHERE "chatId" = $11 AND "memberId" = $2),
  points AS (INSERT INTO "ScoreTotal" ("chatId", "period", "memberId", "points", "reachedAt") SELECT $11, period, $2, $5, $7::timestamp FROM unnest($12::text[]) AS period
             ON CONFLICT ("chatId", "period", "memberId") DO UPDATE SET "points" = "ScoreTotal"."points" + excluded."points", "reachedAt" = excluded."reachedAt"),
  seen AS (INSERT INTO "SeenQuestion" ("memberId", "questionId", "firstSeenAt", "lastSeenAt", "timesAnswered", "lastResponse") VALUES ($2, $13, $7::timestamp, $7::timestamp, 1, $3)
           ON CONFLICT ("memberId", "questionId") DO UPDATE SET "lastSeenAt" = excluded."lastSeenAt", "timesAnswered" = "SeenQuestion"."timesAnswered" + 1, "lastResponse" = excluded."lastResponse")
UPDATE "DailyQuestion" SET "answerCount" = "answerCount" + 1 WHERE "id" = $1 RETURNING "answerCount"`;

const NUMBERED = new Map<string, string>();

/** One named (server-side prepared) statement of HOT_SQL, numbered once. */
function statement(name: keyof typeof HOT_SQL, values: unknown[], suffix = ""): pg.QueryConfig {
  const key = `studybot_${name}${suffix ? "_x" : ""}`;
  let text = NUMBERED.get(key);
  if (text === undefined) NUMBERED.set(key, (text = numbered(HOT_SQL[name] + suffix)));
  return { name: key, text, values, types };
}

/**
 * The answer hot path on PostgreSQL: HOT_SQL through the pool Prisma uses, one transaction per answer.
 * The stats row is locked first (lockStreak), so one member's concurrent answers queue, in the lock order a quiz answer also takes.
 */
export class PostgresHotPath implements HotPath {
  constructor(private readonly pool: pg.Pool) {}

  async chatRow(platform: string, externalId: string): Promise<Record<string, unknown> | undefined> {
    return (await this.pool.query(statement("chatByRef", [platform, externalId]))).rows[0] as Record<string, unknown> | undefined;
  }

  async latestDailyRow(chatId: number): Promise<Record<string, unknown> | undefined> {
    return (await this.pool.query(statement("latestDaily", [chatId]))).rows[0] as Record<string, unknown> | undefined;
  }

  async ensureMember(platform: string, externalId: string, displayName: string, now: Date): Promise<number> {
    const found = (await this.pool.query(statement("memberByRef", [platform, externalId]))).rows[0] as { id: number; displayName: string } | undefined;
    if (found) {
      if (found.displayName !== displayName) await this.pool.query(statement("renameMember", [displayName, found.id]));
      return found.id;
    }
    // Another process may add the member at the same moment: the unique key keeps one row, read back here.
    const inserted = await this.pool.query(statement("insertMember", [platform, externalId, displayName, pgTimestamp(now)], ` ON CONFLICT ("platform", "externalId") DO NOTHING RETURNING "id"`));
    if (inserted.rows[0]) return (inserted.rows[0] as { id: number }).id;
    return ((await this.pool.query(statement("memberByRef", [platform, externalId]))).rows[0] as { id: number }).id;
  }

  async recordDailyAnswer(write: DailyAnswerWrite, score: ScoreDailyAnswer): Promise<RecordedDailyAnswer> {
    const client = await this.pool.connect();
    const at = pgTimestamp(write.at);
    try {
      await client.query("BEGIN");
      const locked = await client.query(statement("lockStreak", [write.chatId, write.memberId]));
      const { streak, points } = score(locked.rows[0] as StreakState);
      let counted: pg.QueryResult;
      try {
        // Every write of the answer in one statement: one round trip instead of seven.
        counted = await client.query({
          name: "studybot_recordAnswer",
          text: RECORD_ANSWER,
          values: [write.dailyId, write.memberId, write.response, write.correct, points, streak.currentStreak, at, streak.longestStreak, streak.lastStreakDate, write.correct ? 1 : 0, write.chatId, write.periods, write.questionId,
            streak.freezesHeld, streak.freezeProgress, streak.frozenInRow, streak.frozenInRun, write.revision ?? null],
          types,
        });
      } catch (error) {
        if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw new DuplicateError("daily answer");
        throw error;
      }
      await client.query("COMMIT");
      return { streak, points, answerCount: (counted.rows[0] as { answerCount: number }).answerCount };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
