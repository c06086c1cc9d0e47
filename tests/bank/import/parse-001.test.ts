import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse001 } from "../../../src/bank/import/parse-001.js";

describe("parse001: ### N. sections with **回答：** Markdown bodies", () => {
  const text = [
    "# 标题",
    "## 📋 目录导览",
    "### 🏗️ [第一部分：基础核心概念](#x) (问题1-10)",
    "## 第一部分：基础核心概念",
    "### 1. 什么是分词（Tokenization）？",
    "**回答：**",
    "分词是把文本切成 **Token** 的过程。",
    "",
    "**重要性：**",
    "1.  **数值化表示**：模型处理数字。",
    "```python",
    "tokens = tok.encode(text)",
    "```",
    "",
    "---",
    "### 2. 注意力机制是如何工作的？",
    "**回答：** 计算 Q 与 K 的相似度。",
    "## 📚 总结与展望",
    "### 🎯 关键技术回顾",
    "这里不是问题。",
  ].join("\n");

  it("keeps answers as Markdown and leaves out the contents and the closing summary", () => {
    const parsed = parse001(text, "001_x.txt");
    expect(parsed.map((q) => [q.number, q.prompt])).toEqual([
      [1, "什么是分词（Tokenization）？"],
      [2, "注意力机制是如何工作的？"],
    ]);
    expect(parsed[0]?.answer).toBe("分词是把文本切成 **Token** 的过程。\n\n**重要性：**\n1.  **数值化表示**：模型处理数字。\n```python\ntokens = tok.encode(text)\n```");
    expect(parsed[1]?.answer).toBe("计算 Q 与 K 的相似度。");
    expect(parsed[0]?.topicHint).toBe("第一部分：基础核心概念");
  });

  it("finds the 50 questions of the real document, all answered", () => {
    const file = "001_982c65d2795932e9.txt";
    const parsed = parse001(readFileSync(`questions/sources/${file}`, "utf8"), file);
    expect(parsed).toHaveLength(50);
    expect(parsed.every((q) => (q.answer ?? "").length > 50)).toBe(true);
    expect(parsed.some((q) => q.answer?.includes("总结与展望"))).toBe(false);
  });
});
