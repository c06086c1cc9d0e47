import type { AnswerMode, ChatRef, ChatSettings, MemberRef } from "./types.js";
import type { LocalDate } from "./time.js";

/**
 * The store port, in the engine's own terms. Implementations (Prisma on SQLite or PostgreSQL)
 * live outside the engine; no ORM type crosses this boundary.
 */

export interface ChatRecord extends ChatSettings {
  id: number;
  ref: ChatRef;
  /** Set when posting to the chat failed for good; daily posting waits until an admin turns it back on. */
  paused: ChatPause | null;
}

export interface ChatPause {
  at: Date;
  reason: string;
}

export interface MemberRecord {
  id: number;
  ref: MemberRef;
}

export type { AnswerMode } from "./types.js";

export interface DailyRecord {
  id: number;
  chatId: number;
  localDate: LocalDate;
  questionId: string;
  mode: AnswerMode;
  postedAt: Date;
  /** The platform message that carries it, once sent. */
  messageId: string | null;
  revealedAt: Date | null;
}

export type NewDaily = Omit<DailyRecord, "id" | "messageId" | "revealedAt">;

export interface DailyAnswerRecord {
  memberId: number;
  response: string;
  correct: boolean | null;
  points: number;
  streak: number;
  answeredAt: Date;
}

export interface StreakState {
  currentStreak: number;
  longestStreak: number;
  lastStreakDate: LocalDate | null;
}

export interface MemberStatsRecord extends StreakState {
  dailyAnswers: number;
  dailyCorrect: number;
  quizAnswers: number;
  quizCorrect: number;
}

export type QuizStatus = "active" | "finished" | "expired" | "stopped";

export interface QuizSessionRecord {
  id: number;
  chatId: number;
  memberId: number;
  topic: string | null;
  mode: AnswerMode;
  questionIds: string[];
  position: number;
  correct: number;
  points: number;
  status: QuizStatus;
  startedAt: Date;
  lastActivityAt: Date;
}

export interface ScoreEntry {
  memberId: number;
  displayName: string;
  points: number;
  reachedAt: Date;
}

export interface RankedScore extends ScoreEntry {
  rank: number;
}

/** Points earned at one instant, to be added to every period they belong to. */
export interface PointsAward {
  chatId: number;
  memberId: number;
  points: number;
  periods: string[];
  at: Date;
}

export interface NewDailyAnswer extends DailyAnswerRecord {
  dailyId: number;
}

export interface NewQuizAnswer {
  sessionId: number;
  position: number;
  questionId: string;
  response: string;
  correct: boolean | null;
  points: number;
  answeredAt: Date;
}

/** Thrown by a store when a unique constraint rejects a write: the engine's idempotency signal. */
export class DuplicateError extends Error {
  constructor(what: string) {
    super(`duplicate ${what}`);
    this.name = "DuplicateError";
  }
}

/**
 * Operations that must run inside one transaction with others. An answer's transaction touches the
 * member's stats in the chat first (getStats or countQuizAnswer): that row lock queues concurrent
 * answers of one member, and one lock order for every transaction rules out deadlocks.
 */
export interface StoreTx {
  /** The member's stats in the chat, locked until the transaction ends (read-modify-write of the streak). */
  getStats(chatId: number, memberId: number): Promise<MemberStatsRecord | null>;
  /** Throws DuplicateError when the member already answered this daily. */
  insertDailyAnswer(answer: NewDailyAnswer): Promise<void>;
  /** Throws DuplicateError when this quiz position was already answered. */
  insertQuizAnswer(answer: NewQuizAnswer): Promise<void>;
  saveStreak(chatId: number, memberId: number, streak: StreakState, correct: boolean | null): Promise<void>;
  countQuizAnswer(chatId: number, memberId: number, correct: boolean | null): Promise<void>;
  addPoints(award: PointsAward): Promise<void>;
  /** Records that the member answered a question; returns how many times they had answered it before. */
  markAnswered(memberId: number, questionId: string, response: string, at: Date): Promise<number>;
  advanceQuiz(sessionId: number, update: { position: number; correctDelta: number; points: number; at: Date; finished: boolean }): Promise<void>;
}

export interface Store {
  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;

  ensureChat(ref: ChatRef): Promise<ChatRecord>;
  updateChatSettings(chatId: number, patch: Partial<ChatSettings>): Promise<ChatRecord>;
  setChatPause(chatId: number, pause: ChatPause | null): Promise<void>;
  /**
   * The platform gave the chat a new id (a Telegram group became a supergroup): keep its history.
   * A record already made under the new id is dropped when it holds no daily questions; returns false when
   * the move could not be made because both ids have history.
   */
  moveChat(platform: ChatRef["platform"], fromExternalId: string, toExternalId: string): Promise<boolean>;
  ensureMember(ref: MemberRef): Promise<MemberRecord>;

  findDaily(chatId: number, localDate: LocalDate): Promise<DailyRecord | null>;
  latestDaily(chatId: number): Promise<DailyRecord | null>;
  /** Claims the (chat, local date) slot; returns the existing daily when another writer got there first. */
  claimDaily(daily: NewDaily): Promise<{ daily: DailyRecord; created: boolean }>;
  /** Question ids posted as dailies in a chat, oldest first. */
  postedQuestionIds(chatId: number): Promise<string[]>;
  findDailyAnswer(dailyId: number, memberId: number): Promise<DailyAnswerRecord | null>;
  countDailyAnswers(dailyId: number): Promise<number>;

  getStats(chatId: number, memberId: number): Promise<MemberStatsRecord | null>;
  topScores(chatId: number, period: string, limit: number): Promise<ScoreEntry[]>;
  rankOf(chatId: number, period: string, memberId: number): Promise<RankedScore | null>;

  /** Question ids the member has answered at least once, anywhere. */
  answeredQuestionIds(memberId: number): Promise<Set<string>>;

  activeQuiz(chatId: number, memberId: number): Promise<QuizSessionRecord | null>;
  /** Throws DuplicateError when the member already has an active quiz in this chat. */
  createQuiz(session: Omit<QuizSessionRecord, "id" | "position" | "correct" | "points" | "status">): Promise<QuizSessionRecord>;
  closeQuiz(sessionId: number, status: Exclude<QuizStatus, "active">): Promise<void>;
}

export interface Clock {
  now(): Date;
}

/** Randomness is a port too, so selection is reproducible in tests. Returns [0, 1). */
export type Random = () => number;
