import type { CardPhase, CardRecord, GradeWrite, ReviewRating } from "../engine/review/ports.js";

/**
 * The review deck's hot statements (recording a grade, and the due-card reads /review starts from) as
 * plain SQL on the database driver, like the answer hot path (hot-path.ts): Prisma's query compiler costs
 * about a millisecond a statement, and a grade took four. One spelling of the grade per database:
 * SqliteReviewSql (better-sqlite3, in the answer path's group commit) and PostgresReviewSql (pg, one
 * transaction: the card row locked, then one statement writing card and log).
 */
export interface ReviewSql {
  /** ReviewStore.gradeCard: null (nothing written) when `write.source` was graded before. */
  gradeCard(write: GradeWrite): Promise<CardRecord | null>;
  dueCards(learnerId: number, now: Date, limit: number): Promise<CardRecord[]>;
  countDue(learnerId: number, now: Date): Promise<number>;
  nextDueAfter(learnerId: number, now: Date): Promise<Date | null>;
}

const CARD_STATE = `"due", "stability", "difficulty", "elapsedDays", "scheduledDays", "learningSteps", "reps", "lapses", "state", "lastReview", "lastRating"`;
const LOG_COLUMNS = `"cardId", "learnerId", "questionId", "source", "kind", "rating", "state", "due", "stability", "difficulty", "elapsedDays", "lastElapsedDays", "scheduledDays", "learningSteps", "prevDue", "prevReps", "prevLapses", "prevLastReview", "review", "revision"`;

/** The statements, with `?` placeholders (PostgreSQL numbers them: hot-path.ts numbered()). */
export const REVIEW_SQL = {
  findCard: `SELECT * FROM "ReviewCard" WHERE "learnerId" = ? AND "questionId" = ?`,
  updateCard: `UPDATE "ReviewCard" SET ("due", "stability", "difficulty", "elapsedDays", "scheduledDays", "learningSteps", "reps", "lapses", "state", "lastReview", "lastRating") = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE "id" = ? RETURNING *`,
  insertCard: `INSERT INTO "ReviewCard" ("learnerId", "questionId", ${CARD_STATE}, "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
  insertLog: `INSERT INTO "ReviewLog" (${LOG_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  dueCards: `SELECT * FROM "ReviewCard" WHERE "learnerId" = ? AND "due" <= ? ORDER BY "due" ASC, "id" ASC LIMIT ?`,
  countDue: `SELECT COUNT(*) AS "count" FROM "ReviewCard" WHERE "learnerId" = ? AND "due" <= ?`,
  nextDueAfter: `SELECT "due" FROM "ReviewCard" WHERE "learnerId" = ? AND "due" > ? ORDER BY "due" ASC LIMIT 1`,
} as const;

/** The card columns of a graded write, in updateCard's and insertCard's order. */
export function cardValues(card: ReturnType<GradeWrite["schedule"]>["card"], rating: ReviewRating, timestamp: (date: Date) => string): unknown[] {
  return [timestamp(card.due), card.stability, card.difficulty, card.elapsedDays, card.scheduledDays, card.learningSteps, card.reps, card.lapses, card.state, card.lastReview && timestamp(card.lastReview), rating];
}

/** The log row's values after its card id, in insertLog's order. */
export function logValues(write: GradeWrite, log: ReturnType<GradeWrite["schedule"]>["log"], timestamp: (date: Date) => string): unknown[] {
  return [write.learnerId, write.questionId, write.source, write.kind, log.rating, log.state, timestamp(log.due), log.stability, log.difficulty, log.elapsedDays, log.lastElapsedDays, log.scheduledDays, log.learningSteps,
    timestamp(log.prevDue), log.prevReps, log.prevLapses, log.prevLastReview && timestamp(log.prevLastReview), timestamp(log.review), write.revision ?? null];
}

/** A card row as the driver returns it (dates already Dates), as Prisma's row mapping would give it. */
export function cardOf(row: Record<string, unknown>, date: (value: unknown) => Date): CardRecord & { createdAt: Date } {
  return {
    id: Number(row.id),
    learnerId: Number(row.learnerId),
    questionId: row.questionId as string,
    due: date(row.due),
    stability: Number(row.stability),
    difficulty: Number(row.difficulty),
    elapsedDays: Number(row.elapsedDays),
    scheduledDays: Number(row.scheduledDays),
    learningSteps: Number(row.learningSteps),
    reps: Number(row.reps),
    lapses: Number(row.lapses),
    state: Number(row.state) as CardPhase,
    lastReview: row.lastReview === null || row.lastReview === undefined ? null : date(row.lastReview),
    lastRating: Number(row.lastRating) as ReviewRating,
    createdAt: date(row.createdAt),
  };
}
