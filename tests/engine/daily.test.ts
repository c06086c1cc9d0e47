import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rotateTopics } from "../../src/engine/daily.js";
import { Engine } from "../../src/engine/engine.js";
import type { ChatRef, MemberRef } from "../../src/engine/types.js";
import { fixtureBank } from "../support/bank.js";
import { DAY, seededRandom, TestClock } from "../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const chat: ChatRef = { platform: "telegram", externalId: "-100" };
const alice: MemberRef = { platform: "telegram", externalId: "1", displayName: "alice" };
const bob: MemberRef = { platform: "telegram", externalId: "2", displayName: "bob" };

let db: TestDatabase;
let clock: TestClock;
let engine: Engine;

beforeEach(async () => {
  db = await createTestDatabase();
  clock = new TestClock("2026-03-02T02:00:00Z"); // 10:00 in Shanghai
  engine = new Engine({ bank: fixtureBank(), store: db.store, clock, random: seededRandom(7) });
});
afterEach(() => db.dispose());

async function dailyOf(ref: ChatRef = chat) {
  const result = await engine.currentDaily(ref);
  if (!result.ok) throw new Error(`no daily: ${result.code}`);
  return result.value;
}

/** Answers the open daily question correctly in whatever mode it has. */
async function answerRight(member: MemberRef, ref: ChatRef = chat) {
  const { question, daily } = await dailyOf(ref);
  const input = daily.mode === "choice" ? { kind: "choice" as const, index: question.item!.correct } : { kind: "recall" as const, grade: "know" as const };
  return engine.answerDaily(ref, member, input);
}

describe("the daily question", () => {
  it("is claimed once per chat and local date and only from askable questions", async () => {
    const first = await dailyOf();
    const again = await dailyOf();
    expect(again.daily.id).toBe(first.daily.id);
    expect(first.daily.localDate).toBe("2026-03-02");
    expect(first.question.id).not.toBe("qagt01"); // no answer and no item: cannot be graded
    const concurrent = await Promise.all([1, 2, 3].map(() => dailyOf({ platform: "discord", externalId: "c1" })));
    expect(new Set(concurrent.map((v) => v.daily.id)).size).toBe(1);
  });

  it("stays yesterday's until today's posting time, then moves on", async () => {
    const monday = await dailyOf();
    clock.set("2026-03-02T23:30:00Z"); // Tuesday 07:30 in Shanghai, before 09:00
    expect((await dailyOf()).daily.id).toBe(monday.daily.id);
    clock.set("2026-03-03T01:30:00Z"); // Tuesday 09:30
    const tuesday = await dailyOf();
    expect(tuesday.daily.localDate).toBe("2026-03-03");
    expect(tuesday.question.id).not.toBe(monday.question.id);
  });

  it("does not repeat a question until every askable one was posted, and rotates topics", async () => {
    const bank = fixtureBank();
    const askable = bank.questions.filter((q) => q.answer || q.item).length;
    const seen: string[] = [];
    const topics: string[] = [];
    for (let day = 0; day < askable; day++) {
      const view = await dailyOf();
      seen.push(view.question.id);
      topics.push(view.question.topic);
      clock.advance(DAY);
    }
    expect(new Set(seen).size).toBe(askable);
    for (let i = 1; i < topics.length - 1; i++) expect(topics[i]).not.toBe(topics[i - 1]);
    const nextCycle = await dailyOf();
    expect(seen).toContain(nextCycle.question.id);
  });

  it("shows the live answer count", async () => {
    await answerRight(alice);
    await answerRight(bob);
    expect((await dailyOf()).answerCount).toBe(2);
  });
});

