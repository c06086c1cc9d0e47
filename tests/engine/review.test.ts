import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Engine } from "../../src/engine/engine.js";
import { rescheduleCard, type NothingDue, type ReviewCardView } from "../../src/engine/review/reviews.js";
import type { ChatRef, MemberRef } from "../../src/engine/types.js";
import { fixtureBank } from "../support/bank.js";
import { seededRandom, TestClock } from "../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const DAY = 86_400_000;
const group: ChatRef = { platform: "telegram", externalId: "-100" };
const otherGroup: ChatRef = { platform: "telegram", externalId: "-200" };
const dm: ChatRef = { platform: "telegram", externalId: "10" };
const alice: MemberRef = { platform: "telegram", externalId: "10", displayName: "alice" };
const bob: MemberRef = { platform: "telegram", externalId: "20", displayName: "bob" };

let db: TestDatabase;
let clock: TestClock;
let engine: Engine;

function build(options: { dailyLimit?: number; retention?: number } = {}) {
  engine = new Engine({ bank: fixtureBank(), store: db.store, review: db.stores.review, reviewOptions: options, clock, random: seededRandom(7) });
}

beforeEach(async () => {
  db = await createTestDatabase();
  clock = new TestClock("2026-05-04T02:00:00Z"); // 10:00 in Shanghai, after the 09:00 daily
  build();
});
afterEach(() => db.dispose());

async function learner(member: MemberRef) {
  const record = await db.store.ensureMember(member);
  return db.stores.review.learnerOf(record.id);
}

async function card(member: MemberRef, questionId: string) {
  return db.stores.review.findCard(await learner(member), questionId);
}

/** Answers the chat's daily question right or wrong; returns its question id. */
async function answerDaily(chat: ChatRef, member: MemberRef, right: boolean): Promise<string> {
  const daily = await engine.currentDaily(chat);
  if (!daily.ok) throw new Error(daily.code);
  const { question, daily: record } = daily.value;
  const input = record.mode === "choice" ? { kind: "choice" as const, index: right ? question.item!.correct : (question.item!.correct + 1) % 4 } : { kind: "recall" as const, grade: right ? ("know" as const) : ("forgot" as const) };
  const answered = await engine.answerDaily(chat, member, input);
  if (!answered.ok) throw new Error(answered.code);
  return question.id;
}

async function startReview(chat: ChatRef = dm, member: MemberRef = alice, options = {}): Promise<ReviewCardView> {
  const started = await engine.review.start(chat, member, options);
  if (!started.ok) throw new Error(started.code);
  return started.value;
}

describe("every graded attempt feeds the deck", () => {
  it("a wrong daily answer makes an Again card due the next day or two; the first answer only counts", async () => {
    const id = await answerDaily(group, alice, false);
    const made = await card(alice, id);
    expect(made).toMatchObject({ reps: 1, lapses: 0, lastRating: 1 });
    const wait = made!.due.getTime() - clock.now().getTime();
    expect(wait).toBeGreaterThanOrEqual(DAY);
    expect(wait).toBeLessThanOrEqual(2 * DAY);
    // A second answer of the same daily changes nothing.
    const again = await engine.answer(group, alice, { kind: "choice", index: 0 });
    expect(again.ok).toBe(false);
    expect(await card(alice, id)).toEqual(made);
  });

  it("the deck is per member, the same in every chat: another chat's daily of that question grades the same card", async () => {
    const id = await answerDaily(group, alice, true);
    const first = await card(alice, id);
    expect(first!.lastRating).toBe(3);
    // A quiz of the same question elsewhere grades the same card.
    clock.advance(3 * DAY);
    const quiz = await engine.startQuiz(otherGroup, alice, { topic: first ? (fixtureBank().byId.get(id)!.topic as never) : undefined, count: 5 });
    if (!quiz.ok) throw new Error(quiz.code);
    let view = quiz.value;
    for (;;) {
      const input = view.mode === "choice" ? { kind: "choice" as const, index: view.question.item!.correct } : { kind: "recall" as const, grade: "know" as const };
      const answered = await engine.answerQuiz(otherGroup, alice, input);
      if (!answered.ok) throw new Error(answered.code);
      if (!answered.value.next) break;
      view = answered.value.next;
    }
    const after = await card(alice, id);
    expect(after!.id).toBe(first!.id);
    expect(after!.reps).toBe(2);
    expect(await card(bob, id)).toBeNull();
  });

  it("a redelivered answer (ALREADY_ANSWERED) grades a card that the crash left ungraded, exactly once", async () => {
    const daily = await engine.currentDaily(group);
    if (!daily.ok) throw new Error(daily.code);
    const q = daily.value.question;
    const input = { kind: "choice" as const, index: q.item ? q.item.correct : 0 };
    // The answer is recorded by an engine without the deck (the process that crashed before grading).
    const crashed = new Engine({ bank: fixtureBank(), store: db.store, clock, random: seededRandom(7) });
    expect((await crashed.answerDaily(group, alice, input)).ok).toBe(true);
    expect(await card(alice, q.id)).toBeNull();
    const redelivered = await engine.answerDaily(group, alice, input);
    expect(redelivered.ok || redelivered.code).toBe("ALREADY_ANSWERED");
    expect(await card(alice, q.id)).toMatchObject({ reps: 1 });
    await engine.answerDaily(group, alice, input);
    expect(await card(alice, q.id)).toMatchObject({ reps: 1 });
  });
});

