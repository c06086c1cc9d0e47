import { describe, expect, it } from "vitest";
import { bareAnswerLine } from "../../src/commands/bare-answer.js";

describe("bareAnswerLine: is text typed alone an answer?", () => {
  it("reads a lone option letter in either case, and a self-grade in Chinese or English, as /answer", () => {
    expect(bareAnswerLine("D", "console")).toBe("/answer D");
    expect(bareAnswerLine(" b ", "private")).toBe("/answer B");
    expect(bareAnswerLine("会", "console")).toBe("/answer 会");
    expect(bareAnswerLine("模糊", "private")).toBe("/answer 模糊");
    expect(bareAnswerLine("不会", "console")).toBe("/answer 不会");
    expect(bareAnswerLine("Fuzzy", "console")).toBe("/answer Fuzzy");
  });

  it("leaves everything else to the commands: other words, digits, several letters, commands", () => {
    for (const text of ["E", "AB", "a b", "2", "hello", "会的", "/answer B", "/daily", "", "ok"]) expect(bareAnswerLine(text, "console")).toBeUndefined();
  });

  it("never reads group messages", () => {
    expect(bareAnswerLine("B", "group")).toBeUndefined();
    expect(bareAnswerLine("会", "group")).toBeUndefined();
  });
});
