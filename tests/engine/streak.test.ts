import { describe, expect, it } from "vitest";
import type { StreakState } from "../../src/engine/ports.js";
import { advanceStreak, currentStreak, deriveStreak, EMPTY_STREAK, isPerfect, streakAsOf, type StreakRules } from "../../src/engine/streak.js";
import { addDays, localDateOf } from "../../src/engine/time.js";

const OLD_RULES: StreakRules = { restDays: [], freezes: false, from: null };
const RULES: StreakRules = { restDays: [], freezes: true, from: null };

/** Every date from `from` for `n` days. */
function run(from: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => addDays(from, i));
}

function fold(dates: readonly string[], rules: StreakRules): StreakState {
  return dates.reduce((state, date) => advanceStreak(state, date, rules), EMPTY_STREAK);
}

describe("advanceStreak", () => {
  it("starts at 1, grows on consecutive days and keeps the longest", () => {
    const state = fold(["2026-03-07", "2026-03-08", "2026-03-09"], RULES);
    expect(state).toMatchObject({ currentStreak: 3, longestStreak: 3, lastStreakDate: "2026-03-09" });
  });

  it("resets after a missed day with no freeze, but remembers the longest", () => {
    const state = fold(["2026-03-01", "2026-03-02", "2026-03-04"], RULES);
    expect(state).toMatchObject({ currentStreak: 1, longestStreak: 2, lastStreakDate: "2026-03-04" });
  });

  it("counts across month and year ends", () => {
    expect(fold(["2025-12-31", "2026-01-01"], RULES).currentStreak).toBe(2);
  });

  it("does not count the same day twice", () => {
    const once = advanceStreak(EMPTY_STREAK, "2026-03-07");
    expect(advanceStreak(once, "2026-03-07")).toBe(once);
  });
});

describe("freezes", () => {
  it("are earned one per 7 consecutive answered days, at most 2 held", () => {
    expect(fold(run("2026-03-01", 6), RULES).freezesHeld).toBe(0);
    expect(fold(run("2026-03-01", 7), RULES).freezesHeld).toBe(1);
    expect(fold(run("2026-03-01", 14), RULES).freezesHeld).toBe(2);
    expect(fold(run("2026-03-01", 30), RULES).freezesHeld).toBe(2);
  });

  it("cover a missed day automatically: the streak survives, the day adds nothing, the streak is no longer perfect", () => {
    const before = fold(run("2026-03-01", 7), RULES);
    expect(isPerfect(before)).toBe(true);
    // 03-08 missed, answered again on 03-09.
    const after = advanceStreak(before, "2026-03-09", RULES);
    expect(after).toMatchObject({ currentStreak: 8, freezesHeld: 0, frozenInRun: 1 });
    expect(isPerfect(after)).toBe(false);
    expect(deriveStreak([...run("2026-03-01", 7), "2026-03-09"], "2026-03-10", RULES).days.get("2026-03-08")).toBe("frozen");
  });

  it("cover at most two days in a row: a third missed day breaks the streak", () => {
    const held2 = fold(run("2026-03-01", 14), RULES); // through 03-14
    const twoFrozen = advanceStreak(held2, "2026-03-17", RULES); // 15, 16 frozen
    expect(twoFrozen).toMatchObject({ currentStreak: 15, freezesHeld: 0, frozenInRun: 2 });
    // Three missed days with freezes to spare (earned again) are never all frozen.
    const again = fold([...run("2026-03-01", 14), ...run("2026-03-17", 14)], RULES); // through 03-30, 2 held
    expect(again.freezesHeld).toBe(2);
    const broken = advanceStreak(again, "2026-04-03", RULES); // 31, 01, 02 missed
    expect(broken).toMatchObject({ currentStreak: 1, frozenInRun: 0 });
    const derived = deriveStreak([...run("2026-03-01", 14), ...run("2026-03-17", 14), "2026-04-03"], "2026-04-04", RULES);
    expect([derived.days.get("2026-03-31"), derived.days.get("2026-04-01"), derived.days.get("2026-04-02")]).toEqual(["frozen", "frozen", "missed"]);
    expect(derived.state.longestStreak).toBe(28); // frozen days add nothing
  });

  it("are neither earned nor spent when the chat turned them off", () => {
    const off = { ...RULES, freezes: false };
    const state = advanceStreak(fold(run("2026-03-01", 7), off), "2026-03-09", off);
    expect(state).toMatchObject({ currentStreak: 1, freezesHeld: 0 });
  });

  it("are spent on the days judged while the member has not answered yet (/stats of today)", () => {
    const state = fold(run("2026-03-01", 7), RULES); // last 03-07, one held
    expect(streakAsOf(state, "2026-03-08", RULES)).toMatchObject({ currentStreak: 7, freezesHeld: 1 }); // 03-08 still open
    expect(streakAsOf(state, "2026-03-09", RULES)).toMatchObject({ currentStreak: 7, freezesHeld: 0 }); // 03-08 frozen
    expect(currentStreak(state, "2026-03-10", RULES)).toBe(0); // 03-09 missed with no freeze left
  });
});

