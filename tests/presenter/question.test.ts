import { describe, expect, it } from "vitest";
import { renderDaily, renderQuestionDetail, topicTitle } from "../../src/presenter/question.js";
import { FIXTURE_QUESTIONS } from "../support/bank.js";

const withItem = FIXTURE_QUESTIONS.find((q) => q.id === "qinf01")!;
const daily = { id: 7, chatId: 1, localDate: "2026-03-02", questionId: withItem.id, postedAt: new Date(), messageId: null, revealedAt: null };

describe("question rendering", () => {
  it("shows a multiple-choice daily with lettered options and one button per option", () => {
    const message = renderDaily({ daily: { ...daily, mode: "choice" }, question: withItem, answerCount: 3 }, "zh");
    expect(message.text).toContain("A. Q 向量\nB. 梯度\nC. 已生成 token 的 K 和 V\nD. 优化器状态");
    expect(message.text).toContain("题号 qinf01 · 推理与部署优化 · 难度 2");
    expect(message.text).toContain("已有 3 人作答");
    expect(message.choices).toEqual(["A", "B", "C", "D"].map((label, i) => ({ action: `1:d:7:${i}`, label })));
  });

  it("asks the prompt in recall mode with show-answer and self-grade buttons, and never leaks the answer", () => {
    const message = renderDaily({ daily: { ...daily, mode: "recall" }, question: withItem, answerCount: 0 }, "en");
    expect(message.text).toContain("**什么是 KV cache？**");
    expect(message.text).not.toContain(withItem.answer!);
    expect(message.choices).toEqual([
      { action: "1:d:7:s", label: "Show answer" },
      { action: "1:d:7:k", label: "know" },
      { action: "1:d:7:f", label: "fuzzy" },
      { action: "1:d:7:x", label: "forgot" },
    ]);
  });

  it("adds the reference answer and the right option once the daily question is revealed", () => {
    const message = renderDaily({ daily: { ...daily, mode: "choice", revealedAt: new Date() }, question: withItem, answerCount: 2 }, "zh");
    expect(message.text).toContain(withItem.answer!);
    expect(message.text).toContain(`C. 已生成 token 的 K 和 V`);
    expect(message.text).toContain(withItem.item!.explanation);
  });

  it("shows the answer and the explanation in the detail view", () => {
    const text = renderQuestionDetail(withItem, "en").text;
    expect(text).toContain("Reference answer");
    expect(text).toContain(withItem.answer!);
    expect(text).toContain(withItem.item!.explanation);
    expect(topicTitle("rag", "en")).toBe("RAG & retrieval");
  });
});
