import type { PrismaClient } from "../generated/prisma/client.js";
import { DuplicateError, type NewQuizAnswer, type PointsAward, type QuizSessionRecord, type QuizStatus, type QuizStore, type StoreTx } from "../engine/ports.js";
import type { HotPath } from "./hot-path.js";
import { answeredByOtherIdentities, learnerIdentities } from "./learners.js";
import { activeQuizKey, insertOnce, isUniqueViolation, toQuiz, type Db } from "./prisma-rows.js";

/**
 * Quizzes on Prisma; a quiz answer's writes run in one transaction (StoreTx). Its points and seen-question
 * record go through the hot path's statements, the same ones a daily answer writes them with.
 */
export class PrismaQuizStore implements QuizStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly hotPath: HotPath,
  ) {}

  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction((db) => work(new PrismaStoreTx(db, this.hotPath)));
  }

  /** What the member's learner has answered, from any of its identities. */
  async answeredQuestionIds(memberId: number): Promise<Set<string>> {
    const memberIds = await learnerIdentities(this.prisma, memberId);
    const rows = await this.prisma.seenQuestion.findMany({ where: { memberId: { in: memberIds }, timesAnswered: { gt: 0 } }, select: { questionId: true } });
    return new Set(rows.map((r) => r.questionId));
  }

  async activeQuiz(chatId: number, memberId: number): Promise<QuizSessionRecord | null> {
    const row = await this.prisma.quizSession.findUnique({ where: { activeKey: activeQuizKey(chatId, memberId) } });
    return row && toQuiz(row);
  }

  async createQuiz(session: Omit<QuizSessionRecord, "id" | "position" | "correct" | "points" | "status">): Promise<QuizSessionRecord> {
    try {
      const row = await this.prisma.quizSession.create({
        data: {
          ...session,
          questionIds: JSON.stringify(session.questionIds),
          status: "active",
          activeKey: activeQuizKey(session.chatId, session.memberId),
        },
      });
      return toQuiz(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateError("active quiz");
      throw error;
    }
  }

  async closeQuiz(sessionId: number, status: Exclude<QuizStatus, "active">): Promise<void> {
    await this.prisma.quizSession.update({ where: { id: sessionId }, data: { status, activeKey: null } });
  }
}

export class PrismaStoreTx implements StoreTx {
  constructor(
    private readonly db: Db,
    private readonly hotPath: HotPath,
  ) {}

  async insertQuizAnswer(answer: NewQuizAnswer): Promise<void> {
    await insertOnce("quiz answer", () => this.db.quizAnswer.create({ data: answer }));
  }

  async countQuizAnswer(chatId: number, memberId: number, correct: boolean | null): Promise<void> {
    const quizCorrect = correct ? 1 : 0;
    await this.db.memberStats.upsert({
      where: { chatId_memberId: { chatId, memberId } },
      create: { chatId, memberId, quizAnswers: 1, quizCorrect },
      update: { quizAnswers: { increment: 1 }, quizCorrect: { increment: quizCorrect } },
    });
  }

  addPoints(award: PointsAward): Promise<void> {
    return this.hotPath.awardPoints(this.db, award);
  }

  /** Records the answer on the identity's row; returns how often the learner answered before, from any identity. */
  async markAnswered(memberId: number, questionId: string, response: string, at: Date): Promise<number> {
    const before = await this.hotPath.markSeen(this.db, memberId, questionId, response, at);
    return before + (await answeredByOtherIdentities(this.db, memberId, questionId));
  }

  async advanceQuiz(sessionId: number, update: { position: number; correctDelta: number; points: number; at: Date; finished: boolean }): Promise<void> {
    await this.db.quizSession.update({
      where: { id: sessionId },
      data: {
        position: update.position,
        correct: { increment: update.correctDelta },
        points: { increment: update.points },
        lastActivityAt: update.at,
        ...(update.finished ? { status: "finished", activeKey: null } : {}),
      },
    });
  }
}
