import { describe, expect, it } from "vitest";
import { dailyPoints, POINTS, quizPoints } from "../../src/engine/scoring.js";

describe("scoring", () => {
  it("ranks a correct choice above recall above a wrong choice on the daily question", () => {
    expect(dailyPoints("choice", true, 1)).toBe(POINTS.dailyCorrect);
    expect(dailyPoints("recall", null, 1)).toBe(POINTS.dailyRecall);
    expect(dailyPoints("choice", false, 1)).toBe(POINTS.dailyWrong);
    expect(POINTS.dailyCorrect).toBeGreaterThan(POINTS.dailyRecall);
  });

  it("adds a streak bonus capped at +5", () => {
    expect(dailyPoints("choice", true, 2)).toBe(11);
    expect(dailyPoints("choice", true, 6)).toBe(15);
    expect(dailyPoints("choice", true, 60)).toBe(15);
  });

  it("pays quiz points only for a question answered for the first time", () => {
    expect(quizPoints("choice", true, 0)).toBe(2);
    expect(quizPoints("choice", false, 0)).toBe(0);
    expect(quizPoints("recall", null, 0)).toBe(1);
    expect(quizPoints("choice", true, 1)).toBe(0);
  });
});
