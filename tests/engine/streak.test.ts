import { describe, expect, it } from "vitest";
import { advanceStreak, currentStreak, EMPTY_STREAK } from "../../src/engine/streak.js";

describe("advanceStreak", () => {
  it("starts at 1, grows on consecutive days and keeps the longest", () => {
    let state = advanceStreak(EMPTY_STREAK, "2026-03-07");
    state = advanceStreak(state, "2026-03-08");
    state = advanceStreak(state, "2026-03-09");
    expect(state).toEqual({ currentStreak: 3, longestStreak: 3, lastStreakDate: "2026-03-09" });
  });

  it("resets after a missed day but remembers the longest", () => {
    let state = advanceStreak(EMPTY_STREAK, "2026-03-01");
    state = advanceStreak(state, "2026-03-02");
    state = advanceStreak(state, "2026-03-04");
    expect(state).toEqual({ currentStreak: 1, longestStreak: 2, lastStreakDate: "2026-03-04" });
  });

  it("counts across month and year ends", () => {
    const state = advanceStreak(advanceStreak(EMPTY_STREAK, "2025-12-31"), "2026-01-01");
    expect(state.currentStreak).toBe(2);
  });

  it("does not count the same day twice", () => {
    const once = advanceStreak(EMPTY_STREAK, "2026-03-07");
    expect(advanceStreak(once, "2026-03-07")).toBe(once);
  });
});

describe("currentStreak", () => {
  const state = { currentStreak: 4, longestStreak: 6, lastStreakDate: "2026-03-09" };

  it("stands while today's or yesterday's question was answered", () => {
    expect(currentStreak(state, "2026-03-09")).toBe(4);
    expect(currentStreak(state, "2026-03-10")).toBe(4);
  });

  it("is 0 once a daily question was missed", () => {
    expect(currentStreak(state, "2026-03-11")).toBe(0);
    expect(currentStreak(EMPTY_STREAK, "2026-03-11")).toBe(0);
  });
});