describe("answering the daily question", () => {
  it("records the first answer only and says so on the second", async () => {
    const first = await answerRight(alice);
    expect(first.ok).toBe(true);
    const second = await engine.answerDaily(chat, alice, { kind: "recall", grade: "forgot" });
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(second.code).toBe("ALREADY_ANSWERED");
    const details = second.details as { first: { response: string; points: number } };
    expect(details.first.points).toBe(first.ok ? first.value.points : -1);
    const stats = await engine.stats(chat, alice);
    expect(stats.ok && stats.value.stats.dailyAnswers).toBe(1);
  });

  it("never double-counts concurrent submissions", async () => {
    await dailyOf();
    const results = await Promise.all(Array.from({ length: 8 }, () => answerRight(alice)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.code === "ALREADY_ANSWERED")).toHaveLength(7);
    const winner = results.find((r) => r.ok);
    const board = await engine.leaderboard(chat, alice, "all");
    if (!winner?.ok || !board.ok) throw new Error("expected one recorded answer and a leaderboard");
    expect(board.value.entries.map((e) => [e.displayName, e.points])).toEqual([["alice", winner.value.points]]);
  });

  it("rejects a response that does not fit the mode, and recording nothing", async () => {
    const { daily } = await dailyOf();
    const wrongKind = daily.mode === "choice" ? { kind: "recall" as const, grade: "know" as const } : { kind: "choice" as const, index: 0 };
    const result = await engine.answerDaily(chat, alice, wrongKind);
    expect(result).toMatchObject({ ok: false, code: "INVALID_RESPONSE", details: { mode: daily.mode } });
    expect((await dailyOf()).answerCount).toBe(0);
  });

  it("needs a posted question", async () => {
    expect(await engine.answerDaily(chat, alice, { kind: "recall", grade: "know" })).toMatchObject({ ok: false, code: "NO_DAILY" });
  });

  it("scores a wrong choice below a right one", async () => {
    // Find a day whose daily is a multiple-choice item.
    let view = await dailyOf();
    while (view.daily.mode !== "choice") {
      clock.advance(DAY);
      view = await dailyOf();
    }
    const right = await engine.answerDaily(chat, alice, { kind: "choice", index: view.question.item!.correct });
    const wrong = await engine.answerDaily(chat, bob, { kind: "choice", index: (view.question.item!.correct + 1) % 4 });
    expect(right).toMatchObject({ ok: true, value: { correct: true, points: 10 } });
    expect(wrong).toMatchObject({ ok: true, value: { correct: false, points: 2 } });
  });
});

describe("revealing the answer", () => {
  it("waits for the member's own answer on a multiple-choice daily question, but not on a recall one", async () => {
    const itemOnly = fixtureBank().questions.filter((q) => q.item);
    engine = new Engine({ bank: fixtureBank(itemOnly), store: db.store, clock, random: seededRandom(7) });
    const { question } = await dailyOf();
    expect(await engine.reveal(chat, alice)).toMatchObject({ ok: false, code: "ANSWER_FIRST" });
    await answerRight(alice);
    expect(await engine.reveal(chat, alice)).toMatchObject({ ok: true, value: { id: question.id } });
    expect(await engine.reveal(chat, bob)).toMatchObject({ ok: false, code: "ANSWER_FIRST" });

    const recallChat: ChatRef = { platform: "telegram", externalId: "recall" };
    await engine.updateSettings(recallChat, { ...alice, isAdmin: true }, { dailyMode: "recall" });
    const recall = await dailyOf(recallChat);
    expect(await engine.reveal(recallChat, bob)).toMatchObject({ ok: true, value: { id: recall.question.id } });
  });
});

describe("the chat's answer mode", () => {
  it("asks questions that have an item as multiple choice by default, and as recall when the chat prefers it", async () => {
    const itemOnly = fixtureBank().questions.filter((q) => q.item);
    engine = new Engine({ bank: fixtureBank(itemOnly), store: db.store, clock, random: seededRandom(7) });
    expect((await dailyOf()).daily.mode).toBe("choice");
    const recallChat: ChatRef = { platform: "telegram", externalId: "recall" };
    await engine.updateSettings(recallChat, { ...alice, isAdmin: true }, { dailyMode: "recall" });
    expect((await dailyOf(recallChat)).daily.mode).toBe("recall");
  });
});

