import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse004 } from "../../../src/bank/import/parse-004.js";

describe("parse004: ### N. title with 题目, 答案 and 解析", () => {
  it("takes the 题目 as prompt and keeps 答案 plus 解析 as the answer", () => {
    const text = "### 1. 什么是大模型？\n\n**题目：** 请简要解释什么是大模型。\n\n**答案：** \n\n大模型参数极多。\n\n**特点：**\n\n1. **参数数量庞大：** 数十亿。\n\n**解析：** 需要注意计算资源。\n\n### 2. 蒸馏\n\n**答案：** 用小模型学习大模型。";
    expect(parse004(text, "004_x.txt")).toEqual([
      { file: "004_x.txt", number: 1, prompt: "请简要解释什么是大模型。", answer: "大模型参数极多。\n\n**特点：**\n\n1. **参数数量庞大：** 数十亿。\n\n**解析：** 需要注意计算资源。" },
      { file: "004_x.txt", number: 2, prompt: "蒸馏", answer: "用小模型学习大模型。" },
    ]);
  });

  it("reads the 24 questions of the real document", () => {
    const file = "004_9029131263a27ecd.txt";
    const parsed = parse004(readFileSync(`questions/sources/${file}`, "utf8"), file);
    expect(parsed).toHaveLength(24);
    expect(parsed.every((q) => q.prompt.length > 5 && q.answer)).toBe(true);
    expect(parsed.filter((q) => q.answer?.includes("**解析：**"))).toHaveLength(23); // the last question has no 解析
  });
});
