import type { PrismaClient } from "../generated/prisma/client.js";
import type { DailyAnswerEntry, DailyAnswerRecord, DailyAnswerWrite, DailyRecord, DailyStore, NewDaily, RecordedDailyAnswer, ScoreDailyAnswer } from "../engine/ports.js";
import type { DailySql } from "./daily-sql.js";
import type { HotPath } from "./hot-path.js";
import { toDaily, type DailyRow } from "./prisma-rows.js";

/**
 * Daily questions and their answers on Prisma; the latest daily and recording an answer run on the hot
 * path, and what a daily post runs (finding, picking from the posted ones, claiming) on DailySql.
 */
export class PrismaDailyStore implements DailyStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly hotPath: HotPath,
    private readonly sql: DailySql,
  ) {}

  findDaily(chatId: number, localDate: string): Promise<DailyRecord | null> {
    return this.sql.findDaily(chatId, localDate);
  }

  async latestDaily(chatId: number): Promise<DailyRecord | null> {
    const row = (await this.hotPath.latestDailyRow(chatId)) as DailyRow | undefined;
    return row ? toDaily(row) : null;
  }

  recordDailyAnswer(write: DailyAnswerWrite, score: ScoreDailyAnswer): Promise<RecordedDailyAnswer> {
    return this.hotPath.recordDailyAnswer(write, score);
  }

  claimDaily(daily: NewDaily): Promise<{ daily: DailyRecord; created: boolean }> {
    return this.sql.claimDaily(daily);
  }

  postedQuestionIds(chatId: number): Promise<string[]> {
    return this.sql.postedQuestionIds(chatId);
  }

  async findDailyAnswer(dailyId: number, memberId: number): Promise<DailyAnswerRecord | null> {
    const row = await this.prisma.dailyAnswer.findUnique({ where: { dailyQuestionId_memberId: { dailyQuestionId: dailyId, memberId } } });
    return row && { memberId: row.memberId, response: row.response, correct: row.correct, points: row.points, streak: row.streak, answeredAt: row.answeredAt, revision: row.revision };
  }

  countDailyAnswers(dailyId: number): Promise<number> {
    return this.prisma.dailyAnswer.count({ where: { dailyQuestionId: dailyId } });
  }

  async dailyAnswers(dailyId: number): Promise<DailyAnswerEntry[]> {
    const rows = await this.prisma.dailyAnswer.findMany({
      where: { dailyQuestionId: dailyId },
      orderBy: [{ answeredAt: "asc" }, { id: "asc" }],
      include: { member: { select: { displayName: true } } },
    });
    return rows.map((r) => ({ memberId: r.memberId, displayName: r.member.displayName, response: r.response, correct: r.correct, points: r.points, streak: r.streak, answeredAt: r.answeredAt, revision: r.revision }));
  }
}