describe("streaks", () => {
  it("count local days across the spring-forward change in America/New_York", async () => {
    const ny: ChatRef = { platform: "discord", externalId: "ny" };
    await engine.updateSettings(ny, { ...alice, isAdmin: true }, { timeZone: "America/New_York", dailyTime: "09:00" });
    // 23:30 local on the 7th, 8th (the 23-hour day) and 9th of March 2026.
    const answers = ["2026-03-08T04:30:00Z", "2026-03-09T03:30:00Z", "2026-03-10T03:30:00Z"];
    const streaks: number[] = [];
    for (const at of answers) {
      clock.set(at);
      const result = await answerRight(alice, ny);
      if (!result.ok) throw new Error(result.code);
      streaks.push(result.value.streak);
    }
    expect(streaks).toEqual([1, 2, 3]);
    const days = await db.prisma.dailyQuestion.findMany({ where: { chat: { externalId: "ny" } }, orderBy: { localDate: "asc" } });
    expect(days.map((d) => d.localDate)).toEqual(["2026-03-07", "2026-03-08", "2026-03-09"]);
  });

  it("follow the chat's zone across midnight: Asia/Shanghai sees two days where UTC sees one", async () => {
    const shanghai: ChatRef = { platform: "telegram", externalId: "sh" };
    const utc: ChatRef = { platform: "telegram", externalId: "utc" };
    const admin = { ...alice, isAdmin: true };
    await engine.updateSettings(shanghai, admin, { timeZone: "Asia/Shanghai", dailyTime: "00:00" });
    await engine.updateSettings(utc, admin, { timeZone: "UTC", dailyTime: "00:00" });
    const outcomes = [];
    for (const at of ["2026-01-01T15:00:00Z", "2026-01-01T17:00:00Z"]) {
      clock.set(at);
      outcomes.push(await answerRight(alice, shanghai), await answerRight(alice, utc));
    }
    const [sh1, utc1, sh2, utc2] = outcomes;
    expect(sh1).toMatchObject({ ok: true, value: { streak: 1 } });
    expect(sh2).toMatchObject({ ok: true, value: { streak: 2 } });
    expect(utc1).toMatchObject({ ok: true, value: { streak: 1 } });
    expect(utc2).toMatchObject({ ok: false, code: "ALREADY_ANSWERED" });
  });

  it("reset after a missed day, keep the longest, and earn a capped bonus", async () => {
    const points: number[] = [];
    for (let day = 0; day < 8; day++) {
      const result = await answerRight(alice);
      if (!result.ok) throw new Error(result.code);
      points.push(result.value.points - (result.value.correct === null ? 5 : 10));
      clock.advance(DAY);
    }
    expect(points).toEqual([0, 1, 2, 3, 4, 5, 5, 5]); // the bonus: +1 a day after the first, at most +5
    // The loop left the clock on day 9, whose question is still open: the streak stands.
    expect(await engine.stats(chat, alice)).toMatchObject({ ok: true, value: { streak: 8 } });
    expect(await engine.stats(chat, alice)).toMatchObject({ ok: true, value: { freezesHeld: 1, perfect: true, daysStudied: 8 } }); // 7 days in a row earned one
    clock.advance(DAY); // day 10: day 9's question closed unanswered; the freeze covers it
    expect(await engine.stats(chat, alice)).toMatchObject({ ok: true, value: { streak: 8, freezesHeld: 0, perfect: false } });
    clock.advance(DAY); // day 11: day 10 missed too, no freeze left
    expect(await engine.stats(chat, alice)).toMatchObject({ ok: true, value: { streak: 0, stats: { longestStreak: 8 } } });
    const afterGap = await answerRight(alice);
    expect(afterGap).toMatchObject({ ok: true, value: { streak: 1, longestStreak: 8 } });
  });

  it("with freezes off, one missed day resets the streak", async () => {
    await engine.updateSettings(chat, { ...alice, isAdmin: true }, { streakFreezes: false });
    for (let day = 0; day < 8; day++) {
      await answerRight(alice);
      clock.advance(DAY);
    }
    clock.advance(DAY);
    expect(await engine.stats(chat, alice)).toMatchObject({ ok: true, value: { streak: 0, freezesHeld: 0 } });
  });

  it("a frozen day keeps the streak but earns nothing: the next answer's bonus counts answered days only", async () => {
    for (let day = 0; day < 7; day++) {
      await answerRight(alice);
      clock.advance(DAY);
    }
    clock.advance(DAY); // day 8 frozen
    const next = await answerRight(alice);
    expect(next).toMatchObject({ ok: true, value: { streak: 8, points: 10 + 5 } });
    const answers = await db.store.getStats((await engine.chat(chat)).id, (await db.store.ensureMember(alice)).id);
    expect(answers).toMatchObject({ dailyAnswers: 8, frozenInRun: 1, freezesHeld: 0 });
  });

  it("a question stays answerable until the next is posted and counts for its own day", async () => {
    await dailyOf(); // Monday's question, posted 10:00
    clock.set("2026-03-02T23:00:00Z"); // Tuesday 07:00, before Tuesday's post
    const late = await answerRight(alice);
    expect(late).toMatchObject({ ok: true, value: { daily: { localDate: "2026-03-02" } } });
    clock.set("2026-03-03T02:00:00Z"); // Tuesday 10:00
    const next = await answerRight(alice);
    expect(next).toMatchObject({ ok: true, value: { streak: 2, daily: { localDate: "2026-03-03" } } });
  });
});