describe("/review", () => {
  it("brings a wrong answer back the next day; intervals grow after Good and reset after Again", async () => {
    const id = await answerDaily(group, alice, false);
    clock.advance(DAY);
    let view = await startReview();
    expect(view.question.id).toBe(id);
    const good = await engine.review.answer(dm, alice, { kind: "recall", grade: "know" });
    if (!good.ok) throw new Error(good.code);
    expect(good.value.summary).toBeDefined();
    const interval1 = good.value.nextDue!.getTime() - clock.now().getTime();
    expect(interval1).toBeGreaterThan(0);

    clock.set(good.value.nextDue!);
    view = await startReview();
    const good2 = await engine.review.answer(dm, alice, { kind: "recall", grade: "know" }, { sessionId: view.session.id, graded: view.session.graded });
    if (!good2.ok) throw new Error(good2.code);
    const interval2 = good2.value.nextDue!.getTime() - clock.now().getTime();
    expect(interval2).toBeGreaterThan(interval1);

    clock.set(good2.value.nextDue!);
    await startReview();
    const again = await engine.review.answer(dm, alice, { kind: "recall", grade: "forgot" });
    if (!again.ok) throw new Error(again.code);
    // Again: it comes back at the end of this same session, within minutes.
    expect(again.value.requeued).toBe(true);
    expect(again.value.next?.question.id).toBe(id);
    expect(again.value.nextDue!.getTime() - clock.now().getTime()).toBeLessThan(interval2);
    expect((await card(alice, id))!.lapses).toBe(1);
  });

  it("nothing due: says so and when the next card is", async () => {
    await answerDaily(group, alice, true);
    const nothing = await engine.review.start(dm, alice);
    expect(nothing.ok).toBe(false);
    if (nothing.ok) return;
    expect(nothing.code).toBe("NOTHING_DUE");
    expect((nothing.details as NothingDue).nextDue!.getTime()).toBeGreaterThan(clock.now().getTime());
  });

  it("asks the most overdue cards first, relative to their interval", async () => {
    const store = db.stores.review;
    const id = await learner(alice);
    const now = clock.now();
    const state = (due: Date, lastReview: Date) => ({ due, stability: 3, difficulty: 5, elapsedDays: 0, scheduledDays: 3, learningSteps: 0, reps: 2, lapses: 0, state: 2 as const, lastReview });
    const log = (at: Date) => ({ rating: 3 as const, state: 2 as const, due: at, stability: 1, difficulty: 5, elapsedDays: 0, lastElapsedDays: 0, scheduledDays: 1, learningSteps: 0, prevDue: at, prevReps: 1, prevLapses: 0, prevLastReview: at, review: at });
    // qrag01: 1 day late on a 30-day interval; qrag02: 1 day late on a 2-day interval; qtrf01: 2 days late on 30.
    const cards = [
      ["qrag01", new Date(now.getTime() - DAY), 30],
      ["qrag02", new Date(now.getTime() - DAY), 2],
      ["qtrf01", new Date(now.getTime() - 2 * DAY), 30],
    ] as const;
    for (const [questionId, due, interval] of cards) {
      await store.gradeCard({ learnerId: id, memberId: (await db.store.ensureMember(alice)).id, questionId, source: `test:${questionId}`, kind: "daily", at: now, schedule: () => ({ card: state(due, new Date(due.getTime() - interval * DAY)), log: log(now) }) });
    }
    const view = await startReview();
    expect(view.session.queue).toEqual(["qrag02", "qtrf01", "qrag01"]);
  });

  it("at most REVIEW_DAILY_LIMIT cards a local day; the day turns at midnight in the member's zone (Shanghai vs New York, DST)", async () => {
    build({ dailyLimit: 2 });
    const store = db.stores.review;
    const shanghai = await learner(alice);
    const newYork = await learner(bob);
    await engine.review.remind(dm, bob, "20:00", "America/New_York");
    // 2026-03-07 22:00 New York (EST, UTC-5) = 2026-03-08 03:00Z; DST starts 2026-03-08 02:00 local.
    clock.set("2026-03-08T03:00:00Z");
    const now = clock.now();
    const ids = ["qrag01", "qrag02", "qtrf01", "qtrf02", "qinf01", "qft001"];
    for (const [learnerId, member] of [[shanghai, alice], [newYork, bob]] as const) {
      const memberId = (await db.store.ensureMember(member)).id;
      for (const questionId of ids) {
        await store.gradeCard({ learnerId, memberId, questionId, source: `seed:${learnerId}:${questionId}`, kind: "daily", at: new Date(now.getTime() - 10 * DAY), schedule: () => ({ card: { due: new Date(now.getTime() - DAY), stability: 2, difficulty: 5, elapsedDays: 0, scheduledDays: 2, learningSteps: 0, reps: 1, lapses: 0, state: 2, lastReview: new Date(now.getTime() - 3 * DAY) }, log: { rating: 3, state: 0, due: now, stability: 0, difficulty: 0, elapsedDays: 0, lastElapsedDays: 0, scheduledDays: 0, learningSteps: 0, prevDue: now, prevReps: 0, prevLapses: 0, prevLastReview: null, review: now } }) });
      }
    }
    const reviewTwo = async (member: MemberRef, chat: ChatRef) => {
      const view = await engine.review.start(chat, member);
      if (!view.ok) throw new Error(view.code);
      expect(view.value.remaining).toBe(2);
      for (let i = 0; i < 2; i++) expect((await engine.review.answer(chat, member, { kind: "recall", grade: "know" })).ok).toBe(true);
    };
    const limited = async (member: MemberRef, chat: ChatRef) => {
      const result = await engine.review.start(chat, member);
      return !result.ok && result.code === "NOTHING_DUE" && (result.details as NothingDue).limitReached;
    };
    const shanghaiChat = dm; // the chat's zone: Asia/Shanghai (default)
    const bobDm: ChatRef = { platform: "telegram", externalId: "20" };
    await reviewTwo(alice, shanghaiChat);
    await reviewTwo(bob, bobDm);
    expect(await limited(alice, shanghaiChat)).toBe(true);
    expect(await limited(bob, bobDm)).toBe(true);
    // 16:00Z = 00:00 Shanghai on 03-09: alice gets a new day; New York is at 12:00 on 03-08 (EDT since 02:00), one day on.
    clock.set("2026-03-08T15:59:00Z");
    expect(await limited(alice, shanghaiChat)).toBe(true);
    clock.set("2026-03-08T16:00:00Z");
    expect(await limited(alice, shanghaiChat)).toBe(false);
    expect(await limited(bob, bobDm)).toBe(false); // 03-08 in New York already (midnight was 05:00Z, EST)
    await engine.review.stop(shanghaiChat, alice);
    await engine.review.stop(bobDm, bob);
    // New York's next midnight is 04:00Z on 03-09 (EDT, UTC-4), not 05:00Z.
    await reviewTwo(bob, bobDm);
    clock.set("2026-03-09T03:59:00Z");
    expect(await limited(bob, bobDm)).toBe(true);
    clock.set("2026-03-09T04:00:00Z");
    expect(await limited(bob, bobDm)).toBe(false);
  });

  it("undo restores the exact previous state and asks the card again", async () => {
    const id = await answerDaily(group, alice, false);
    clock.advance(DAY);
    await startReview();
    const before = await card(alice, id);
    const graded = await engine.review.answer(dm, alice, { kind: "recall", grade: "easy" });
    expect(graded.ok).toBe(true);
    expect(await card(alice, id)).not.toEqual(before);
    const undone = await engine.review.undo(dm, alice);
    if (!undone.ok) throw new Error(undone.code);
    expect(undone.value.question.id).toBe(id);
    expect(await card(alice, id)).toEqual(before);
    expect((await engine.review.undo(dm, alice)).ok).toBe(false);
    // Graded again after the undo: a fresh grade, counted once.
    expect((await engine.review.answer(dm, alice, { kind: "recall", grade: "fuzzy" })).ok).toBe(true);
    expect((await card(alice, id))!.reps).toBe(before!.reps + 1);
  });

  it("cram asks a topic's cards whatever their due date and leaves the schedule untouched", async () => {
    const id = await answerDaily(group, alice, true);
    const topic = fixtureBank().byId.get(id)!.topic;
    const before = await card(alice, id);
    const view = await startReview(dm, alice, { topic });
    expect(view.cram).toBe(true);
    expect(view.question.id).toBe(id);
    const graded = await engine.review.answer(dm, alice, { kind: "recall", grade: "forgot" });
    if (!graded.ok) throw new Error(graded.code);
    expect(graded.value.nextDue).toBeNull();
    expect(await card(alice, id)).toEqual(before);
    const noCards = await engine.review.start(dm, alice, { topic: topic === "rag" ? "agent" : "rag" });
    expect(noCards.ok || noCards.code).toBe("NO_CARDS");
  });

  it("two concurrent grades of one card record one", async () => {
    const id = await answerDaily(group, alice, false);
    clock.advance(DAY);
    const view = await startReview();
    const at = { sessionId: view.session.id, graded: view.session.graded };
    const results = await Promise.all([
      engine.review.answer(dm, alice, { kind: "recall", grade: "know" }, at),
      engine.review.answer(dm, alice, { kind: "recall", grade: "know" }, at),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect((await card(alice, id))!.reps).toBe(2);
  });

  it("concurrent attempts: the same attempt twice grades once; two attempts at a new card both grade it, one card", async () => {
    const member = await db.store.ensureMember(alice);
    const attempt = (source: string) => ({ memberId: member.id, questionId: "qrag01", source, kind: "daily" as const, correct: false, response: "A", at: clock.now() });
    await Promise.all([engine.review.graded(attempt("daily:1:m1")), engine.review.graded(attempt("daily:1:m1"))]);
    expect((await card(alice, "qrag01"))!.reps).toBe(1);
    await Promise.all([engine.review.graded({ ...attempt("quiz:1:0"), questionId: "qrag02" }), engine.review.graded({ ...attempt("daily:2:m1"), questionId: "qrag02" })]);
    expect((await card(alice, "qrag02"))!.reps).toBe(2);
  });

  it("mistakes: latest attempt wrong, newest first; progress and weak topics per topic", async () => {
    const wrong = await answerDaily(group, alice, false);
    clock.advance(DAY);
    const right = await answerDaily(group, alice, true);
    const mistakes = await engine.review.mistakes(alice);
    expect(mistakes.map((m) => m.question.id)).toEqual([wrong]);
    expect(right).not.toBe(wrong);
    const progress = await engine.review.progress(alice);
    expect(progress.reduce((n, p) => n + p.attempted, 0)).toBe(2);
    const weak = await engine.review.weakTopics(alice, 1);
    expect(weak).toHaveLength(1);
  });
});

describe("rebuilding a card from its grades (ts-fsrs reschedule)", () => {
  async function gradedThrice() {
    const id = await answerDaily(group, alice, false);
    for (const grade of ["know", "know"] as const) {
      clock.advance(3 * DAY);
      await startReview();
      const graded = await engine.review.answer(dm, alice, { kind: "recall", grade });
      if (!graded.ok) throw new Error(graded.code);
    }
    return id;
  }

  it("replays the log to the state the grades gave, and rewrites the card under new parameters", async () => {
    const id = await gradedThrice();
    const before = await card(alice, id);
    expect(before!.reps).toBe(3);
    const learnerId = await learner(alice);
    // Same parameters: the replay lands where grading one by one did.
    const same = await engine.review.rebuildCard(learnerId, id);
    expect(same).toEqual(before);
    // A lower retention target: longer intervals from the same memory state, and the card is saved so.
    build({ retention: 0.7 });
    const rebuilt = await engine.review.rebuildCard(learnerId, id);
    expect(rebuilt!.reps).toBe(3);
    expect(rebuilt!.stability).toBeCloseTo(before!.stability, 6);
    expect(rebuilt!.due.getTime()).toBeGreaterThan(before!.due.getTime());
    expect(await card(alice, id)).toEqual(rebuilt);
    // The pure function over a plain list of grades gives the same card (what merging two decks calls).
    const grades = [{ rating: 1 as const, review: new Date("2026-05-04T02:00:00Z") }, { rating: 3 as const, review: new Date("2026-05-07T02:00:00Z") }, { rating: 3 as const, review: new Date("2026-05-10T02:00:00Z") }];
    const pure = rescheduleCard([...grades].reverse(), grades[0]!.review, { retention: 0.7, maxIntervalDays: 365 });
    expect(pure.logs.map((log) => log.rating)).toEqual([1, 3, 3]);
    expect(pure.card.due).toEqual(rebuilt!.due);
    expect(pure.card.stability).toBeCloseTo(rebuilt!.stability, 9);
  });

  it("keeps undo exact after a rebuild, and finds no card to rebuild for a question never met", async () => {
    await gradedThrice();
    const learnerId = await learner(alice);
    expect(await engine.review.rebuildCard(learnerId, "qnone1")).toBeNull();
    const id = (await db.stores.review.cards(learnerId))[0]!.questionId;
    build({ retention: 0.8 });
    await engine.review.rebuildCard(learnerId, id);
    clock.advance(30 * DAY);
    const view = await startReview();
    const atRebuilt = await card(alice, id);
    const graded = await engine.review.answer(dm, alice, { kind: "recall", grade: "forgot" });
    expect(graded.ok).toBe(true);
    expect(view.question.id).toBe(id);
    const undone = await engine.review.undo(dm, alice);
    expect(undone.ok).toBe(true);
    expect(await card(alice, id)).toEqual(atRebuilt);
  });
});

describe("reminders", () => {
  it("at most one a member per local day, only with cards due; a permanent refusal turns it off and says so", async () => {
    await answerDaily(group, alice, false);
    const set = await engine.review.remind(dm, alice, "21:30", "Asia/Shanghai");
    expect(set.ok).toBe(true);
    clock.set("2026-05-05T13:29:00Z");
    expect((await engine.review.claimReminders(clock.now(), 0, 100)).send).toHaveLength(0);
    clock.set("2026-05-05T13:30:00Z");
    const [first, second] = await Promise.all([engine.review.claimReminders(clock.now(), 0, 100), engine.review.claimReminders(clock.now(), 0, 100)]);
    expect(first.send.length + second.send.length).toBe(1);
    const sent = [...first.send, ...second.send][0]!;
    expect(sent).toMatchObject({ due: 1, localDate: "2026-05-05" });
    clock.set("2026-05-05T15:00:00Z");
    expect((await engine.review.claimReminders(clock.now(), 0, 100)).send).toHaveLength(0);
    // The next day the member has blocked the bot.
    clock.set("2026-05-06T13:30:00Z");
    const next = await engine.review.claimReminders(clock.now(), 0, 100);
    expect(next.send).toHaveLength(1);
    await engine.review.reminderFailed(next.send[0]!, true, "forbidden");
    clock.set("2026-05-07T13:30:00Z");
    expect((await engine.review.claimReminders(clock.now(), 0, 100)).send).toHaveLength(0);
    const told = await engine.review.start(dm, alice);
    const notice = told.ok ? told.value.reminderOff : (told.details as NothingDue).reminderOff;
    expect(notice).toBe("forbidden");
  });
});
