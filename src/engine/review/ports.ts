/**
 * The review capability's own port: learners, their cards (FSRS state), the grade log, review sessions
 * and reminders. No ts-fsrs type crosses it: card states are plain records the engine converts.
 */

/** FSRS card states: new, learning, review, relearning (ts-fsrs State's numbering). */
export type CardPhase = 0 | 1 | 2 | 3;

/** Grades: Again, Hard, Good, Easy (ts-fsrs Rating's numbering). */
export type ReviewRating = 1 | 2 | 3 | 4;

export interface CardState {
  due: Date;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: CardPhase;
  lastReview: Date | null;
}

export interface CardRecord extends CardState {
  id: number;
  learnerId: number;
  questionId: string;
  lastRating: ReviewRating;
}

/** The card as it was before a grade, and the grade: one review log row. */
export interface GradeLog {
  rating: ReviewRating;
  state: CardPhase;
  due: Date;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  lastElapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  prevDue: Date;
  prevReps: number;
  prevLapses: number;
  prevLastReview: Date | null;
  review: Date;
}

export type AttemptKind = "daily" | "quiz" | "review" | "practice" | "mock";

export interface GradeWrite {
  /** The learner as the caller found it. A merge may retire it before the write: the store then grades `memberId`'s learner. */
  learnerId: number;
  /** The identity whose attempt it is. */
  memberId: number;
  questionId: string;
  /** The attempt ("daily:42:m7", "quiz:7:3", "review:5:2", "practice:9"): unique, so an attempt grades its card once. */
  source: string;
  kind: AttemptKind;
  at: Date;
  /** The question's content revision the graded attempt was made on. */
  revision?: string | null;
  /** The scheduler's step, from the card as the transaction found it (locked); null: the first attempt. */
  schedule(card: CardState | null): { card: CardState; log: GradeLog };
}

export interface ReviewLogEntry extends GradeLog {
  id: number;
  cardId: number;
  source: string;
  kind: AttemptKind;
}

/** A card rebuilt from its grade log (review order): its state and each grade's rewritten log row, same order. */
export type CardRebuild = (logs: ReviewLogEntry[]) => { card: CardState; logs: GradeLog[] };

/** A question's attempts by a learner: how many, how many correct or graded Good or better. */
export interface QuestionAttempts {
  questionId: string;
  attempts: number;
  good: number;
}

export type ReviewSessionStatus = "active" | "finished" | "stopped" | "expired";

/** One grade of a session, for undo: its source and whether it put the card back at the end of the queue. */
export interface SessionStep {
  source: string;
  questionId: string;
  requeued: boolean;
}

export interface ReviewSessionRecord {
  id: number;
  learnerId: number;
  memberId: number;
  chatId: number;
  mode: "recall" | "choice";
  cramTopic: string | null;
  /** Question ids still to ask, the current one first. */
  queue: string[];
  graded: number;
  history: SessionStep[];
  status: ReviewSessionStatus;
  startedAt: Date;
  lastActivityAt: Date;
}

export interface ReminderRecord {
  learnerId: number;
  platform: string;
  externalId: string;
  language: string;
  time: string;
  timeZone: string;
  nextAt: Date | null;
  lastLocalDate: string | null;
  offReason: string | null;
}

