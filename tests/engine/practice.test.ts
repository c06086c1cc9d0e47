import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Engine } from "../../src/engine/engine.js";
import { KeyPointGrader } from "../../src/engine/practice/keypoints.js";
import type { Practice } from "../../src/engine/practice/practice.js";
import type { ChatRef, MemberRef } from "../../src/engine/types.js";
import { fixtureBank } from "../support/bank.js";
import { seededRandom, TestClock } from "../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { CountingLlmGrader, FULL_ANSWERS, PRACTICE_BANK_QUESTIONS, PRACTICE_QUESTIONS, practiceDeps } from "../support/practice.js";

const group: ChatRef = { platform: "telegram", externalId: "-100" };
const dm: ChatRef = { platform: "telegram", externalId: "10" };
const alice: MemberRef = { platform: "telegram", externalId: "10", displayName: "alice" };
const bob: MemberRef = { platform: "telegram", externalId: "20", displayName: "bob" };
const MINUTE = 60_000;

let db: TestDatabase;
let clock: TestClock;
let engine: Engine;
let practice: Practice;

function build(deps = practiceDeps(db), questions = PRACTICE_BANK_QUESTIONS) {
  engine = new Engine({ bank: fixtureBank(questions), store: db.store, review: db.stores.review, clock, random: seededRandom(3), practice: deps });
  practice = engine.practice!;
}

beforeEach(async () => {
  db = await createTestDatabase();
  clock = new TestClock("2026-05-04T02:00:00Z");
  build();
});
afterEach(() => db.dispose());

async function ask(chat = group, member = alice, topic?: "finetuning" | "inference") {
  const started = await practice.start(chat, member, topic ? { topic } : {});
  if (!started.ok) throw new Error(started.code);
  return started.value;
}

async function points(member: MemberRef, chat = group) {
  const board = await engine.leaderboard(chat, member, "all");
  return board.ok ? (board.value.me?.points ?? 0) : -1;
}

