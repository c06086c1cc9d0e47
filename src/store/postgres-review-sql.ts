import pg from "pg";
import type { CardRecord, GradeWrite } from "../engine/review/ports.js";
import { numbered } from "./hot-path.js";
import { cardOf, cardValues, logValues, REVIEW_SQL, type ReviewSql } from "./review-sql.js";
import { pgTimestamp, utcTimestamps as types } from "./pg-types.js";

const UNIQUE_VIOLATION = "23505";

const date = (value: unknown) => value as Date;

/** The card's saved state and its log row in one statement (one round trip): an existing card updated … */
const UPDATE_AND_LOG = `WITH card AS (${numbered(REVIEW_SQL.updateCard)}),
  log AS (INSERT INTO "ReviewLog" ${logColumns()} SELECT card."id", ${placeholders(13, 19)} FROM card)
SELECT * FROM card`;
/** … or a new one made. */
const INSERT_AND_LOG = `WITH card AS (${numbered(REVIEW_SQL.insertCard).replace("RETURNING *", `ON CONFLICT ("learnerId", "questionId") DO NOTHING RETURNING *`)}),
  log AS (INSERT INTO "ReviewLog" ${logColumns()} SELECT card."id", ${placeholders(15, 19)} FROM card)
SELECT * FROM card`;

function logColumns(): string {
  return REVIEW_SQL.insertLog.slice(REVIEW_SQL.insertLog.indexOf("("), REVIEW_SQL.insertLog.indexOf(" VALUES"));
}

function placeholders(from: number, count: number): string {
  return Array.from({ length: count }, (_, i) => `$${from + i}`).join(", ");
}

function query(name: string, text: string, values: unknown[]): pg.QueryConfig {
  return { name: `studybot_review_${name}`, text, values, types };
}

const NUMBERED = Object.fromEntries(Object.entries(REVIEW_SQL).map(([name, sql]) => [name, numbered(sql)])) as Record<keyof typeof REVIEW_SQL, string>;

/**
 * REVIEW_SQL through the pool Prisma uses, as named (server-side prepared) statements. A grade is one
 * transaction: its learner's row is held (FOR SHARE, against a merge of two learners), the card row is
 * locked (SELECT … FOR UPDATE), so concurrent grades of a card queue up, then
 * one statement saves the card and logs the grade. A second grade of the same attempt fails on the log's
 * unique source and rolls back; of two first attempts at one question, the one that finds the card made
 * meanwhile (no row inserted) grades it again, locked.
 */
export class PostgresReviewSql implements ReviewSql {
  constructor(private readonly pool: pg.Pool) {}

  async gradeCard(given: GradeWrite): Promise<CardRecord | null> {
    let write = given;
    for (let attempt = 0; attempt < 4; attempt++) {
      const client = await this.pool.connect();
      try {
        // The transaction begins holding the learner's row (FOR SHARE), in the same round trip: grades of one
        // learner do not wait for each other, a merge of two learners (which locks both rows first) waits for
        // the grades in flight, and a grade arriving during a merge waits for it.
        const [, learner] = (await client.query(`BEGIN; SELECT 1 FROM "Learner" WHERE "id" = ${Math.trunc(write.learnerId)} FOR SHARE`)) as unknown as pg.QueryResult[];
        if (learner!.rowCount === 0) {
          // Merged into another learner since the caller looked (or forgotten): grade the identity's learner now.
          await client.query("ROLLBACK");
          const { rows } = await this.pool.query(query("learnerOfMember", `SELECT "learnerId" FROM "LearnerMember" WHERE "memberId" = $1`, [write.memberId]));
          const current = (rows[0] as { learnerId: number } | undefined)?.learnerId;
          if (current === undefined || current === write.learnerId) return null;
          write = { ...write, learnerId: current };
          continue;
        }
        const found = (await client.query(query("lockCard", `${NUMBERED.findCard} FOR UPDATE`, [write.learnerId, write.questionId]))).rows[0] as Record<string, unknown> | undefined;
        const current = found && cardOf(found, date);
        const { card, log } = write.schedule(current ?? null);
        const values = cardValues(card, log.rating, pgTimestamp);
        const logged = logValues(write, log, pgTimestamp);
        const saved = current
          ? await client.query(query("updateAndLog", UPDATE_AND_LOG, [...values, current.id, ...logged]))
          : await client.query(query("insertAndLog", INSERT_AND_LOG, [write.learnerId, write.questionId, ...values, pgTimestamp(write.at), ...logged]));
        const row = saved.rows[0] as Record<string, unknown> | undefined;
        if (!row) {
          // Another first attempt made the card since our read: grade that card, locked.
          await client.query("ROLLBACK");
          continue;
        }
        await client.query("COMMIT");
        return cardOf(row, date);
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        // The attempt was graded before (the log's unique source): nothing was written.
        if ((error as { code?: string }).code === UNIQUE_VIOLATION) return null;
        throw error;
      } finally {
        client.release();
      }
    }
    throw new Error(`grading ${write.source}: the card kept changing`);
  }

  async dueCards(learnerId: number, now: Date, limit: number): Promise<CardRecord[]> {
    const { rows } = await this.pool.query(query("dueCards", NUMBERED.dueCards, [learnerId, pgTimestamp(now), limit]));
    return (rows as Record<string, unknown>[]).map((row) => cardOf(row, date));
  }

  async countDue(learnerId: number, now: Date): Promise<number> {
    const { rows } = await this.pool.query(query("countDue", NUMBERED.countDue, [learnerId, pgTimestamp(now)]));
    return Number((rows[0] as { count: string | number }).count);
  }

  async nextDueAfter(learnerId: number, now: Date): Promise<Date | null> {
    const { rows } = await this.pool.query(query("nextDueAfter", NUMBERED.nextDueAfter, [learnerId, pgTimestamp(now)]));
    return (rows[0] as { due: Date } | undefined)?.due ?? null;
  }
}
