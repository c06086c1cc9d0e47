import type { PrismaClient } from "../generated/prisma/client.js";
import type { AnsweredQuestion, MemberRecord, ProgressStore } from "../engine/ports.js";
import type { ReviewedQuestion } from "../engine/ports/progress.js";
import type { Platform } from "../engine/types.js";

/** A member's answer history in a chat on Prisma: read only (answers are written by the answer hot path alone). */
export class PrismaProgressStore implements ProgressStore {
  constructor(private readonly prisma: PrismaClient) {}

  async answeredDates(chatId: number, memberId: number): Promise<string[]> {
    const rows = await this.prisma.dailyAnswer.findMany({ where: { memberId, daily: { chatId } }, select: { daily: { select: { localDate: true } } } });
    return rows.map((row) => row.daily.localDate).sort();
  }

  async answeredQuestions(chatId: number, memberId: number): Promise<AnsweredQuestion[]> {
    const [daily, quiz] = await Promise.all([
      this.prisma.dailyAnswer.findMany({ where: { memberId, daily: { chatId } }, select: { correct: true, daily: { select: { questionId: true } } } }),
      this.prisma.quizAnswer.findMany({ where: { session: { chatId, memberId } }, select: { questionId: true, correct: true } }),
    ]);
    return [...daily.map((row) => ({ questionId: row.daily.questionId, correct: row.correct })), ...quiz];
  }

  async reviewedQuestions(memberId: number): Promise<ReviewedQuestion[]> {
    const learner = await this.prisma.learnerMember.findUnique({ where: { memberId }, select: { learnerId: true } });
    if (!learner) return [];
    const where = { learnerId: learner.learnerId, kind: "review" };
    const [all, good] = await Promise.all([
      this.prisma.reviewLog.groupBy({ by: ["questionId"], where, _count: { _all: true } }),
      this.prisma.reviewLog.groupBy({ by: ["questionId"], where: { ...where, rating: { gte: 3 } }, _count: { _all: true } }),
    ]);
    const goodBy = new Map(good.map((row) => [row.questionId, row._count._all]));
    return all.map((row) => ({ questionId: row.questionId, graded: row._count._all, good: goodBy.get(row.questionId) ?? 0 }));
  }

  async findMemberByName(chatId: number, displayName: string): Promise<(MemberRecord & { displayName: string }) | null> {
    const rows = await this.prisma.member.findMany({ where: { stats: { some: { chatId } } }, select: { id: true, platform: true, externalId: true, displayName: true }, orderBy: { id: "asc" } });
    const wanted = displayName.toLowerCase();
    const row = rows.find((member) => member.displayName.toLowerCase() === wanted);
    return row ? { id: row.id, displayName: row.displayName, ref: { platform: row.platform as Platform, externalId: row.externalId, displayName: row.displayName } } : null;
  }
}
