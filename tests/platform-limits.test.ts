import { describe, expect, it } from "vitest";
import { loadBank } from "../src/bank/load.js";
import { DISCORD_LIMITS, fitsTelegramQuizPoll, TELEGRAM_LIMITS } from "../src/platform-limits.js";
import { renderDaily, renderQuestionDetail } from "../src/presenter/question.js";

const bank = loadBank();
/** Every fifth question of the bank in id order, and each topic's first: a fixed sample across all topics. */
const sample = [...bank.questions].sort((a, b) => (a.id < b.id ? -1 : 1)).filter((q, i) => i % 5 === 0 || bank.byTopic.get(q.topic)?.[0] === q);

describe("bank content within platform limits", () => {
  it("samples every topic", () => {
    expect(new Set(sample.map((q) => q.topic)).size).toBe(bank.byTopic.size);
  });

  it.each(sample.map((q) => [q.id, q] as const))("%s renders within Telegram's and Discord's limits", (_id, question) => {
    const daily = { id: 2_147_483_647, chatId: 1, localDate: "2026-03-02", questionId: question.id, postedAt: new Date(), messageId: null, revealedAt: null, answerCount: 0 };
    for (const lang of ["zh", "en"] as const) {
      for (const mode of ["choice", "recall"] as const) {
        const message = renderDaily({ daily: { ...daily, mode }, question, answerCount: 99_999 }, lang);
        expect(message.text.length).toBeLessThanOrEqual(Math.min(TELEGRAM_LIMITS.messageText, DISCORD_LIMITS.embedDescription));
        for (const choice of message.choices ?? []) {
          expect(Buffer.byteLength(choice.action)).toBeLessThanOrEqual(TELEGRAM_LIMITS.callbackDataBytes);
          expect(choice.action.length).toBeLessThanOrEqual(DISCORD_LIMITS.customIdChars);
          expect(choice.label.length).toBeLessThanOrEqual(DISCORD_LIMITS.buttonLabel);
        }
      }
      expect(renderQuestionDetail(question, lang).text.length).toBeLessThanOrEqual(TELEGRAM_LIMITS.messageText);
    }
    expect(question.item && fitsTelegramQuizPoll(question.item)).toBe(true);
  });
});
