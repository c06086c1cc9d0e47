import { describe, expect, it } from "vitest";
import { parseAnswer, parsePeriod, parsePositiveInt, parseTopic } from "../../src/commands/args.js";

describe("command arguments", () => {
  it("reads choices as letters or numbers and recall grades in Chinese or English", () => {
    expect(parseAnswer("b")).toEqual({ kind: "choice", index: 1 });
    expect(parseAnswer("D")).toEqual({ kind: "choice", index: 3 });
    expect(parseAnswer("1")).toEqual({ kind: "choice", index: 0 });
    expect(parseAnswer("会")).toEqual({ kind: "recall", grade: "know" });
    expect(parseAnswer("模糊")).toEqual({ kind: "recall", grade: "fuzzy" });
    expect(parseAnswer("不会")).toEqual({ kind: "recall", grade: "forgot" });
    expect(parseAnswer("Forgot")).toEqual({ kind: "recall", grade: "forgot" });
    expect(parseAnswer("E")).toBeUndefined();
    expect(parseAnswer("5")).toBeUndefined();
  });

  it("finds topics by slug or title", () => {
    expect(parseTopic("RAG")).toBe("rag");
    expect(parseTopic("微调与 PEFT")).toBe("finetuning");
    expect(parseTopic("quantization & compression")).toBe("quantization");
    expect(parseTopic("astrology")).toBeUndefined();
  });

  it("defaults the leaderboard to this week and knows the other periods", () => {
    expect(parsePeriod(undefined)).toBe("week");
    expect(parsePeriod("ALL")).toBe("all");
    expect(parsePeriod("本月")).toBe("month");
    expect(parsePeriod("year")).toBeUndefined();
  });

  it("reads small positive integers only", () => {
    expect(parsePositiveInt("20")).toBe(20);
    expect(parsePositiveInt("-1")).toBeUndefined();
    expect(parsePositiveInt("1e3")).toBeUndefined();
  });
});
