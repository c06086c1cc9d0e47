import type { AnswerMode } from "../types.js";
import type { PointsAward } from "./standings.js";

/** Quizzes: a member's run of questions in a chat, one at a time. */

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

export interface NewQuizAnswer {
  sessionId: number;
  position: number;
  questionId: string;
  response: string;
  correct: boolean | null;
  points: number;
  answeredAt: Date;
  /** The question's content revision the member answered. */
  revision?: string | null;
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

export interface QuizStore {
  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Question ids the member has answered at least once, anywhere. */
  answeredQuestionIds(memberId: number): Promise<Set<string>>;
  activeQuiz(chatId: number, memberId: number): Promise<QuizSessionRecord | null>;
  /** Throws DuplicateError when the member already has an active quiz in this chat. */
  createQuiz(session: Omit<QuizSessionRecord, "id" | "position" | "correct" | "points" | "status">): Promise<QuizSessionRecord>;
  closeQuiz(sessionId: number, status: Exclude<QuizStatus, "active">): Promise<void>;
}