describe("open-answer practice", () => {
  it("asks only questions with key points, as the bank's open prompt; another /practice replaces the open one", async () => {
    const first = await ask();
    expect(PRACTICE_QUESTIONS.map((q) => q.id)).toContain(first.question.id);
    const second = await ask();
    expect(second.prompt.id).not.toBe(first.prompt.id);
    expect(second.question.id).not.toBe(first.question.id);
    const current = await practice.current(group, alice);
    expect(current.ok && current.value.prompt.id).toBe(second.prompt.id);
    // One open question per member per chat: bob and alice's private chat have their own.
    expect((await practice.current(group, bob)).ok).toBe(false);
    expect((await ask(dm)).prompt.id).not.toBe(second.prompt.id);
    expect((await practice.start(group, alice, { topic: "rag" })).ok).toBe(false); // no rag question has key points
  });

  it("grades the member's own words per key point and stores the attempt; the question is answered once", async () => {
    const { question } = await ask(group, alice, "finetuning");
    const graded = await practice.answer(group, alice, "LoRA 把原权重冻结。");
    if (!graded.ok) throw new Error(graded.code);
    const { attempt } = graded.value;
    expect(attempt).toMatchObject({ questionId: question.id, answer: "LoRA 把原权重冻结。", grader: "keypoints", suggestedGrade: "fuzzy", confirmedGrade: null, firstAttempt: true, truncated: false });
    expect(attempt.verdicts.map((v) => v.hit)).toEqual([true, false, false]);
    expect(attempt.coverage).toBeCloseTo(1 / 3, 2);
    expect(await db.stores.practice.attempt(attempt.id)).toEqual(attempt);
    const again = await practice.answer(group, alice, FULL_ANSWERS[question.id]!);
    expect(again.ok ? "graded twice" : again.code).toBe("NO_ACTIVE_PRACTICE");
    expect((await practice.answer(group, alice, "   ")).ok).toBe(false);
  });

  it("grades at most 2,000 characters and says when it cut the answer", async () => {
    await ask(group, alice, "finetuning");
    const graded = await practice.answer(group, alice, `${FULL_ANSWERS.qlora1}${"长".repeat(3000)}`);
    if (!graded.ok) throw new Error(graded.code);
    expect(graded.value.truncated).toBe(true);
    expect([...graded.value.attempt.answer]).toHaveLength(2000);
    expect(graded.value.attempt.coverage).toBe(1);
  });

  it("an empty answer is refused and the question stays open", async () => {
    await ask(group, alice, "finetuning");
    const empty = await practice.answer(group, alice, "  \n ");
    expect(empty.ok ? "graded" : empty.code).toBe("EMPTY_ANSWER");
    expect((await practice.current(group, alice)).ok).toBe(true);
  });

  it("the member's confirmed grade, not the machine's, grades the review card once (source practice:<id>)", async () => {
    await ask(group, alice, "finetuning");
    const graded = await practice.answer(group, alice, "LoRA 把原权重冻结。");
    if (!graded.ok) throw new Error(graded.code);
    expect(graded.value.attempt.suggestedGrade).toBe("fuzzy");
    const confirmed = await practice.confirm(group, alice, "know", graded.value.attempt.id);
    expect(confirmed.ok && confirmed.value.grade).toBe("know");
    const learner = await db.stores.review.learnerOf((await db.store.ensureMember(alice)).id);
    const card = await db.stores.review.findCard(learner, "qlora1");
    expect(card?.lastRating).toBe(3); // Good: 会
    const log = await db.prisma.reviewLog.findUnique({ where: { source: `practice:${graded.value.attempt.id}` } });
    expect(log).toMatchObject({ kind: "practice", rating: 3 });
    const twice = await practice.confirm(group, alice, "forgot", graded.value.attempt.id);
    expect(twice.ok ? "confirmed twice" : twice.code).toBe("ALREADY_ANSWERED");
    expect((await db.stores.review.findCard(learner, "qlora1"))?.lastRating).toBe(3);
    expect(await db.prisma.reviewLog.count()).toBe(1);
    // Somebody else's button changes nothing.
    const other = await practice.confirm(group, bob, "easy", graded.value.attempt.id);
    expect(other.ok ? "confirmed" : other.code).toBe("STALE");
  });

  it("a first answer with every key point covered and 会 earns the quiz's 2 points; a repeat or 模糊 earns none", async () => {
    await ask(group, alice, "finetuning");
    const full = await practice.answer(group, alice, FULL_ANSWERS.qlora1!);
    if (!full.ok) throw new Error(full.code);
    expect(full.value.attempt.suggestedGrade).toBe("know");
    const first = await practice.confirm(group, alice, "know", full.value.attempt.id);
    expect(first.ok && first.value.points).toBe(2);
    expect(await points(alice)).toBe(2);

    // The same question again: not a first answer any more.
    await ask(group, alice, "finetuning");
    const repeat = await practice.answer(group, alice, FULL_ANSWERS.qlora1!);
    if (!repeat.ok) throw new Error(repeat.code);
    expect(repeat.value.attempt.firstAttempt).toBe(false);
    expect((await practice.confirm(group, alice, "easy", repeat.value.attempt.id)).ok).toBe(true);
    expect(await points(alice)).toBe(2);

    // Full coverage, but the member says 模糊: no points.
    await ask(group, bob, "inference");
    const fuzzy = await practice.answer(group, bob, FULL_ANSWERS.qkvc01!);
    if (!fuzzy.ok) throw new Error(fuzzy.code);
    const confirmed = await practice.confirm(group, bob, "fuzzy", fuzzy.value.attempt.id);
    expect(confirmed.ok && confirmed.value.points).toBe(0);
    expect(await points(bob)).toBe(0);
  });

  it("a question answered in a quiz before earns no practice points (one first answer per question)", async () => {
    build(practiceDeps(db), PRACTICE_QUESTIONS);
    const quiz = await engine.startQuiz(group, alice, { topic: "finetuning", count: 1 });
    if (!quiz.ok) throw new Error(quiz.code);
    await engine.answerQuiz(group, alice, { kind: "choice", index: 1 });
    expect(await points(alice)).toBe(2);
    await ask(group, alice, "finetuning");
    const graded = await practice.answer(group, alice, FULL_ANSWERS.qlora1!);
    if (!graded.ok) throw new Error(graded.code);
    expect(graded.value.attempt.firstAttempt).toBe(false);
    await practice.confirm(group, alice, "know", graded.value.attempt.id);
    expect(await points(alice)).toBe(2);
  });

  it("a typed grade confirms the latest answer still waiting for one", async () => {
    await ask(dm, alice, "inference");
    const graded = await practice.answer(dm, alice, FULL_ANSWERS.qkvc01!);
    if (!graded.ok) throw new Error(graded.code);
    expect((await practice.pending(dm, alice))?.id).toBe(graded.value.attempt.id);
    expect(await practice.pending(group, alice)).toBeNull();
    const confirmed = await practice.confirm(dm, alice, "easy");
    expect(confirmed.ok && confirmed.value.attempt.id).toBe(graded.value.attempt.id);
    expect(await practice.pending(dm, alice)).toBeNull();
  });

  it("an open question expires after 30 idle minutes, and survives a restart until then", async () => {
    const { prompt } = await ask(group, alice, "finetuning");
    clock.advance(29 * MINUTE);
    build(); // a new process on the same database
    const current = await practice.current(group, alice);
    expect(current.ok && current.value.prompt.id).toBe(prompt.id);
    clock.advance(2 * MINUTE);
    const late = await practice.answer(group, alice, FULL_ANSWERS.qlora1!);
    expect(late.ok ? "graded" : late.code).toBe("NO_ACTIVE_PRACTICE");
    expect((await db.prisma.practicePrompt.findUniqueOrThrow({ where: { id: prompt.id } })).status).toBe("expired");
  });

  it("answers only the question a reply or a form names", async () => {
    const { prompt } = await ask(group, alice, "finetuning");
    await practice.asked(prompt.id, "555");
    const wrongReply = await practice.answer(group, alice, FULL_ANSWERS.qlora1!, { replyTo: "556" });
    expect(wrongReply.ok ? "graded" : wrongReply.code).toBe("STALE");
    const wrongForm = await practice.answer(group, alice, FULL_ANSWERS.qlora1!, { promptId: prompt.id + 1 });
    expect(wrongForm.ok ? "graded" : wrongForm.code).toBe("STALE");
    expect((await practice.answer(group, alice, FULL_ANSWERS.qlora1!, { replyTo: "555" })).ok).toBe(true);
  });

  it("/skip closes the open question", async () => {
    await ask(group, alice, "finetuning");
    expect((await practice.skip(group, alice)).ok).toBe(true);
    expect((await practice.current(group, alice)).ok).toBe(false);
    expect((await practice.skip(group, alice)).ok).toBe(false);
  });

  it("past GRADER_DAILY_LIMIT LLM-graded answers a day the embedded grader answers, and says so", async () => {
    const llm = new CountingLlmGrader();
    build(practiceDeps(db, llm, { limit: 1, fallback: new KeyPointGrader() }));
    await ask(group, alice, "finetuning");
    const first = await practice.answer(group, alice, FULL_ANSWERS.qlora1!);
    expect(first.ok && [first.value.attempt.grader, first.value.quotaReached, first.value.comment]).toEqual(["llm", false, "要点齐全"]);
    await ask(group, alice, "inference");
    const second = await practice.answer(group, alice, FULL_ANSWERS.qkvc01!);
    expect(second.ok && [second.value.attempt.grader, second.value.quotaReached]).toEqual(["keypoints", true]);
    expect(llm.calls).toBe(1);
    // Bob has his own quota; alice's comes back the next local day.
    await ask(group, bob, "inference");
    expect((await practice.answer(group, bob, FULL_ANSWERS.qkvc01!)).ok).toBe(true);
    clock.advance(24 * 60 * MINUTE);
    await ask(group, alice, "inference");
    const tomorrow = await practice.answer(group, alice, FULL_ANSWERS.qkvc01!);
    expect(tomorrow.ok && tomorrow.value.attempt.grader).toBe("llm");
  });

  it("keeps the member's own last answer for the review", async () => {
    await ask(group, alice, "finetuning");
    await practice.answer(group, alice, "第一次的回答：原权重冻结。");
    await ask(dm, alice, "finetuning");
    await practice.answer(dm, alice, "第二次：低秩矩阵");
    expect((await practice.lastAnswer(alice, "qlora1"))?.answer).toBe("第二次：低秩矩阵");
    expect(await practice.lastAnswer(bob, "qlora1")).toBeNull();
  });
});
