import { Prisma, type PrismaClient } from "../generated/prisma/client.js";
import type {
  AttemptKind,
  CardPhase,
  CardRecord,
  CardState,
  GradeLog,
  GradeWrite,
  QuestionAttempts,
  ReminderRecord,
  ReviewLogEntry,
  ReviewRating,
  ReviewSessionRecord,
  ReviewSessionStatus,
  ReviewStore,
  SessionStep,
} from "../engine/review/ports.js";
import { createLearnerFor } from "./learners.js";
import { createOrFind, isUniqueViolation, type Db } from "./prisma-rows.js";
import type { ReviewSql } from "./review-sql.js";

type CardRow = Awaited<ReturnType<PrismaClient["reviewCard"]["findUniqueOrThrow"]>>;
type LogRow = Awaited<ReturnType<PrismaClient["reviewLog"]["findUniqueOrThrow"]>>;
type SessionRow = Awaited<ReturnType<PrismaClient["reviewSession"]["findUniqueOrThrow"]>>;

/**
 * Review decks on Prisma: cards, the grade log, sessions and reminders. A grade is one transaction of
 * its own, after the answer that caused it, in plain SQL (ReviewSql, as the due-card reads /review starts
 * from): it locks the card row, so concurrent grades of a card queue up, and the log's unique source makes
 * a second grade of the same attempt write nothing.
 */
