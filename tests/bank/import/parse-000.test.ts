import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse000 } from "../../../src/bank/import/parse-000.js";

describe("parse000: numbered bold questions with indented answers", () => {
  it("reads each question with its multi-line answer", () => {
    const text = "1. **什么是AI大模型？**  \n   指参数量巨大的模型。\n   第二行。\n\n2. **RLHF（人类反馈强化学习）？**  \n   通过人类评分优化模型输出。\n";
    expect(parse000(text, "000_x.txt")).toEqual([
      { file: "000_x.txt", number: 1, prompt: "什么是AI大模型？", answer: "指参数量巨大的模型。\n第二行。" },
      { file: "000_x.txt", number: 2, prompt: "RLHF（人类反馈强化学习）？", answer: "通过人类评分优化模型输出。" },
    ]);
  });

  it("finds all 50 questions of the real document, each with an answer", () => {
    const file = "000_53a2b09cb9a9cf93.txt";
    const parsed = parse000(readFileSync(`questions/sources/${file}`, "utf8"), file);
    expect(parsed).toHaveLength(50);
    expect(parsed.every((q) => q.answer && !q.prompt.includes("**"))).toBe(true);
    expect(parsed.find((q) => q.number === 32)).toMatchObject({ prompt: "vLLM是什么？", answer: expect.stringContaining("PagedAttention") });
  });
});
