import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse002 } from "../../../src/bank/import/parse-002.js";

describe("parse002: a numbered list of questions inside article noise", () => {
  it("drops promotion and QR-code lines", () => {
    const text = "机器学习AI算法工程 2024年12月04日 10:11 广西\n戳这里，加关注喔~\n1. 你了解ReAct吗，它有什么优点？\n2. 解释一下langchain Agent的概念\n\n\n搜索公众号添加: **datanlp**\n长按图片，识别二维码";
    expect(parse002(text, "002_x.txt").map((q) => q.prompt)).toEqual(["你了解ReAct吗，它有什么优点？", "解释一下langchain Agent的概念"]);
  });

  it("keeps the real document's questions and none of its noise", () => {
    const file = "002_98bcfcaa417a1827.txt";
    const parsed = parse002(readFileSync(`questions/sources/${file}`, "utf8"), file);
    expect(parsed.length).toBeGreaterThanOrEqual(100);
    expect(parsed.length).toBeLessThanOrEqual(104);
    expect(parsed.some((q) => /公众号|二维码|关注/.test(q.prompt))).toBe(false);
    expect(parsed.find((q) => q.number === 104)?.prompt).toBe("介绍一下使用Swish的GLU块计算公式？");
  });
});
