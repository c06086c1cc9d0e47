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
}

export interface MockStore {
  activeMock(memberId: number): Promise<MockRecord | null>;
  /** The member's latest interview, whatever its status. */
  lastMock(memberId: number): Promise<MockRecord | null>;
  /** Throws DuplicateError when the member already has a running interview. */
  createMock(mock: Omit<MockRecord, "id" | "position" | "followUp" | "results" | "status" | "reviewedAt">): Promise<MockRecord>;
  /** Saves progress unless another answer moved the interview on since (`expected` position and follow-up); false then. */
  advanceMock(id: number, expected: { position: number; followUp: string | null }, update: { position: number; followUp: string | null; results: MockResult[]; askedAt: Date; at: Date; finished: boolean }): Promise<boolean>;
  closeMock(id: number, status: Exclude<MockStatus, "active">): Promise<void>;
  /** Marks the missed questions as added to the review deck; false when they were already. */
  markReviewed(id: number, at: Date): Promise<boolean>;
}
