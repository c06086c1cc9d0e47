import type { PrismaClient } from "../generated/prisma/client.js";
import type { MemberStreak, RecapStore, WeekAnswer } from "../engine/ports.js";
import { isUniqueViolation } from "./prisma-rows.js";

/** Weekly recaps on Prisma: the claim row (unique per chat and ISO week) and the week's answers. */
export class PrismaRecapStore implements RecapStore {
  constructor(private readonly prisma: PrismaClient) {}

  async claimRecap(chatId: number, week: string, at: Date): Promise<{ id: number } | null> {
    try {
      const row = await this.prisma.weeklyRecap.create({ data: { chatId, week, claimedAt: at }, select: { id: true } });
      return row;
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  async recordRecapSent(recapId: number, messageId: string, at: Date): Promise<void> {
    await this.prisma.weeklyRecap.update({ where: { id: recapId }, data: { messageId, sentAt: at, lastError: null } });
  }

  async recordRecapFailure(recapId: number, reason: string): Promise<void> {
    await this.prisma.weeklyRecap.update({ where: { id: recapId }, data: { lastError: reason.slice(0, 500) } });
  }

  async weekAnswers(chatId: number, from: string, to: string): Promise<WeekAnswer[]> {
    const rows = await this.prisma.dailyAnswer.findMany({
      where: { daily: { chatId, localDate: { gte: from, lte: to } } },
      select: { memberId: true, correct: true, daily: { select: { questionId: true, localDate: true } } },
    });
    return rows.map((row) => ({ memberId: row.memberId, correct: row.correct, questionId: row.daily.questionId, localDate: row.daily.localDate }));
  }

  async streakStates(chatId: number): Promise<MemberStreak[]> {
    const rows = await this.prisma.memberStats.findMany({ where: { chatId, currentStreak: { gt: 0 } }, include: { member: { select: { displayName: true } } } });
    return rows.map(({ member, chatId: _chat, memberId, dailyAnswers: _d, dailyCorrect: _c, quizAnswers: _qa, quizCorrect: _qc, ...state }) => ({ memberId, displayName: member.displayName, state }));
  }
}
