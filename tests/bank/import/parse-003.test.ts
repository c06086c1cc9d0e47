import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse003 } from "../../../src/bank/import/parse-003.js";

describe("parse003: OCR'd numbered questions with radicals, wrapped lines and bare headings", () => {
  const text = [
    "# \u2F24模型 /NLP \u2F2F试题", // 大模型 /NLP 面试题, written with Kangxi radicals
    "",
    "35. \u2F24语\u2F94模型为什么有最\u2ED3上下\u2F42\u2ED3度的概念？",
    "",
    "170. 请阐述 PPO 算法在\u2F24模型对\u2EEC（RLHF）框架中的\u2EC6\u2F8A。具体说明“演员模型”、“评论家",
    "",
    "模型”和“奖励模型”分别指什么，以及它们是如何协同\u2F2F作的。",
    "",
    "456. LLMs 相关知识及\u2F2F试题：https://example.org/#/note",
    "DeepSeek V3 Base",
    "2. Qwen5",
    "2. # Gemini 5",
    "Docker",
    "# \u2F45案设计",
    "1. 假设你正在训练\u2F00个情感分析模型。请结合本章",
    "",
    "设计理由。",
  ].join("\n");

  it("maps radicals, joins wrapped lines, skips headings and references, and numbers the design section apart", () => {
    const parsed = parse003(text, "003_x.txt");
    expect(parsed.map((q) => [q.number, q.prompt])).toEqual([
      [35, "大语言模型为什么有最长上下文长度的概念？"],
      [170, "请阐述 PPO 算法在大模型对齐（RLHF）框架中的角色。具体说明“演员模型”、“评论家模型”和“奖励模型”分别指什么，以及它们是如何协同工作的。"],
      [1001, "假设你正在训练一个情感分析模型。请结合本章设计理由。"],
    ]);
    expect(parsed[2]?.topicHint).toBe("方案设计");
  });

  it("reads the real document: about 270 questions, no radicals left, findable as 大模型", () => {
    const file = "003_1e8f5a48927a2c6c.txt";
    const parsed = parse003(readFileSync(`questions/sources/${file}`, "utf8"), file);
    expect(parsed.length).toBeGreaterThanOrEqual(265);
    expect(parsed.length).toBeLessThanOrEqual(275);
    expect(parsed.some((q) => /[\u2E80-\u2FDF]/u.test(q.prompt))).toBe(false);
    expect(parsed.some((q) => /DeepSeek|Qwen|Docker|https?:/.test(q.prompt))).toBe(false);
    expect(parsed.filter((q) => q.prompt.includes("大模型")).length).toBeGreaterThan(20);
    expect(parsed.find((q) => q.number === 206)?.prompt).toContain("减少内存占用和带宽需求");
  });
});