describe("rest days", () => {
  const weekends: StreakRules = { restDays: [6, 7], freezes: false, from: null };

  it("bridge a streak when not answered, and count when answered", () => {
    // 2026-03-06 is a Friday; 07 and 08 the weekend.
    expect(advanceStreak(fold(["2026-03-05", "2026-03-06"], weekends), "2026-03-09", weekends).currentStreak).toBe(3);
    expect(fold(["2026-03-06", "2026-03-07", "2026-03-09"], weekends).currentStreak).toBe(3);
    expect(fold(["2026-03-06", "2026-03-09"], OLD_RULES).currentStreak).toBe(1);
  });

  it("are local dates, so a DST change in the chat's zone moves nothing", () => {
    // New York springs forward on Sunday 2026-03-08: that day has 23 hours.
    const zone = "America/New_York";
    const answers = [new Date("2026-03-06T23:30:00-05:00"), new Date("2026-03-09T00:30:00-04:00")].map((at) => localDateOf(at, zone));
    expect(answers).toEqual(["2026-03-06", "2026-03-09"]);
    const derived = deriveStreak(answers, "2026-03-10", weekends);
    expect(derived.state.currentStreak).toBe(2);
    expect([derived.days.get("2026-03-07"), derived.days.get("2026-03-08")]).toEqual(["rest", "rest"]);
  });
});

describe("deriveStreak", () => {
  it("equals the cached fold state for any answer history", () => {
    // A seeded walk of answered and missed days.
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (const rules of [RULES, OLD_RULES, { restDays: [3, 7], freezes: true, from: "2026-02-01" }]) {
      const dates: string[] = [];
      for (let day = "2026-01-01"; day < "2026-06-01"; day = addDays(day, 1)) if (random() < 0.75) dates.push(day);
      const derived = deriveStreak(dates, "2026-06-01", rules);
      expect(derived.state).toEqual(streakAsOf(fold(dates, rules), "2026-06-01", rules));
      expect(derived.daysStudied).toBe(dates.length);
    }
  });

  it("applies the old rules (no freezes, no rest days) up to the upgrade date, so no current streak changes", () => {
    // 10 days, a gap, 3 days: without the upgrade date a freeze earned on day 7 would bridge the gap.
    const dates = [...run("2026-03-01", 10), ...run("2026-03-12", 3)];
    const upgraded: StreakRules = { restDays: [], freezes: true, from: "2026-03-14" };
    expect(deriveStreak(dates, "2026-03-14", upgraded).state).toMatchObject({ currentStreak: 3, longestStreak: 10, freezesHeld: 0 });
    expect(deriveStreak(dates, "2026-03-14", RULES).state).toMatchObject({ currentStreak: 13, frozenInRun: 1 });
    // After the upgrade day, freezes are earned from answers after it.
    const later = [...dates, ...run("2026-03-15", 7)];
    expect(deriveStreak(later, "2026-03-22", upgraded).state.freezesHeld).toBe(1);
  });
});
