import { Prisma } from "../generated/prisma/client.js";
import { DuplicateError, type AnswerMode, type ChatPage, type ChatRecord, type DailyRecord, type QuizSessionRecord, type QuizStatus } from "../engine/ports.js";
import type { DailyStyle, Language, Platform, PollRecord } from "../engine/types.js";

/** What the Prisma-backed capability stores share: row mappers and unique-violation handling. */

export type Db = Prisma.TransactionClient;

export function activeQuizKey(chatId: number, memberId: number): string {
  return `${chatId}:${memberId}`;
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

export async function insertOnce(what: string, insert: () => Promise<unknown>): Promise<void> {
  try {
    await insert();
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateError(what);
    throw error;
  }
}

/** Creates a row, or reads the one a concurrent writer created first. */
export async function createOrFind<T>(create: () => Promise<T>, find: () => Promise<T>): Promise<T> {
  try {
    return await create();
  } catch (error) {
    if (isUniqueViolation(error)) return find();
    throw error;
  }
}

/** Chats the scheduler posts to: daily question on, not paused, on one of the platforms it can reach. */
export function schedulable(page: ChatPage) {
  return { dailyEnabled: true, pausedAt: null, platform: { in: [...page.platforms] } };
}

export function toChat(row: { id: number; platform: string; externalId: string; title: string | null; pausedAt: Date | null; pauseReason: string | null } & ChatSettingsRow): ChatRecord {
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
    streakFreezes: row.streakFreezes,
    restDays: row.restDays ? row.restDays.split(",").map(Number) : [],
    recapDay: row.recapDay,
    streakRulesFrom: row.streakRulesFrom,
  };
}

export type ChatSettingsRow = { timeZone: string; language: string; dailyTime: string; dailyEnabled: boolean; revealDelayMinutes: number; dailyMode: string; dailyTarget: string | null; dailyStyle: string; dailyTopics: string | null;
  streakFreezes: boolean; restDays: string | null; recapDay: number | null; streakRulesFrom: string | null };

export function toPoll(row: { pollId: string; messageId: string; actions: string; chat: { platform: string; externalId: string } }): PollRecord {
  return { pollId: row.pollId, messageId: row.messageId, actions: JSON.parse(row.actions) as string[], chat: { platform: row.chat.platform as Platform, externalId: row.chat.externalId } };
}

export type ChatRow = Prisma.ChatGetPayload<object>;
export type DailyRow = Prisma.DailyQuestionGetPayload<object>;

export function toDaily(row: DailyRow): DailyRecord {
  const { id, chatId, localDate, questionId, postedAt, messageId, revealedAt, answerCount } = row;
  return { id, chatId, localDate, questionId, mode: row.mode as AnswerMode, postedAt, messageId, revealedAt, answerCount };
}

export function toQuiz(row: Prisma.QuizSessionGetPayload<object>): QuizSessionRecord {
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
