import type { Language, Platform } from "../types.js";

/** The mock interview's own port: one running interview per member, its questions and results. */

export type MockStatus = "active" | "finished" | "stopped" | "expired";

/** One answered question of a mock interview. */
export interface MockResult {
  questionId: string;
  coverage: number;
  /** Key points the answer (and its follow-up) missed, with the grader's score for each. */
  missed: { text: string; score: number }[];
  /** Seconds from the question to its answer (the follow-up's time included). */
  seconds: number;
  /** Over the soft time limit. */
  overTime: boolean;
  /** The follow-up asked about this key point, and whether its answer covered it. */
  followUp?: { keyPoint: string; hit: boolean };
}

export interface MockRecord {
  id: number;
  chatId: number;
  memberId: number;
  learnerId: number;
  topic: string | null;
  questionIds: string[];
  position: number;
  followUp: string | null;
  minutes: number;
  results: MockResult[];
  status: MockStatus;
  reviewedAt: Date | null;
  startedAt: Date;
  askedAt: Date;
  lastActivityAt: Date;
  /** When the time-up message of what is being asked is due; null once sent (or claimed) and after the end. */
  timeUpAt: Date | null;
}

/** A claimed time-up message: the interview, whom to tell (privately) and in which language. */
export interface MockTimeUpClaim {
  mock: MockRecord;
  member: { platform: Platform; externalId: string };
  language: Language;
  /** The claim's lease: the message's due time while this sender holds it. */
  leasedUntil: Date;
}

export interface MockStore {
  activeMock(memberId: number): Promise<MockRecord | null>;
  /** The member's latest interview, whatever its status. */
  lastMock(memberId: number): Promise<MockRecord | null>;
  /** Throws DuplicateError when the member already has a running interview. */
  createMock(mock: Omit<MockRecord, "id" | "position" | "followUp" | "results" | "status" | "reviewedAt">): Promise<MockRecord>;
  /**
   * Saves progress unless another answer moved the interview on since (`expected` position and follow-up);
   * false then. `timeUpAt` is the next question's time-up (null when finished).
   */
  advanceMock(id: number, expected: { position: number; followUp: string | null }, update: { position: number; followUp: string | null; results: MockResult[]; askedAt: Date; at: Date; finished: boolean; timeUpAt: Date | null }): Promise<boolean>;
  /** Ends a running interview (its pending time-up message with it). */
  closeMock(id: number, status: Exclude<MockStatus, "active">): Promise<void>;
  /**
   * Claims running interviews whose time-up message is due (members on `platforms`), oldest first: each
   * claim is conditional (of several processes exactly one wins it) and moves the due time to `leaseUntil`,
   * so a sender that dies before `timeUpSent` leaves it to be claimed again then.
   */
  claimTimeUps(now: Date, leaseUntil: Date, limit: number, platforms: readonly Platform[]): Promise<MockTimeUpClaim[]>;
  /** The claimed message went out (or is given up): no more for this question. False when the claim was lost. */
  timeUpSent(id: number, leasedUntil: Date): Promise<boolean>;
  /** A passing failure: the claimed message is due again at `retryAt`. */
  timeUpRetry(id: number, leasedUntil: Date, retryAt: Date): Promise<void>;
  /** Marks the missed questions as added to the review deck; false when they were already. */
  markReviewed(id: number, at: Date): Promise<boolean>;
}
