import { createEmptyCard, fsrs, generatorParameters, type Card, type FSRS, type Grade, type ReviewLog } from "ts-fsrs";
import type { CardPhase, CardState, GradeLog, ReviewLogEntry, ReviewRating } from "./ports.js";

/**
 * FSRS-6 scheduling by ts-fsrs, behind plain records: no ts-fsrs type leaves this file. Fuzz stays on
 * (intervals spread a little so cards made together do not come back together). Short-term (minute)
 * learning steps are off: members meet cards in a daily review, so a missed question comes back the
 * next day, and an Again within a review session comes back at the session's end (Reviews does that).
 */

export interface SchedulingOptions {
  /** Target probability of recall at the due date (0.7–0.99). */
  retention: number;
  /** Longest interval, days. */
  maxIntervalDays: number;
}

export const DEFAULT_SCHEDULING: SchedulingOptions = { retention: 0.9, maxIntervalDays: 365 };

export class Scheduler {
  private readonly fsrs: FSRS;

  constructor(options: SchedulingOptions = DEFAULT_SCHEDULING) {
    this.fsrs = fsrs(generatorParameters({ request_retention: options.retention, maximum_interval: options.maxIntervalDays, enable_fuzz: true, enable_short_term: false }));
  }

  /** The next state of a card (a new one when `card` is null) graded `rating` at `at`, and the log row. */
  grade(card: CardState | null, rating: ReviewRating, at: Date): { card: CardState; log: GradeLog } {
    const before = card ? toFsrs(card) : createEmptyCard(at);
    const { card: next, log } = this.fsrs.next(before, at, rating as Grade);
    return { card: fromFsrs(next), log: logOf(log, before) };
  }

  /** The card as it was before the grade `log` (ts-fsrs rollback), with reps, lapses and last review exactly as logged. */
  rollback(card: CardState, log: ReviewLogEntry): CardState {
    const previous = fromFsrs(this.fsrs.rollback(toFsrs(card), toFsrsLog(log)));
    return { ...previous, due: log.prevDue, reps: log.prevReps, lapses: log.prevLapses, lastReview: log.prevLastReview };
  }

  /**
   * Rebuilds a card from its grades (ts-fsrs reschedule): the state its review history gives under these
   * parameters, and each grade's log row as that history makes it (so undo stays exact afterwards). For a
   * deck after the parameters changed, or two decks merged (their logs, in review order).
   */
  reschedule(grades: readonly RescheduleGrade[], createdAt: Date): Rebuilt {
    const ordered = [...grades].sort((a, b) => a.review.getTime() - b.review.getTime());
    const first = createEmptyCard(createdAt);
    const { collections } = this.fsrs.reschedule(first, ordered.map((grade) => ({ rating: grade.rating as Grade, review: grade.review })), { first_card: first, skipManual: true });
    let before: Card = first;
    const logs: GradeLog[] = [];
    for (const item of collections) {
      logs.push(logOf(item.log, before));
      before = item.card;
    }
    return { card: fromFsrs(before), logs };
  }
}

/** A grade to replay: its rating and when it was given. */
export interface RescheduleGrade {
  rating: ReviewRating;
  review: Date;
}

/** A card rebuilt from its grades: its state after the last, and one log row a grade, oldest first. */
export interface Rebuilt {
  card: CardState;
  logs: GradeLog[];
}

/**
 * A card rebuilt from a list of grades (any order; replayed oldest first) with ts-fsrs reschedule, under
 * `options` (default: the deck's defaults). Pure: what Reviews.rebuildCard saves, and what merging two
 * decks calls with both decks' logs of a question.
 */
export function rescheduleCard(grades: readonly RescheduleGrade[], createdAt: Date, options: SchedulingOptions = DEFAULT_SCHEDULING): Rebuilt {
  return new Scheduler(options).reschedule(grades, createdAt);
}

function toFsrs(card: CardState): Card {
  return {
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: card.elapsedDays,
    scheduled_days: card.scheduledDays,
    learning_steps: card.learningSteps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    ...(card.lastReview ? { last_review: card.lastReview } : {}),
  };
}

function fromFsrs(card: Card): CardState {
  return {
    due: new Date(card.due),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state as number as CardPhase,
    lastReview: card.last_review ? new Date(card.last_review) : null,
  };
}

function logOf(log: ReviewLog, before: Card): GradeLog {
  return {
    rating: log.rating as number as ReviewRating,
    state: log.state as number as CardPhase,
    due: new Date(log.due),
    stability: log.stability,
    difficulty: log.difficulty,
    elapsedDays: log.elapsed_days,
    lastElapsedDays: log.last_elapsed_days,
    scheduledDays: log.scheduled_days,
    learningSteps: log.learning_steps,
    prevDue: new Date(before.due),
    prevReps: before.reps,
    prevLapses: before.lapses,
    prevLastReview: before.last_review ? new Date(before.last_review) : null,
    review: new Date(log.review),
  };
}

function toFsrsLog(log: GradeLog): ReviewLog {
  return {
    rating: log.rating,
    state: log.state,
    due: log.due,
    stability: log.stability,
    difficulty: log.difficulty,
    elapsed_days: log.elapsedDays,
    last_elapsed_days: log.lastElapsedDays,
    scheduled_days: log.scheduledDays,
    learning_steps: log.learningSteps,
    review: log.review,
  };
}
