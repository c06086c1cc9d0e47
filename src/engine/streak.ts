import type { StreakState } from "./ports.js";
import { addDays, type LocalDate } from "./time.js";

/** The streak after answering the daily question posted on `date` (a local date of the chat). */
export function advanceStreak(state: StreakState, date: LocalDate): StreakState {
  if (state.lastStreakDate === date) return state;
  const continues = state.lastStreakDate !== null && addDays(state.lastStreakDate, 1) === date;
  const currentStreak = continues ? state.currentStreak + 1 : 1;
  return {
    currentStreak,
    longestStreak: Math.max(state.longestStreak, currentStreak),
    lastStreakDate: date,
  };
}

/**
 * The streak as it stands while the daily question of `openDate` is the open one: a member who
 * answered neither it nor the previous day's question has missed a day, so the streak is 0.
 */
export function currentStreak(state: StreakState, openDate: LocalDate): number {
  if (state.lastStreakDate === null) return 0;
  return state.lastStreakDate >= addDays(openDate, -1) ? state.currentStreak : 0;
}

export const EMPTY_STREAK: StreakState = { currentStreak: 0, longestStreak: 0, lastStreakDate: null };
