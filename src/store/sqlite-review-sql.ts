import type BetterSqlite3 from "better-sqlite3";
import type { CardRecord, GradeWrite } from "../engine/review/ports.js";
import { cardOf, cardValues, logValues, REVIEW_SQL, type ReviewSql } from "./review-sql.js";
import { sqliteTimestamp, type SqliteHotPath } from "./sqlite-hot-path.js";

const date = (value: unknown) => new Date(value as string);

/**
 * REVIEW_SQL on better-sqlite3 prepared statements, on Prisma's connection. A grade is synchronous SQL in
 * the answer path's group commit (SqliteHotPath.grouped): SQLite has one writer and nothing runs between
 * reading the card and writing it, so there is no lock to take and no race between two first attempts; a
 * second grade of the same attempt fails on the log's unique source and its savepoint undoes the card write.
 */
export class SqliteReviewSql implements ReviewSql {
  private readonly statements: ReturnType<typeof prepare>;

  constructor(db: BetterSqlite3.Database, private readonly group: SqliteHotPath) {
    this.statements = prepare(db);
  }

  async gradeCard(given: GradeWrite): Promise<CardRecord | null> {
    const s = this.statements;
    try {
      return await this.group.grouped(() => {
        // The learner the caller found may have been merged into another since (the merge's transaction ran
        // first): grade the identity's learner as it is now; nothing when the identity was forgotten.
        let write = given;
        if (!s.learnerExists.get(write.learnerId)) {
          const current = (s.learnerOfMember.get(write.memberId) as { learnerId: number } | undefined)?.learnerId;
          if (current === undefined) return null;
          write = { ...write, learnerId: current };
        }
        const found = s.findCard.get(write.learnerId, write.questionId) as Record<string, unknown> | undefined;
        const current = found && cardOf(found, date);
        const { card, log } = write.schedule(current ?? null);
        const values = cardValues(card, log.rating, sqliteTimestamp);
        const saved = (current
          ? s.updateCard.get(...values, current.id)
          : s.insertCard.get(write.learnerId, write.questionId, ...values, sqliteTimestamp(write.at))) as Record<string, unknown>;
        const cardId = Number(saved.id);
        s.insertLog.run(cardId, ...logValues(write, log, sqliteTimestamp));
        return cardOf(saved, date);
      });
    } catch (error) {
      // The attempt was graded before (the log's unique source): its savepoint wrote nothing.
      const code = (error as { code?: string }).code;
      if (code === "SQLITE_CONSTRAINT_UNIQUE") return null;
      throw error;
    }
  }

  async dueCards(learnerId: number, now: Date, limit: number): Promise<CardRecord[]> {
    return (this.statements.dueCards.all(learnerId, sqliteTimestamp(now), limit) as Record<string, unknown>[]).map((row) => cardOf(row, date));
  }

  async countDue(learnerId: number, now: Date): Promise<number> {
    return (this.statements.countDue.get(learnerId, sqliteTimestamp(now)) as { count: number }).count;
  }

  async nextDueAfter(learnerId: number, now: Date): Promise<Date | null> {
    const row = this.statements.nextDueAfter.get(learnerId, sqliteTimestamp(now)) as { due: string } | undefined;
    return row ? date(row.due) : null;
  }
}

function prepare(db: BetterSqlite3.Database) {
  const statement = (sql: string) => db.prepare(sql).safeIntegers(false);
  return {
    learnerExists: statement(`SELECT 1 FROM "Learner" WHERE "id" = ?`),
    learnerOfMember: statement(`SELECT "learnerId" FROM "LearnerMember" WHERE "memberId" = ?`),
    findCard: statement(REVIEW_SQL.findCard),
    updateCard: statement(REVIEW_SQL.updateCard),
    insertCard: statement(REVIEW_SQL.insertCard),
    insertLog: statement(REVIEW_SQL.insertLog),
    dueCards: statement(REVIEW_SQL.dueCards),
    countDue: statement(REVIEW_SQL.countDue),
    nextDueAfter: statement(REVIEW_SQL.nextDueAfter),
  };
}
