import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Engine } from "../../src/engine/engine.js";
import type { QuizQuestionView } from "../../src/engine/quiz.js";
import type { AnswerInput } from "../../src/engine/responses.js";
import type { ChatRef, MemberRef } from "../../src/engine/types.js";
import { fixtureBank } from "../support/bank.js";
import { seededRandom, TestClock } from "../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const chat: ChatRef = { platform: "discord", externalId: "guild-channel" };
const alice: MemberRef = { platform: "discord", externalId: "10", displayName: "alice" };

let db: TestDatabase;
let clock: TestClock;
let engine: Engine;

beforeEach(async () => {
  db = await createTestDatabase();
  clock = new TestClock("2026-05-04T08:00:00Z");
  engine = new Engine({ bank: fixtureBank(), store: db.store, clock, random: seededRandom(3), quizIdleMinutes: 30 });
});
afterEach(() => db.dispose());

function rightAnswer(view: QuizQuestionView): AnswerInput {
  return view.mode === "choice" ? { kind: "choice", index: view.question.item!.correct } : { kind: "recall", grade: "know" };
}

async function start(options = {}) {
  const result = await engine.startQuiz(chat, alice, options);
  if (!result.ok) throw new Error(result.code);
  return result.value;
}

describe("quizzes", () => {
  it("asks n questions from the topic one at a time and sums up at the end", async () => {
    let view = await start({ topic: "rag", count: 2 });
    expect(view.total).toBe(2);
    const asked = [view.question.id];
    const first = await engine.answerQuiz(chat, alice, rightAnswer(view));
    if (!first.ok || !first.value.next) throw new Error("expected a next question");
    view = first.value.next;
    asked.push(view.question.id);
    const last = await engine.answerQuiz(chat, alice, rightAnswer(view));
    expect(last).toMatchObject({ ok: true, value: { summary: { correct: 0, answered: 2, total: 2, points: 2 } } });
    expect(new Set(asked)).toEqual(new Set(["qrag01", "qrag02"]));
    expect(await engine.answerQuiz(chat, alice, { kind: "recall", grade: "know" })).toMatchObject({ ok: false, code: "NO_ACTIVE_QUIZ" });
  });

  it("takes at most 20 questions and at least one", async () => {
    expect(await engine.startQuiz(chat, alice, { count: 21 })).toMatchObject({ ok: false, code: "INVALID_ARGUMENT" });
    expect(await engine.startQuiz(chat, alice, { count: 0 })).toMatchObject({ ok: false, code: "INVALID_ARGUMENT" });
    expect((await start({ count: 20 })).total).toBe(6); // every askable question, no more
  });

  it("allows one active quiz per member per chat, also under concurrent starts", async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => engine.startQuiz(chat, alice, {})));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.code === "QUIZ_IN_PROGRESS")).toHaveLength(3);
    const other = await engine.startQuiz({ platform: "discord", externalId: "elsewhere" }, alice, {});
    expect(other.ok).toBe(true);
  });

  it("expires after inactivity", async () => {
    await start();
    clock.advance(31 * 60_000);
    expect(await engine.answerQuiz(chat, alice, { kind: "recall", grade: "know" })).toMatchObject({ ok: false, code: "NO_ACTIVE_QUIZ" });
    expect((await engine.startQuiz(chat, alice, {})).ok).toBe(true);
  });

  it("prefers questions the member has not answered before, and pays only for first answers", async () => {
    let view = await start({ count: 3 });
    const firstRound = new Set<string>();
    for (;;) {
      firstRound.add(view.question.id);
      const result = await engine.answerQuiz(chat, alice, rightAnswer(view));
      if (!result.ok) throw new Error(result.code);
      if (!result.value.next) break;
      view = result.value.next;
    }
    const second = await start({ count: 3 });
    const secondRound = [second.question.id, ...second.session.questionIds];
    expect(secondRound.some((id) => firstRound.has(id))).toBe(false);

    await engine.stopQuiz(chat, alice);
    const third = await start({ count: 6 });
    // Everything is seen now except the three from the stopped quiz, which come first.
    const unseenFirst = third.session.questionIds.slice(0, 3);
    expect(unseenFirst.some((id) => firstRound.has(id))).toBe(false);
  });

  it("gives no points for a question answered before", async () => {
    const view = await start({ topic: "inference", count: 1 });
    const once = await engine.answerQuiz(chat, alice, rightAnswer(view));
    expect(once).toMatchObject({ ok: true, value: { correct: true, points: 2 } });
    const again = await start({ topic: "inference", count: 1 });
    expect(await engine.answerQuiz(chat, alice, rightAnswer(again))).toMatchObject({ ok: true, value: { correct: true, points: 0 } });
  });

  it("reveals a recall question's answer at once, a choice question's only through answering it", async () => {
    await start({ topic: "inference", count: 1 });
    expect(await engine.reveal(chat, alice)).toMatchObject({ ok: false, code: "ANSWER_FIRST" });
    await engine.stopQuiz(chat, alice);
    await start({ topic: "inference", count: 1, mode: "recall" });
    expect(await engine.reveal(chat, alice)).toMatchObject({ ok: true, value: { id: "qinf01" } });
  });

  it("can be stopped, and says so when none is running", async () => {
    await start();
    expect(await engine.stopQuiz(chat, alice)).toMatchObject({ ok: true, value: { answered: 0, total: 5 } });
    expect(await engine.stopQuiz(chat, alice)).toMatchObject({ ok: false, code: "NO_ACTIVE_QUIZ" });
  });

  it("rejects an empty topic and a response of the wrong kind", async () => {
    expect(await engine.startQuiz(chat, alice, { topic: "multimodal" })).toMatchObject({ ok: false, code: "NO_QUESTIONS" });
    const view = await start({ topic: "inference", count: 1 });
    expect(view.mode).toBe("choice");
    expect(await engine.answerQuiz(chat, alice, { kind: "recall", grade: "know" })).toMatchObject({ ok: false, code: "INVALID_RESPONSE" });
    const recallQuiz = await engine.stopQuiz(chat, alice).then(() => start({ topic: "inference", count: 1, mode: "recall" }));
    expect(recallQuiz.mode).toBe("recall");
  });
});
