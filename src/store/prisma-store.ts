import { Prisma, type PrismaClient } from "../generated/prisma/client.js";
import {
  DuplicateError,
  type AnswerMode,
  type ChatPause,
  type ChatPage,
  type ChatRecord,
  type DailyAnswerEntry,
  type DailyAnswerRecord,
  type DailyAnswerWrite,
  type RecordedDailyAnswer,
  type ScoreDailyAnswer,
  type DueReveal,
  type DailyRecord,
  type MemberRecord,
  type MemberStatsRecord,
  type NewDaily,
  type NewQuizAnswer,
  type PendingDelivery,
  type PointsAward,
  type QuizSessionRecord,
  type QuizStatus,
  type RankedScore,
  type ScheduledChat,
  type ScoreEntry,
  type Store,
  type StoreTx,
} from "../engine/ports.js";
import type { HotPath } from "./hot-path.js";
import type { ChatRef, ChatSettings, DailyStyle, Language, MemberRef, Platform, PollRecord } from "../engine/types.js";

type Db = Prisma.TransactionClient;

/**
 * The engine's store port on Prisma; the same code serves SQLite and PostgreSQL. The answer hot path
 * (looking up the chat, the member and the open daily, and recording the answer) runs as plain SQL on
 * the driver Prisma itself uses (HotPath): the same rows, without Prisma's per-query cost.
 */
