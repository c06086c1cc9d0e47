import type { LocalDate } from "../time.js";
import type { MemberRecord } from "./members.js";

/** Progress: the answer history behind a member's derived streak and per-topic mastery, for /stats and its picture. */

export interface AnsweredQuestion {
  questionId: string;
  correct: boolean | null;
}

/** A question's grades in the member's review sessions (their deck, the same in every chat): how many, how many Good or better. */
export interface ReviewedQuestion {
  questionId: string;
  graded: number;
  good: number;
}

export interface ProgressStore {
  /** The local dates of the chat's daily questions the member answered. */
  answeredDates(chatId: number, memberId: number): Promise<LocalDate[]>;
  /** Every daily and quiz answer of the member in the chat. */
  answeredQuestions(chatId: number, memberId: number): Promise<AnsweredQuestion[]>;
  /** The member's review-session grades per question (none until they have reviewed). */
  reviewedQuestions(memberId: number): Promise<ReviewedQuestion[]>;
  /** A member who has stats in the chat, by display name (case-insensitive); the earliest when several share it. */
  findMemberByName(chatId: number, displayName: string): Promise<(MemberRecord & { displayName: string }) | null>;
}