export interface ReviewStore {
  /** The learner a member identity belongs to, made on first use. */
  learnerOf(memberId: number): Promise<number>;
  /**
   * Grades a card in one transaction: makes it when missing, locks it, schedules it with `write.schedule`,
   * logs the grade and saves the new state. Returns null (nothing written) when `write.source` was graded before.
   */
  gradeCard(write: GradeWrite): Promise<CardRecord | null>;
  /** Undoes the grade of `source`: restores the card with `restore` from its log row and deletes the row; false when there is none. */
  undoGrade(source: string, restore: (card: CardRecord, log: ReviewLogEntry) => CardState): Promise<boolean>;
  /**
   * Rebuilds a card in one transaction: locks it, hands its log rows (oldest first) to `rebuild`, saves the
   * card it returns and rewrites each log row with the one it returns (same order). Null when there is no card.
   */
  rebuildCard(learnerId: number, questionId: string, rebuild: (logs: ReviewLogEntry[], card: CardRecord) => { card: CardState; logs: GradeLog[] }): Promise<CardRecord | null>;
  findCard(learnerId: number, questionId: string): Promise<CardRecord | null>;
  /** Every card of the learner (a deck holds at most the bank's questions). */
  cards(learnerId: number): Promise<CardRecord[]>;
  /** Cards due by `now`, at most `limit`, earliest due first. */
  dueCards(learnerId: number, now: Date, limit: number): Promise<CardRecord[]>;
  countDue(learnerId: number, now: Date): Promise<number>;
  /** The earliest due date of the learner's cards after `now`, or null. */
  nextDueAfter(learnerId: number, now: Date): Promise<Date | null>;
  /** Distinct questions reviewed (kind "review") in [from, to). */
  countReviewed(learnerId: number, from: Date, to: Date): Promise<number>;
  /** Cards whose latest grade was Again, latest first. */
  mistakes(learnerId: number, limit: number): Promise<CardRecord[]>;
  attempts(learnerId: number): Promise<QuestionAttempts[]>;
  /** The answer recorded at a quiz position, if any (to grade a redelivered answer). */
  quizAttempt(sessionId: number, position: number): Promise<{ memberId: number; questionId: string; response: string; correct: boolean | null; answeredAt: Date; revision: string | null } | null>;

  activeSession(learnerId: number): Promise<ReviewSessionRecord | null>;
  /** The learner's latest session, whatever its status. */
  lastSession(learnerId: number): Promise<ReviewSessionRecord | null>;
  /** Null when the learner already has an active session. */
  createSession(session: Omit<ReviewSessionRecord, "id" | "graded" | "history" | "status">): Promise<ReviewSessionRecord | null>;
  /** Saves the session's progress unless another grade moved it on since `expectedGraded`; false then. */
  advanceSession(id: number, expectedGraded: number, update: { queue: string[]; graded: number; history: SessionStep[]; at: Date }): Promise<boolean>;
  /** Saves queue and history after an undo (only from the same state `expectedHistoryLength`); a finished session is active again. */
  rewindSession(id: number, expectedHistoryLength: number, update: { queue: string[]; history: SessionStep[]; at: Date }): Promise<boolean>;
  closeSession(id: number, status: Exclude<ReviewSessionStatus, "active">): Promise<void>;

  reminder(learnerId: number): Promise<ReminderRecord | null>;
  saveReminder(reminder: ReminderRecord): Promise<void>;
  /** Reminders due by `now`, learner id after `afterId`, at most `limit`, by learner id. */
  dueReminders(now: Date, afterId: number, limit: number): Promise<ReminderRecord[]>;
  /**
   * Takes the reminders of `localDate` (at most one a learner and local day) of these learners, and moves
   * each reminded today to `nextAt`, in one transaction. Returns the learners this call took: a learner
   * another process took first, or who was reminded today already, is not among them.
   */
  claimReminders(learnerIds: number[], localDate: string, nextAt: Date): Promise<number[]>;
  /** Moves reminders to `nextAt` without claiming a day (one missed on an earlier day waits for today's time). */
  moveReminders(learnerIds: number[], nextAt: Date): Promise<void>;
  /** Gives a claimed day back (a transient failure) so a later tick retries at `retryAt`. */
  releaseReminder(learnerId: number, localDate: string, previous: string | null, retryAt: Date): Promise<void>;
  /** Turns the reminder off because the platform refused for good. */
  disableReminder(learnerId: number, reason: string): Promise<void>;
  /** Counts due cards of many learners at once (the reminder tick). */
  countDueMany(learnerIds: number[], now: Date): Promise<Map<number, number>>;
}