export class PrismaStore implements Store {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly hotPath: HotPath,
  ) {}

  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction((db) => work(new PrismaStoreTx(db)));
  }

  async ensureChat(ref: ChatRef): Promise<ChatRecord> {
    const key = { platform: ref.platform, externalId: ref.externalId };
    const row =
      ((await this.hotPath.chatRow(ref.platform, ref.externalId)) as ChatRow | undefined) ??
      (await createOrFind(
        () => this.prisma.chat.create({ data: { ...key, title: ref.title ?? null } }),
        () => this.prisma.chat.findUniqueOrThrow({ where: { platform_externalId: key } }),
      ));
    return toChat(row);
  }

  async updateChatSettings(chatId: number, patch: Partial<ChatSettings>): Promise<ChatRecord> {
    const { dailyTopics, ...rest } = patch;
    const reschedule = patch.timeZone !== undefined || patch.dailyTime !== undefined || patch.dailyEnabled !== undefined;
    const data = {
      ...rest,
      ...(dailyTopics !== undefined ? { dailyTopics: dailyTopics?.join(",") ?? null } : {}),
      // The scheduler computes the next due instant again from the new settings on its next tick.
      ...(reschedule ? { nextDailyAt: null } : {}),
    };
    return toChat(await this.prisma.chat.update({ where: { id: chatId }, data }));
  }

  async setChatPause(chatId: number, pause: ChatPause | null): Promise<void> {
    const resume = pause === null ? { nextDailyAt: null } : {};
    await this.prisma.chat.update({ where: { id: chatId }, data: { pausedAt: pause?.at ?? null, pauseReason: pause?.reason ?? null, ...resume } });
  }

  async moveChat(platform: Platform, fromExternalId: string, toExternalId: string): Promise<boolean> {
    return this.prisma.$transaction(async (db) => {
      const from = await db.chat.findUnique({ where: { platform_externalId: { platform, externalId: fromExternalId } } });
      if (!from) return true;
      const to = await db.chat.findUnique({ where: { platform_externalId: { platform, externalId: toExternalId } }, include: { _count: { select: { dailies: true } } } });
      if (to && to._count.dailies > 0) return false;
      if (to) await db.chat.delete({ where: { id: to.id } });
      await db.chat.update({ where: { id: from.id }, data: { externalId: toExternalId } });
      return true;
    });
  }

  async savePoll(chatId: number, poll: Omit<PollRecord, "chat">): Promise<void> {
    const data = { chatId, messageId: poll.messageId, actions: JSON.stringify(poll.actions) };
    await this.prisma.nativePoll.upsert({ where: { pollId: poll.pollId }, create: { pollId: poll.pollId, ...data }, update: data });
  }

  async findPoll(pollId: string): Promise<PollRecord | null> {
    const row = await this.prisma.nativePoll.findUnique({ where: { pollId }, include: { chat: true } });
    return row && toPoll(row);
  }

  async findPollByMessage(chatId: number, messageId: string): Promise<PollRecord | null> {
    const row = await this.prisma.nativePoll.findFirst({ where: { chatId, messageId }, include: { chat: true } });
    return row && toPoll(row);
  }

  async ensureMember(ref: MemberRef): Promise<MemberRecord> {
    return { id: await this.hotPath.ensureMember(ref.platform, ref.externalId, ref.displayName, new Date()), ref };
  }


  async findDaily(chatId: number, localDate: string): Promise<DailyRecord | null> {
    const row = await this.prisma.dailyQuestion.findUnique({ where: { chatId_localDate: { chatId, localDate } } });
    return row && toDaily(row);
  }

  async latestDaily(chatId: number): Promise<DailyRecord | null> {
    const row = (await this.hotPath.latestDailyRow(chatId)) as DailyRow | undefined;
    return row ? toDaily(row) : null;
  }

  recordDailyAnswer(write: DailyAnswerWrite, score: ScoreDailyAnswer): Promise<RecordedDailyAnswer> {
    return this.hotPath.recordDailyAnswer(write, score);
  }


  async claimDaily(daily: NewDaily): Promise<{ daily: DailyRecord; created: boolean }> {
    const { deliverAt, ...fields } = daily;
    try {
      return { daily: toDaily(await this.prisma.dailyQuestion.create({ data: { ...fields, nextAttemptAt: deliverAt } })), created: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.findDaily(daily.chatId, daily.localDate);
      if (!existing) throw error;
      return { daily: existing, created: false };
    }
  }

  async postedQuestionIds(chatId: number): Promise<string[]> {
    const rows = await this.prisma.dailyQuestion.findMany({ where: { chatId }, orderBy: { localDate: "asc" }, select: { questionId: true } });
    return rows.map((r) => r.questionId);
  }

  async findDailyAnswer(dailyId: number, memberId: number): Promise<DailyAnswerRecord | null> {
    const row = await this.prisma.dailyAnswer.findUnique({ where: { dailyQuestionId_memberId: { dailyQuestionId: dailyId, memberId } } });
    return row && { memberId: row.memberId, response: row.response, correct: row.correct, points: row.points, streak: row.streak, answeredAt: row.answeredAt };
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
    return rows.map((r) => ({ memberId: r.memberId, displayName: r.member.displayName, response: r.response, correct: r.correct, points: r.points, streak: r.streak, answeredAt: r.answeredAt }));
  }

  async scheduledChats(now: Date, page: ChatPage): Promise<ScheduledChat[]> {
    const rows = await this.prisma.chat.findMany({
      where: { ...schedulable(page), id: { gt: page.afterId }, OR: [{ nextDailyAt: null }, { nextDailyAt: { lte: now } }] },
      orderBy: { id: "asc" },
      take: page.limit,
    });
    return rows.map((row) => ({ chat: toChat(row), nextDailyAt: row.nextDailyAt }));
  }

  async setNextDaily(seen: ScheduledChat, next: Date): Promise<boolean> {
    // Compare-and-set on what the next instant was computed from: a concurrent settings change wins.
    const { count } = await this.prisma.chat.updateMany({
      where: { id: seen.chat.id, nextDailyAt: seen.nextDailyAt, timeZone: seen.chat.timeZone, dailyTime: seen.chat.dailyTime, dailyEnabled: true },
      data: { nextDailyAt: next },
    });
    return count === 1;
  }

  async pendingDeliveries(now: Date, page: ChatPage): Promise<PendingDelivery[]> {
    const rows = await this.prisma.dailyQuestion.findMany({
      where: { id: { gt: page.afterId }, nextAttemptAt: { lte: now }, messageId: null, OR: [{ sendLeaseUntil: null }, { sendLeaseUntil: { lte: now } }], chat: schedulable(page) },
      orderBy: { id: "asc" },
      take: page.limit,
      include: { chat: true },
    });
    return rows.map((row) => ({ daily: toDaily(row), chat: toChat(row.chat), attempts: row.sendAttempts }));
  }

  async leaseDelivery(dailyId: number, now: Date, until: Date): Promise<number | null> {
    const { count } = await this.prisma.dailyQuestion.updateMany({
      where: {
        id: dailyId,
        messageId: null,
        // Due for an attempt, or never meant for delivery yet (claimed by /daily while the chat took no scheduled posts).
        AND: [{ OR: [{ nextAttemptAt: { lte: now } }, { nextAttemptAt: null, sendAttempts: 0 }] }, { OR: [{ sendLeaseUntil: null }, { sendLeaseUntil: { lte: now } }] }],
      },
      data: { sendLeaseUntil: until, sendAttempts: { increment: 1 } },
    });
    if (count === 0) return null;
    const row = await this.prisma.dailyQuestion.findUniqueOrThrow({ where: { id: dailyId }, select: { sendAttempts: true } });
    return row.sendAttempts;
  }

  async recordDelivered(dailyId: number, messageId: string, revealDueAt: Date): Promise<void> {
    await this.prisma.dailyQuestion.update({ where: { id: dailyId }, data: { messageId, revealDueAt, nextAttemptAt: null, sendLeaseUntil: null, lastError: null } });
  }

  async recordDeliveryFailure(dailyId: number, error: string, retryAt: Date | null): Promise<void> {
    await this.prisma.dailyQuestion.update({ where: { id: dailyId }, data: { lastError: error, nextAttemptAt: retryAt, sendLeaseUntil: null } });
  }

  async dueReveals(now: Date, page: ChatPage): Promise<DueReveal[]> {
    const rows = await this.prisma.dailyQuestion.findMany({
      where: { id: { gt: page.afterId }, revealDueAt: { lte: now }, revealedAt: null, chat: { platform: { in: [...page.platforms] } } },
      orderBy: { id: "asc" },
      take: page.limit,
      include: { chat: true },
    });
    return rows.map((row) => ({ daily: toDaily(row), chat: toChat(row.chat) }));
  }

  async claimReveal(dailyId: number, at: Date): Promise<boolean> {
    const { count } = await this.prisma.dailyQuestion.updateMany({ where: { id: dailyId, revealedAt: null }, data: { revealedAt: at, revealDueAt: null } });
    return count === 1;
  }

  async revealNoLaterThan(chatId: number, latest: Date): Promise<void> {
    await this.prisma.dailyQuestion.updateMany({ where: { chatId, revealedAt: null, revealDueAt: { gt: latest } }, data: { revealDueAt: latest } });
  }

  getStats(chatId: number, memberId: number): Promise<MemberStatsRecord | null> {
    return readStats(this.prisma, chatId, memberId);
  }

  async topScores(chatId: number, period: string, limit: number): Promise<ScoreEntry[]> {
    const rows = await this.prisma.scoreTotal.findMany({
      where: { chatId, period },
      orderBy: [{ points: "desc" }, { reachedAt: "asc" }, { memberId: "asc" }],
      take: limit,
      include: { member: { select: { displayName: true } } },
    });
    return rows.map((r) => ({ memberId: r.memberId, displayName: r.member.displayName, points: r.points, reachedAt: r.reachedAt }));
  }

  async rankOf(chatId: number, period: string, memberId: number): Promise<RankedScore | null> {
    const mine = await this.prisma.scoreTotal.findUnique({
      where: { chatId_period_memberId: { chatId, period, memberId } },
      include: { member: { select: { displayName: true } } },
    });
    if (!mine) return null;
    // Everyone ordered before me: more points, or as many reached earlier, or the same instant and a lower id.
    // Two counts over ranges of the leaderboard index; one OR would make the database scan the whole period.
    const [morePoints, samePointsEarlier] = await Promise.all([
      this.prisma.scoreTotal.count({ where: { chatId, period, points: { gt: mine.points } } }),
      this.prisma.scoreTotal.count({
        where: { chatId, period, points: mine.points, OR: [{ reachedAt: { lt: mine.reachedAt } }, { reachedAt: mine.reachedAt, memberId: { lt: memberId } }] },
      }),
    ]);
    const ahead = morePoints + samePointsEarlier;
    return { memberId, displayName: mine.member.displayName, points: mine.points, reachedAt: mine.reachedAt, rank: ahead + 1 };
  }

  async answeredQuestionIds(memberId: number): Promise<Set<string>> {
    const rows = await this.prisma.seenQuestion.findMany({ where: { memberId, timesAnswered: { gt: 0 } }, select: { questionId: true } });
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

class PrismaStoreTx implements StoreTx {
  constructor(private readonly db: Db) {}

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

  async addPoints(award: PointsAward): Promise<void> {
    const { chatId, memberId, points, at } = award;
    for (const period of award.periods) {
      // Atomic increments: concurrent awards never lose points to a read-modify-write race.
      await this.db.scoreTotal.upsert({
        where: { chatId_period_memberId: { chatId, period, memberId } },
        create: { chatId, period, memberId, points, reachedAt: at },
        update: { points: { increment: points }, reachedAt: at },
      });
    }
  }

  async markAnswered(memberId: number, questionId: string, response: string, at: Date): Promise<number> {
    const before = await this.db.seenQuestion.findUnique({ where: { memberId_questionId: { memberId, questionId } }, select: { timesAnswered: true } });
    await this.db.seenQuestion.upsert({
      where: { memberId_questionId: { memberId, questionId } },
      create: { memberId, questionId, firstSeenAt: at, lastSeenAt: at, timesAnswered: 1, lastResponse: response },
      update: { lastSeenAt: at, timesAnswered: { increment: 1 }, lastResponse: response },
    });
    return before?.timesAnswered ?? 0;
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

function activeQuizKey(chatId: number, memberId: number): string {
  return `${chatId}:${memberId}`;
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

async function insertOnce(what: string, insert: () => Promise<unknown>): Promise<void> {
  try {
    await insert();
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateError(what);
    throw error;
  }
}

/** Creates a row, or reads the one a concurrent writer created first. */
async function createOrFind<T>(create: () => Promise<T>, find: () => Promise<T>): Promise<T> {
  try {
    return await create();
  } catch (error) {
    if (isUniqueViolation(error)) return find();
    throw error;
  }
}

async function readStats(db: Db, chatId: number, memberId: number): Promise<MemberStatsRecord | null> {
  const row = await db.memberStats.findUnique({ where: { chatId_memberId: { chatId, memberId } } });
  if (!row) return null;
  const { chatId: _c, memberId: _m, ...stats } = row;
  return stats;
}

/** Chats the scheduler posts to: daily question on, not paused, on one of the platforms it can reach. */
function schedulable(page: ChatPage) {
  return { dailyEnabled: true, pausedAt: null, platform: { in: [...page.platforms] } };
}

function toChat(row: { id: number; platform: string; externalId: string; title: string | null; pausedAt: Date | null; pauseReason: string | null } & ChatSettingsRow): ChatRecord {
  return {
    id: row.id,
    ref: { platform: row.platform as Platform, externalId: row.externalId, ...(row.title ? { title: row.title } : {}) },
    timeZone: row.timeZone,
    language: row.language as Language,
    dailyTime: row.dailyTime,
    dailyEnabled: row.dailyEnabled,
    revealDelayMinutes: row.revealDelayMinutes,
    dailyMode: row.dailyMode as AnswerMode,
    dailyTarget: row.dailyTarget,
    dailyStyle: row.dailyStyle as DailyStyle,
    dailyTopics: row.dailyTopics ? row.dailyTopics.split(",") : null,
    paused: row.pausedAt ? { at: row.pausedAt, reason: row.pauseReason ?? "" } : null,
  };
}

type ChatSettingsRow = { timeZone: string; language: string; dailyTime: string; dailyEnabled: boolean; revealDelayMinutes: number; dailyMode: string; dailyTarget: string | null; dailyStyle: string; dailyTopics: string | null };

function toPoll(row: { pollId: string; messageId: string; actions: string; chat: { platform: string; externalId: string } }): PollRecord {
  return { pollId: row.pollId, messageId: row.messageId, actions: JSON.parse(row.actions) as string[], chat: { platform: row.chat.platform as Platform, externalId: row.chat.externalId } };
}

type ChatRow = Prisma.ChatGetPayload<object>;
type DailyRow = Prisma.DailyQuestionGetPayload<object>;

function toDaily(row: DailyRow): DailyRecord {
  const { id, chatId, localDate, questionId, postedAt, messageId, revealedAt, answerCount } = row;
  return { id, chatId, localDate, questionId, mode: row.mode as AnswerMode, postedAt, messageId, revealedAt, answerCount };
}

function toQuiz(row: Prisma.QuizSessionGetPayload<object>): QuizSessionRecord {
  return {
    id: row.id,
    chatId: row.chatId,
    memberId: row.memberId,
    topic: row.topic,
    mode: row.mode as AnswerMode,
    questionIds: JSON.parse(row.questionIds) as string[],
    position: row.position,
    correct: row.correct,
    points: row.points,
    status: row.status as QuizStatus,
    startedAt: row.startedAt,
    lastActivityAt: row.lastActivityAt,
  };
}
