import type { AnswerMode, ChatRef, ChatSettings, MemberRef, PollRecord } from "./types.js";
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
  /** Members who answered so far. */
  answerCount: number;
}

export interface NewDaily extends Omit<DailyRecord, "id" | "messageId" | "revealedAt" | "answerCount"> {
  /** When the scheduler should post it to the chat; null when the chat takes no scheduled posts. */
  deliverAt: Date | null;
}

/** A chat whose daily question the scheduler looks after, with the instant its next one is due. */
export interface ScheduledChat {
  chat: ChatRecord;
  /** Null when it has to be computed again from the settings (new chat, or time, zone or on/off changed). */
  nextDailyAt: Date | null;
}

/** A daily question waiting to be posted (a first attempt or a retry), with its chat. */
export interface PendingDelivery {
  daily: DailyRecord;
  chat: ChatRecord;
  attempts: number;
}

/** A posted daily question whose reveal is due, with its chat. */
export interface DueReveal {
  daily: DailyRecord;
  chat: ChatRecord;
}

/** One member's answer to a daily question, with the name to show. */
export interface DailyAnswerEntry extends DailyAnswerRecord {
  displayName: string;
}

/** One page of a scheduler's listing: rows in chats on the platforms it can post to, with ids after `afterId`, at most `limit`. */
export interface ChatPage {
  platforms: readonly ChatRef["platform"][];
  afterId: number;
  limit: number;
}

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

export interface NewQuizAnswer {
  sessionId: number;
  position: number;
  questionId: string;
  response: string;
  correct: boolean | null;
  points: number;
  answeredAt: Date;
}

/** A daily answer to record, with every leaderboard period its points count towards. */
export interface DailyAnswerWrite {
  chatId: number;
  memberId: number;
  dailyId: number;
  questionId: string;
  response: string;
  correct: boolean | null;
  at: Date;
  periods: string[];
}

/** The engine's scoring of an answer, from the member's streak as the transaction found it (locked). */
export type ScoreDailyAnswer = (before: StreakState) => { streak: StreakState; points: number };

export interface RecordedDailyAnswer {
  streak: StreakState;
  points: number;
  /** The daily question's answer count, this answer included. */
  answerCount: number;
}

/** Thrown by a store when a unique constraint rejects a write: the engine's idempotency signal. */
export class DuplicateError extends Error {
  constructor(what: string) {
    super(`duplicate ${what}`);
    this.name = "DuplicateError";
  }
}

/**
 * Operations that must run inside one transaction with others (a quiz answer). An answer's transaction
 * touches the member's stats in the chat first (countQuizAnswer here; recordDailyAnswer does the same):
 * that row lock queues concurrent answers of one member, and one lock order rules out deadlocks.
 */
export interface StoreTx {
  /** Throws DuplicateError when this quiz position was already answered. */
  insertQuizAnswer(answer: NewQuizAnswer): Promise<void>;
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
  savePoll(chatId: number, poll: Omit<PollRecord, "chat">): Promise<void>;
  findPoll(pollId: string): Promise<PollRecord | null>;
  findPollByMessage(chatId: number, messageId: string): Promise<PollRecord | null>;
  ensureMember(ref: MemberRef): Promise<MemberRecord>;

  findDaily(chatId: number, localDate: LocalDate): Promise<DailyRecord | null>;
  latestDaily(chatId: number): Promise<DailyRecord | null>;
  /** Claims the (chat, local date) slot; returns the existing daily when another writer got there first. */
  claimDaily(daily: NewDaily): Promise<{ daily: DailyRecord; created: boolean }>;
  /** Question ids posted as dailies in a chat, oldest first. */
  postedQuestionIds(chatId: number): Promise<string[]>;
  findDailyAnswer(dailyId: number, memberId: number): Promise<DailyAnswerRecord | null>;
  /**
   * Records a daily answer in one transaction: locks the member's stats, scores the answer with `score`,
   * inserts it (DuplicateError when the member already answered), and updates streak, points, the
   * seen-question record and the answer count. The hot path of a burst of answers.
   */
  recordDailyAnswer(write: DailyAnswerWrite, score: ScoreDailyAnswer): Promise<RecordedDailyAnswer>;
  countDailyAnswers(dailyId: number): Promise<number>;
  /** Every answer to a daily question, earliest first. */
  dailyAnswers(dailyId: number): Promise<DailyAnswerEntry[]>;

  /**
   * Scheduling and delivery of daily questions. Every write here is conditional, so several
   * scheduler processes can share one database: the one whose condition still holds wins.
   */
  /** Chats with the daily question on and not paused whose next daily is due by `now` or not yet computed, by id. */
  scheduledChats(now: Date, page: ChatPage): Promise<ScheduledChat[]>;
  /** Sets the chat's next due instant, unless its schedule changed since `seen` was read; false then. */
  setNextDaily(seen: ScheduledChat, next: Date): Promise<boolean>;
  /** Daily questions whose next send attempt is due, not leased to a sender, in chats that take scheduled posts. */
  pendingDeliveries(now: Date, page: ChatPage): Promise<PendingDelivery[]>;
  /**
   * Leases an unsent daily question to this caller until `until`, when an attempt is due (or it was never
   * scheduled for delivery and was not given up); returns the attempt number, or null when it is not
   * due, already sent, or another sender holds it.
   */
  leaseDelivery(dailyId: number, now: Date, until: Date): Promise<number | null>;
  /** Records the sent message and when the reveal is due; ends the lease. */
  recordDelivered(dailyId: number, messageId: string, revealDueAt: Date): Promise<void>;
  /** Records a failed attempt and when to try again (null: given up); ends the lease. */
  recordDeliveryFailure(dailyId: number, error: string, retryAt: Date | null): Promise<void>;
  /** Posted, unrevealed daily questions whose reveal is due by `now`. */
  dueReveals(now: Date, page: ChatPage): Promise<DueReveal[]>;
  /** Marks a daily question revealed at `at`; false when it already was (another process got there first). */
  claimReveal(dailyId: number, at: Date): Promise<boolean>;
  /** Brings a pending reveal in the chat forward to `latest` when it is due later (the next post moved earlier). */
  revealNoLaterThan(chatId: number, latest: Date): Promise<void>;

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