describe("topic rotation and limits", () => {
  const ragAndAgent = (rag: number, agent: number) =>
    fixtureBank([
      ...Array.from({ length: rag }, (_, i) => ({ id: `qrag${i}0`, topic: "rag" as const, prompt: `RAG ${i}?`, answer: "…", difficulty: 2 as const, sources: [{ file: "f.txt", number: i + 1 }] })),
      ...Array.from({ length: agent }, (_, i) => ({ id: `qagt${i}0`, topic: "agent" as const, prompt: `Agent ${i}?`, answer: "…", difficulty: 2 as const, sources: [{ file: "f.txt", number: 100 + i }] })),
    ]);

  async function topicsOverDays(bank: ReturnType<typeof fixtureBank>, seed: number, days: number, ref: ChatRef) {
    engine = new Engine({ bank, store: db.store, clock, random: seededRandom(seed) });
    const ids: string[] = [];
    for (let day = 0; day < days; day++) {
      ids.push((await dailyOf(ref)).question.id);
      clock.advance(DAY);
    }
    return { ids, topics: ids.map((id) => bank.byId.get(id)!.topic) };
  }

  function longestRun(topics: string[]): number {
    let run = 0;
    let longest = 0;
    topics.forEach((topic, i) => {
      run = topic === topics[i - 1] ? run + 1 : 1;
      longest = Math.max(longest, run);
    });
    return longest;
  }

  it("never gives a third day of one topic while the pools allow it, without repeating a question", async () => {
    // 4 RAG and 2 agent questions: a random order would often end RAG, RAG, RAG.
    for (let seed = 1; seed <= 12; seed++) {
      const { ids, topics } = await topicsOverDays(ragAndAgent(4, 2), seed, 6, { platform: "telegram", externalId: `small-${seed}` });
      expect(new Set(ids).size).toBe(6);
      expect(longestRun(topics)).toBeLessThanOrEqual(2);
    }
  });

  it("rotateTopics: another topic than yesterday's, the same one for a second day only when it dominates, never a third", () => {
    const bank = ragAndAgent(5, 1);
    const rag = bank.questions.filter((q) => q.topic === "rag");
    const agent = bank.questions.filter((q) => q.topic === "agent");
    expect(rotateTopics([...rag.slice(0, 2), ...agent], "rag", "agent")).toEqual(agent);
    expect(rotateTopics(bank.questions, "rag", "agent")).toEqual(rag.slice(0, 5)); // 5 > 2 × 1: avoiding RAG now forces a long run later
    expect(rotateTopics(bank.questions, "rag", "rag")).toEqual(agent);
    expect(rotateTopics(rag, "rag", "rag")).toEqual(rag); // nothing else is left
  });

  it("draws only from the topics an admin chose, and refuses unknown topics", async () => {
    const admin: MemberRef = { platform: "telegram", externalId: "9", displayName: "admin", isAdmin: true };
    expect(await engine.updateSettings(chat, admin, { dailyTopics: ["rag", "nope"] })).toEqual({ ok: false, code: "UNKNOWN_TOPIC", details: { topic: "nope" } });
    expect(await engine.updateSettings(chat, admin, { dailyTopics: ["inference", "rag", "rag"] })).toMatchObject({ ok: true, value: { dailyTopics: ["inference", "rag"] } });
    const topics = new Set<string>();
    for (let day = 0; day < 6; day++) {
      topics.add((await dailyOf()).question.topic);
      clock.advance(DAY);
    }
    expect(topics).toEqual(new Set(["inference", "rag"]));
    expect(await engine.updateSettings(chat, admin, { dailyTopics: ["agent"] })).toMatchObject({ ok: true }); // its only question has no answer
    expect(await engine.currentDaily(chat)).toEqual({ ok: false, code: "NO_QUESTIONS" });
    expect(await engine.updateSettings(chat, admin, { dailyTopics: [] })).toMatchObject({ ok: true, value: { dailyTopics: null } });
  });
});

describe("the day's results", () => {
  it("counts answers, the share correct, the fastest correct answer and the streak holders", async () => {
    const itemOnly = fixtureBank().questions.filter((q) => q.item);
    engine = new Engine({ bank: fixtureBank(itemOnly), store: db.store, clock, random: seededRandom(7) });
    await answerRight(alice);
    await answerRight(bob);
    clock.advance(DAY);
    const { daily, question } = await dailyOf();
    const carol: MemberRef = { platform: "telegram", externalId: "3", displayName: "carol" };
    clock.advance(60_000);
    await engine.answerDaily(chat, carol, { kind: "choice", index: (question.item!.correct + 1) % 4 });
    clock.advance(60_000);
    await answerRight(bob);
    clock.advance(60_000);
    await answerRight(alice);
    const results = await engine.dailyResults(daily);
    expect(results).toMatchObject({
      ok: true,
      value: { answered: 3, correctPercent: 67, fastest: { displayName: "bob", afterSeconds: 120 }, streakHolders: [{ displayName: "bob", streak: 2 }, { displayName: "alice", streak: 2 }] },
    });
  });
});
