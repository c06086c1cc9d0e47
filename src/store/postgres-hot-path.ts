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

/** One named (server-side prepared) statement of HOT_SQL. */
function statement(name: keyof typeof HOT_SQL, values: unknown[], suffix = ""): pg.QueryConfig {
  return { name: `studybot_${name}${suffix ? "_x" : ""}`, text: numbered(HOT_SQL[name] + suffix), values, types };
}

/**
 * The answer hot path on PostgreSQL: HOT_SQL through the pool Prisma uses, one transaction per answer.
 * The stats row is locked first (as in PrismaStoreTx.getStats), so one member's concurrent answers queue.
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
      try {
        await client.query(statement("insertAnswer", [write.dailyId, write.memberId, write.response, write.correct, points, streak.currentStreak, at]));
      } catch (error) {
        if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw new DuplicateError("daily answer");
        throw error;
      }
      await client.query(statement("saveStreak", [write.chatId, write.memberId, streak.currentStreak, streak.longestStreak, streak.lastStreakDate, write.correct ? 1 : 0]));
      for (const period of write.periods) await client.query(statement("addPoints", [write.chatId, period, write.memberId, points, at]));
      await client.query(statement("markSeen", [write.memberId, write.questionId, at, at, write.response]));
      const counted = await client.query(statement("countAnswer", [write.dailyId]));
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
