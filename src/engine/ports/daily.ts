import type { LocalDate } from "../time.js";
import type { AnswerMode, ChatRef, MemberRef } from "../types.js";
import type { ChatRecord } from "./chats.js";
import type { MemberRecord } from "./members.js";

/** Daily questions: claiming a chat's question of a local date, and its members' answers. */

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
  /** Set by the scheduler: a new daily is born leased to it until then, for its first send attempt. */
  leaseUntil?: Date;
}

export interface DailyAnswerRecord {
  memberId: number;
  response: string;
  correct: boolean | null;
  points: number;
  streak: number;
  answeredAt: Date;
  /** The question's revision it was answered on (null: answered before revisions were recorded). */
  revision: string | null;
}

/** One member's answer to a daily question, with the name to show. */
export interface DailyAnswerEntry extends DailyAnswerRecord {
  displayName: string;
}

/**
 * A member's streak in a chat after their last answered day: the state of the fold in src/engine/streak.ts,
 * cached in the member's stats so an answer never reads the whole history.
 */
export interface StreakState {
  /** Answered days in the current run. */
  currentStreak: number;
  longestStreak: number;
  /** The last answered day. */
  lastStreakDate: LocalDate | null;
  freezesHeld: number;
  /** Answered days towards the next freeze. */
  freezeProgress: number;
  /** Frozen days in a row right before the last judged day (0 after an answered day). */
  frozenInRow: number;
  /** Frozen days in the current run: 0 is a perfect streak. */
  frozenInRun: number;
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
  /** The question's content revision the member answered (src/bank/revision.ts); absent: not known. */
  revision?: string | null;
}

/** The engine's scoring of an answer, from the member's streak as the transaction found it (locked). */
export type ScoreDailyAnswer = (before: StreakState) => { streak: StreakState; points: number };

export interface RecordedDailyAnswer {
  streak: StreakState;
  points: number;
  /** The daily question's answer count, this answer included. */
  answerCount: number;
}

/** What an answer makes of the chat's latest daily question: a write (scored from the member's streak), or none. */
export type DailyAnswerPlan = { write: Omit<DailyAnswerWrite, "chatId" | "memberId">; score: ScoreDailyAnswer } | { write: null };

/** An answer to the latest daily taken in one call: the rows its plan was made from, and the answer recorded. */
export interface LatestDailyAnswer {
  chat: ChatRecord;
  member: MemberRecord;
  /** The daily the plan was made from (its answerCount as last seen, not this answer's). */
  daily: DailyRecord | null;
  /** The answer as recorded; null when the plan wrote nothing. */
  recorded: RecordedDailyAnswer | null;
}

export interface DailyStore {
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
  /**
   * An answer to the chat's latest daily question in one call where the database allows it: the member
   * ensured (as MemberStore.ensureMember), the chat and its latest daily read, and the answer `plan` makes
   * of them recorded (as recordDailyAnswer). `plan` may run more than once, with fresher rows; the rows it
   * ran with last are the ones returned. Null when the store cannot take the answer in one go (an unknown
   * chat, a duplicate answer, contention, a database without it): nothing was written but the member, and
   * the caller takes the answer step by step.
   */
  answerLatestDaily(chat: ChatRef, member: MemberRef, plan: (chat: ChatRecord, daily: DailyRecord | null) => DailyAnswerPlan): Promise<LatestDailyAnswer | null>;
  countDailyAnswers(dailyId: number): Promise<number>;
  /** Every answer to a daily question, earliest first. */
  dailyAnswers(dailyId: number): Promise<DailyAnswerEntry[]>;
}
