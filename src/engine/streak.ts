import type { ChatRecord, StreakState } from "./ports.js";
import { addDays, weekdayOf, type LocalDate } from "./time.js";

/**
 * Streaks, derived from the local dates (chat time zone) on which a member answered the chat's daily
 * question. The rules, as the README states them:
 * - the streak is the number of answered days in the current unbroken run; a day that is not answered
 *   breaks the run unless it is a rest day of the chat (it bridges, adding nothing) or a freeze covers it;
 * - every 7 consecutive answered days (a frozen day starts the count again; rest days do not) earn one
 *   freeze, at most FREEZE_CAP held; a held freeze is spent automatically on a missed day, never on more
 *   than MAX_FROZEN_IN_ROW days in a row; a frozen day keeps the streak but adds nothing to it (no points,
 *   no streak bonus: nothing was answered);
 * - a streak that has used no freeze is "perfect".
 * Days up to `rules.from` (the last daily date before the upgrade that introduced these rules, null for
 * chats made since) are judged by the old rules: no rest days, no freezes earned or spent, so no streak
 * changes on upgrade.
 *
 * `advanceStreak` is one step of the fold `deriveStreak` runs over all answered dates; the store keeps
 * its state (MemberStats) as a cache so answering never reads the whole history.
 */

export const FREEZE_EVERY = 7;
export const FREEZE_CAP = 2;
export const MAX_FROZEN_IN_ROW = 2;

export interface StreakRules {
  /** ISO weekdays (1 Monday … 7 Sunday) that are rest days. */
  restDays: readonly number[];
  freezes: boolean;
  /** The new rules apply to days after this date only (see above); null: to every day. */
  from: LocalDate | null;
}

export const DEFAULT_STREAK_RULES: StreakRules = { restDays: [], freezes: true, from: null };

/** A chat's streak rules, from its settings. */
export function streakRulesOf(chat: Pick<ChatRecord, "restDays" | "streakFreezes" | "streakRulesFrom">): StreakRules {
  return { restDays: chat.restDays, freezes: chat.streakFreezes, from: chat.streakRulesFrom };
}

export type DayStatus = "answered" | "frozen" | "rest" | "missed";

export const EMPTY_STREAK: StreakState = {
  currentStreak: 0,
  longestStreak: 0,
  lastStreakDate: null,
  freezesHeld: 0,
  freezeProgress: 0,
  frozenInRow: 0,
  frozenInRun: 0,
};

function ruled(rules: StreakRules, date: LocalDate): boolean {
  return rules.from === null || date > rules.from;
}

/** One day the member did not answer, after the run's last answered day. */
function skipDay(state: StreakState, date: LocalDate, rules: StreakRules): { state: StreakState; status: DayStatus } {
  const isRest = ruled(rules, date) && rules.restDays.includes(weekdayOf(date));
  if (isRest) return { state, status: "rest" };
  if (state.currentStreak === 0) return { state, status: "missed" };
  if (rules.freezes && ruled(rules, date) && state.freezesHeld > 0 && state.frozenInRow < MAX_FROZEN_IN_ROW) {
    return {
      state: { ...state, freezesHeld: state.freezesHeld - 1, freezeProgress: 0, frozenInRow: state.frozenInRow + 1, frozenInRun: state.frozenInRun + 1 },
      status: "frozen",
    };
  }
  return { state: { ...state, currentStreak: 0, freezeProgress: 0, frozenInRow: 0, frozenInRun: 0 }, status: "missed" };
}

/**
 * Judges the unanswered days after the state's last answered day up to and including `through`.
 * `onDay` sees each day's status.
 */
export function passDays(state: StreakState, through: LocalDate, rules: StreakRules, onDay?: (date: LocalDate, status: DayStatus) => void): StreakState {
  if (state.lastStreakDate === null) return state;
  let current = state;
  for (let date = addDays(state.lastStreakDate, 1); date <= through; date = addDays(date, 1)) {
    const step = skipDay(current, date, rules);
    current = step.state;
    onDay?.(date, step.status);
  }
  return current;
}

/** The streak after answering the daily question of `date` (a local date of the chat). */
export function advanceStreak(state: StreakState, date: LocalDate, rules: StreakRules = DEFAULT_STREAK_RULES): StreakState {
  if (state.lastStreakDate !== null && date <= state.lastStreakDate) return state;
  const before = state.lastStreakDate === null ? state : passDays(state, addDays(date, -1), rules);
  const currentStreak = before.currentStreak + 1;
  let { freezesHeld, freezeProgress } = before;
  if (rules.freezes && ruled(rules, date)) {
    freezeProgress += 1;
    if (freezeProgress >= FREEZE_EVERY) {
      freezeProgress = 0;
      freezesHeld = Math.min(FREEZE_CAP, freezesHeld + 1);
    }
  }
  return {
    currentStreak,
    longestStreak: Math.max(before.longestStreak, currentStreak),
    lastStreakDate: date,
    freezesHeld,
    freezeProgress,
    frozenInRow: 0,
    frozenInRun: before.frozenInRun,
  };
}

/**
 * The streak as it stands while the daily question of `openDate` is the open one: the days before it that
 * the member did not answer are judged (a freeze may cover them, or they break the streak). The open day
 * itself can still be answered, so it is not judged yet.
 */
export function streakAsOf(state: StreakState, openDate: LocalDate, rules: StreakRules = DEFAULT_STREAK_RULES): StreakState {
  return passDays(state, addDays(openDate, -1), rules);
}

/** The current streak as a number (see streakAsOf). */
export function currentStreak(state: StreakState, openDate: LocalDate, rules: StreakRules = DEFAULT_STREAK_RULES): number {
  return streakAsOf(state, openDate, rules).currentStreak;
}

/** A streak that has used no freeze. */
export function isPerfect(state: StreakState): boolean {
  return state.currentStreak > 0 && state.frozenInRun === 0;
}

export interface DerivedStreak {
  /** The state as of the open date (see streakAsOf). */
  state: StreakState;
  /** Every judged day from the first answer to the open date: answered, frozen, rest or missed. */
  days: Map<LocalDate, DayStatus>;
  /** Days answered, all time. */
  daysStudied: number;
}

/** The streak derived from scratch from every local date the member answered on, as of `openDate`. */
export function deriveStreak(answeredDates: readonly LocalDate[], openDate: LocalDate, rules: StreakRules = DEFAULT_STREAK_RULES): DerivedStreak {
  const dates = [...new Set(answeredDates)].sort();
  const days = new Map<LocalDate, DayStatus>();
  const record = (date: LocalDate, status: DayStatus) => days.set(date, status);
  let state = EMPTY_STREAK;
  for (const date of dates) {
    // The gap's statuses; advanceStreak judges the same days again from the same state.
    passDays(state, addDays(date, -1), rules, record);
    state = advanceStreak(state, date, rules);
    days.set(date, "answered");
  }
  if (dates.at(-1) !== openDate) state = passDays(state, addDays(openDate, -1), rules, record);
  return { state, days, daysStudied: dates.length };
}
