import type { PrismaClient } from "../generated/prisma/client.js";
import type {
  ChatRecord,
  DailyAnswerEntry,
  DailyAnswerPlan,
  DailyAnswerRecord,
  DailyAnswerWrite,
  DailyRecord,
  DailyStore,
  LatestDailyAnswer,
  NewDaily,
  RecordedDailyAnswer,
  ScoreDailyAnswer,
} from "../engine/ports.js";
import type { ChatRef, MemberRef } from "../engine/types.js";
import type { DailySql } from "./daily-sql.js";
import type { HotPath } from "./hot-path.js";
import { toChat, toDaily, type DailyRow } from "./prisma-rows.js";

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

  async answerLatestDaily(chatRef: ChatRef, memberRef: MemberRef, plan: (chat: ChatRecord, daily: DailyRecord | null) => DailyAnswerPlan): Promise<LatestDailyAnswer | null> {
    if (!this.hotPath.answerLatestDaily) return null;
    let planned: { chat: ChatRecord; daily: DailyRecord | null } | undefined;
    // Members are ensured with the time of the call, as PrismaMemberStore does.
    const taken = await this.hotPath.answerLatestDaily(chatRef, memberRef, new Date(), (chatRow, dailyRow) => {
      planned = { chat: toChat(chatRow), daily: dailyRow ? toDaily(dailyRow) : null };
      return plan(planned.chat, planned.daily);
    });
    if (!taken || !planned) return null;
    return { ...planned, member: { id: taken.memberId, ref: memberRef }, recorded: taken.recorded };
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