export class PrismaReviewStore implements ReviewStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly sql: ReviewSql,
  ) {}

  async learnerOf(memberId: number): Promise<number> {
    const found = await this.prisma.learnerMember.findUnique({ where: { memberId } });
    if (found) return found.learnerId;
    return createOrFind(
      () => this.prisma.$transaction((db) => createLearnerFor(db, memberId)),
      async () => (await this.prisma.learnerMember.findUniqueOrThrow({ where: { memberId } })).learnerId,
    );
  }

  /** The hot write, as plain SQL of the database (review-sql.ts): one short transaction. */
  gradeCard(write: GradeWrite): Promise<CardRecord | null> {
    return this.sql.gradeCard(write);
  }

  async undoGrade(source: string, restore: (card: CardRecord, log: ReviewLogEntry) => CardState): Promise<boolean> {
    return this.prisma.$transaction(async (db) => {
      const log = await db.reviewLog.findUnique({ where: { source } });
      if (!log) return false;
      await db.$executeRaw`UPDATE "ReviewCard" SET "reps" = "reps" WHERE "id" = ${log.cardId}`;
      const card = await db.reviewCard.findUniqueOrThrow({ where: { id: log.cardId } });
      const previous = restore(toCard(card), toLog(log));
      const earlier = await db.reviewLog.findFirst({ where: { cardId: log.cardId, id: { lt: log.id } }, orderBy: { id: "desc" }, select: { rating: true } });
      await db.reviewLog.delete({ where: { id: log.id } });
      if (!earlier) {
        // The undone grade made the card: the card goes with it.
        await db.reviewCard.delete({ where: { id: card.id } });
        return true;
      }
      await db.reviewCard.update({ where: { id: card.id }, data: { ...cardData(previous), lastRating: earlier.rating } });
      return true;
    });
  }

  async rebuildCard(learnerId: number, questionId: string, rebuild: (logs: ReviewLogEntry[], card: CardRecord) => { card: CardState; logs: GradeLog[] }): Promise<CardRecord | null> {
    return this.prisma.$transaction(async (db) => {
      const locked = await db.$executeRaw`UPDATE "ReviewCard" SET "reps" = "reps" WHERE "learnerId" = ${learnerId} AND "questionId" = ${questionId}`;
      if (locked === 0) return null;
      const card = await db.reviewCard.findUniqueOrThrow({ where: { learnerId_questionId: { learnerId, questionId } } });
      return rebuildLockedCard(db, card, rebuild);
    });
  }

  async findCard(learnerId: number, questionId: string): Promise<CardRecord | null> {
    const row = await this.prisma.reviewCard.findUnique({ where: { learnerId_questionId: { learnerId, questionId } } });
    return row && toCard(row);
  }

  async cards(learnerId: number): Promise<CardRecord[]> {
    return (await this.prisma.reviewCard.findMany({ where: { learnerId }, orderBy: { id: "asc" } })).map(toCard);
  }

  dueCards(learnerId: number, now: Date, limit: number): Promise<CardRecord[]> {
    return this.sql.dueCards(learnerId, now, limit);
  }

  countDue(learnerId: number, now: Date): Promise<number> {
    return this.sql.countDue(learnerId, now);
  }

  nextDueAfter(learnerId: number, now: Date): Promise<Date | null> {
    return this.sql.nextDueAfter(learnerId, now);
  }

  async countReviewed(learnerId: number, from: Date, to: Date): Promise<number> {
    const rows = await this.prisma.reviewLog.findMany({
      where: { learnerId, kind: "review", review: { gte: from, lt: to } },
      distinct: ["questionId"],
      select: { questionId: true },
    });
    return rows.length;
  }

  async mistakes(learnerId: number, limit: number): Promise<CardRecord[]> {
    const rows = await this.prisma.reviewCard.findMany({ where: { learnerId, lastRating: 1 }, orderBy: [{ lastReview: "desc" }, { id: "desc" }], take: limit });
    return rows.map(toCard);
  }

  async attempts(learnerId: number): Promise<QuestionAttempts[]> {
    const [all, good] = await Promise.all([
      this.prisma.reviewLog.groupBy({ by: ["questionId"], where: { learnerId }, _count: { _all: true } }),
      this.prisma.reviewLog.groupBy({ by: ["questionId"], where: { learnerId, rating: { gte: 3 } }, _count: { _all: true } }),
    ]);
    const goodBy = new Map(good.map((g) => [g.questionId, g._count._all]));
    return all.map((a) => ({ questionId: a.questionId, attempts: a._count._all, good: goodBy.get(a.questionId) ?? 0 }));
  }

  async quizAttempt(sessionId: number, position: number) {
    const row = await this.prisma.quizAnswer.findUnique({ where: { sessionId_position: { sessionId, position } }, include: { session: { select: { memberId: true } } } });
    return row && { memberId: row.session.memberId, questionId: row.questionId, response: row.response, correct: row.correct, answeredAt: row.answeredAt, revision: row.revision };
  }

  async activeSession(learnerId: number): Promise<ReviewSessionRecord | null> {
    const row = await this.prisma.reviewSession.findUnique({ where: { activeKey: learnerId } });
    return row && toSession(row);
  }

  async lastSession(learnerId: number): Promise<ReviewSessionRecord | null> {
    const row = await this.prisma.reviewSession.findFirst({ where: { learnerId }, orderBy: { id: "desc" } });
    return row && toSession(row);
  }

  async createSession(session: Omit<ReviewSessionRecord, "id" | "graded" | "history" | "status">): Promise<ReviewSessionRecord | null> {
    try {
      const row = await this.prisma.reviewSession.create({
        data: { ...session, queue: JSON.stringify(session.queue), history: "[]", status: "active", activeKey: session.learnerId },
      });
      return toSession(row);
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  async advanceSession(id: number, expectedGraded: number, update: { queue: string[]; graded: number; history: SessionStep[]; at: Date }): Promise<boolean> {
    const { count } = await this.prisma.reviewSession.updateMany({
      where: { id, graded: expectedGraded, status: "active" },
      data: { queue: JSON.stringify(update.queue), graded: update.graded, history: JSON.stringify(update.history), lastActivityAt: update.at },
    });
    return count === 1;
  }

  async rewindSession(id: number, expectedHistoryLength: number, update: { queue: string[]; history: SessionStep[]; at: Date }): Promise<boolean> {
    return this.prisma.$transaction(async (db) => {
      const row = await db.reviewSession.findUnique({ where: { id } });
      if (!row || (row.status !== "active" && row.status !== "finished") || (JSON.parse(row.history) as SessionStep[]).length !== expectedHistoryLength) return false;
      if (row.status === "finished" && (await db.reviewSession.findUnique({ where: { activeKey: row.learnerId }, select: { id: true } }))) return false;
      // graded keeps counting up: a button of the undone grade stays stale, and every grade gets a fresh source.
      await db.reviewSession.update({
        where: { id },
        data: { queue: JSON.stringify(update.queue), history: JSON.stringify(update.history), graded: { increment: 1 }, lastActivityAt: update.at, status: "active", activeKey: row.learnerId },
      });
      return true;
    });
  }

  async closeSession(id: number, status: Exclude<ReviewSessionStatus, "active">): Promise<void> {
    await this.prisma.reviewSession.updateMany({ where: { id, status: "active" }, data: { status, activeKey: null } });
  }

  async reminder(learnerId: number): Promise<ReminderRecord | null> {
    return this.prisma.reviewReminder.findUnique({ where: { learnerId } });
  }

  async saveReminder(reminder: ReminderRecord): Promise<void> {
    const { learnerId, ...rest } = reminder;
    await this.prisma.reviewReminder.upsert({ where: { learnerId }, create: reminder, update: rest });
  }

  async dueReminders(now: Date, afterId: number, limit: number): Promise<ReminderRecord[]> {
    return this.prisma.reviewReminder.findMany({ where: { nextAt: { lte: now }, learnerId: { gt: afterId } }, orderBy: { learnerId: "asc" }, take: limit });
  }

  async claimReminders(learnerIds: number[], localDate: string, nextAt: Date): Promise<number[]> {
    if (learnerIds.length === 0) return [];
    return this.prisma.$transaction(async (db) => {
      // The conditional write is the claim: of processes racing for a row, one sets the date, the others find it set.
      const taken = await db.$queryRaw<{ learnerId: number | bigint }[]>`
        UPDATE "ReviewReminder" SET "lastLocalDate" = ${localDate}
        WHERE "learnerId" IN (${Prisma.join(learnerIds)}) AND "nextAt" IS NOT NULL AND ("lastLocalDate" IS NULL OR "lastLocalDate" <> ${localDate})
        RETURNING "learnerId"`;
      await db.reviewReminder.updateMany({ where: { learnerId: { in: learnerIds }, lastLocalDate: localDate, nextAt: { not: null } }, data: { nextAt } });
      return taken.map((row) => Number(row.learnerId));
    });
  }

  async moveReminders(learnerIds: number[], nextAt: Date): Promise<void> {
    if (learnerIds.length > 0) await this.prisma.reviewReminder.updateMany({ where: { learnerId: { in: learnerIds }, nextAt: { not: null } }, data: { nextAt } });
  }

  async releaseReminder(learnerId: number, localDate: string, previous: string | null, retryAt: Date): Promise<void> {
    await this.prisma.reviewReminder.updateMany({ where: { learnerId, lastLocalDate: localDate }, data: { lastLocalDate: previous, nextAt: retryAt } });
  }

  async disableReminder(learnerId: number, reason: string): Promise<void> {
    await this.prisma.reviewReminder.updateMany({ where: { learnerId }, data: { nextAt: null, offReason: reason } });
  }

  async countDueMany(learnerIds: number[], now: Date): Promise<Map<number, number>> {
    if (learnerIds.length === 0) return new Map();
    const rows = await this.prisma.reviewCard.groupBy({ by: ["learnerId"], where: { learnerId: { in: learnerIds }, due: { lte: now } }, _count: { _all: true } });
    return new Map(rows.map((r) => [r.learnerId, r._count._all]));
  }
}

/**
 * The one spelling of saving a rebuilt card, inside the caller's transaction with the card row locked: its
 * log rows (review order) go to `rebuild`, each is rewritten with the row it returns, and the card is saved
 * with the latest grade. Reviews.rebuildCard and the merge of two learners' decks (identity-store) use it.
 */
export async function rebuildLockedCard(db: Db, card: CardRow, rebuild: (logs: ReviewLogEntry[], card: CardRecord) => { card: CardState; logs: GradeLog[] }): Promise<CardRecord> {
  const logs = await db.reviewLog.findMany({ where: { cardId: card.id }, orderBy: [{ review: "asc" }, { id: "asc" }] });
  if (logs.length === 0) return toCard(card);
  const rebuilt = rebuild(logs.map(toLog), toCard(card));
  if (rebuilt.logs.length !== logs.length) throw new Error(`rebuilding card ${card.id}: ${rebuilt.logs.length} log rows for ${logs.length} grades`);
  for (const [i, log] of logs.entries()) await db.reviewLog.update({ where: { id: log.id }, data: rebuilt.logs[i]! });
  const saved = await db.reviewCard.update({ where: { id: card.id }, data: { ...cardData(rebuilt.card), lastRating: logs.at(-1)!.rating } });
  return toCard(saved);
}

function cardData(card: CardState) {
  return {
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsedDays,
    scheduledDays: card.scheduledDays,
    learningSteps: card.learningSteps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    lastReview: card.lastReview,
  };
}

function toCard(row: CardRow): CardRecord {
  return { ...row, state: row.state as CardPhase, lastRating: row.lastRating as ReviewRating };
}

function toLog(row: LogRow): ReviewLogEntry {
  return { ...row, kind: row.kind as AttemptKind, rating: row.rating as ReviewRating, state: row.state as CardPhase };
}

function toSession(row: SessionRow): ReviewSessionRecord {
  return {
    id: row.id,
    learnerId: row.learnerId,
    memberId: row.memberId,
    chatId: row.chatId,
    mode: row.mode === "choice" ? "choice" : "recall",
    cramTopic: row.cramTopic,
    queue: JSON.parse(row.queue) as string[],
    graded: row.graded,
    history: JSON.parse(row.history) as SessionStep[],
    status: row.status as ReviewSessionStatus,
    startedAt: row.startedAt,
    lastActivityAt: row.lastActivityAt,
  };
}
