import { describe, expect, it } from "vitest";
import { withoutLiteralMarkers } from "../../src/presenter/markup.js";
import { renderDaily, renderDailyResults, renderQuestionDetail, topicTitle } from "../../src/presenter/question.js";
import { FIXTURE_QUESTIONS } from "../support/bank.js";

const withItem = FIXTURE_QUESTIONS.find((q) => q.id === "qinf01")!;
const daily = { id: 7, chatId: 1, localDate: "2026-03-02", questionId: withItem.id, postedAt: new Date(), messageId: null, revealedAt: null, answerCount: 0 };

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

describe("the day's results", () => {
  const results = {
    daily: { ...daily, mode: "choice" as const },
    question: withItem,
    answered: 12,
    correctPercent: 75,
    fastest: { displayName: "alice", afterSeconds: 3 * 3600 + 125 },
    streakHolders: [
      { displayName: "bob", streak: 9 },
      { displayName: "alice", streak: 4 },
    ],
  };

  it("names the count, the share correct, the fastest correct answer and the streak holders", () => {
    expect(withoutLiteralMarkers(renderDailyResults(results, "zh").text)).toBe(
      ["📊 2026-03-02 每日一题揭晓", "共 12 人作答 · 答对率 75%", "⚡ 最快答对：alice（发布后 3 小时 2 分钟）", "🔥 连续作答：bob 9 天、alice 4 天"].join("\n"),
    );
  });

  it("leaves out what does not apply: no share for recall, no streaks, or nobody at all", () => {
    const recall = { ...results, daily: { ...daily, mode: "recall" as const }, correctPercent: null, fastest: { displayName: "bob", afterSeconds: 42 }, streakHolders: [] };
    expect(withoutLiteralMarkers(renderDailyResults(recall, "en").text)).toBe(["📊 Question of the day 2026-03-02: the answer", "12 answered", "⚡ First to know it: bob (42 s after the post)"].join("\n"));
    expect(withoutLiteralMarkers(renderDailyResults({ ...recall, answered: 0, fastest: null }, "en").text)).toBe("📊 Question of the day 2026-03-02: the answer\nNobody answered this one.");
  });
});
