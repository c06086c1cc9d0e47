import { describe, expect, it } from "vitest";
import { parseShift, ShiftableClock } from "../../src/console/clock.js";

describe("ShiftableClock", () => {
  it("runs with real time from wherever it was set or shifted", () => {
    let real = 1_000_000;
    const clock = new ShiftableClock(() => real);
    clock.set(new Date("2026-03-02T02:00:00Z"));
    real += 5_000;
    expect(clock.now().toISOString()).toBe("2026-03-02T02:00:05.000Z");
    clock.shift(parseShift("+1d")!);
    expect(clock.now().toISOString()).toBe("2026-03-03T02:00:05.000Z");
  });
});

describe("parseShift", () => {
  it("reads signed days, hours and minutes only", () => {
    expect(parseShift("+2h")).toBe(7_200_000);
    expect(parseShift("-30m")).toBe(-1_800_000);
    expect(parseShift("1d")).toBeUndefined();
    expect(parseShift("+1w")).toBeUndefined();
  });
});
