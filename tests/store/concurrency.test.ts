import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Engine } from "../../src/engine/engine.js";
import type { Store, StoreTx } from "../../src/engine/ports.js";
import type { ChatRef, MemberRef } from "../../src/engine/types.js";
import { FIXTURE_QUESTIONS, fixtureBank } from "../support/bank.js";
import { seededRandom, TestClock } from "../support/clock.js";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "../support/database.js";

// The exactly-once, idempotency and streak rules under concurrent requests, as several bot
// processes (or one busy process) produce them against one database. Runs on each database kind.

const chat: ChatRef = { platform: "discord", externalId: "guild-channel" };
const member = (n: number): MemberRef => ({ platform: "discord", externalId: `m${n}`, displayName: `member ${n}` });
/** One multiple-choice question (correct option: index 2), so the daily and any quiz ask the same one. */
const KV_CACHE = FIXTURE_QUESTIONS.filter((q) => q.id === "qinf01");
const RIGHT = { kind: "choice" as const, index: 2 };
const WRONG = { kind: "choice" as const, index: 0 };

/** The real store whose transactions wait `ms` before each step, as a loaded database would. */
function withSlowTransactions(store: Store, ms: number): Store {
  const slow = (tx: StoreTx): StoreTx =>
    new Proxy(tx, {
      get: (target, key) => {
        const value = Reflect.get(target, key) as unknown;
        return typeof value === "function" ? async (...args: unknown[]) => (await sleep(ms), value.apply(target, args)) : value;
      },
    });
  return new Proxy(store, {
    get: (target, key) => (key === "transaction" ? <T>(work: (tx: StoreTx) => Promise<T>) => target.transaction((tx) => work(slow(tx))) : Reflect.get(target, key)),
  });
}

let db: TestDatabase;
let engine: Engine;

beforeEach(async () => {
  db = await createTestDatabase();
  engine = new Engine({ bank: fixtureBank(KV_CACHE), store: db.store, clock: new TestClock("2026-03-02T02:00:00Z"), random: seededRandom(3) });
});
afterEach(() => db.dispose());

describe(`concurrent answers (${testDatabaseKind()})`, () => {
  it("count each of 32 members once when all answer at once and each taps twice", async () => {
    const daily = await engine.currentDaily(chat);
    if (!daily.ok) throw new Error(daily.code);
    const members = Array.from({ length: 32 }, (_, i) => member(i));
    const results = await Promise.all(members.flatMap((m, i) => [engine.answerDaily(chat, m, i % 2 ? RIGHT : WRONG), engine.answerDaily(chat, m, i % 2 ? WRONG : RIGHT)]));

    expect(results.filter((r) => r.ok)).toHaveLength(32);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.code)).toEqual(Array(32).fill("ALREADY_ANSWERED"));
    expect(await db.prisma.dailyAnswer.count()).toBe(32);
    expect(await db.store.countDailyAnswers(daily.value.daily.id)).toBe(32);
    expect(Math.max(...results.map((r) => (r.ok ? r.value.answerCount : 0)))).toBe(32);

    // Every member's score is exactly the points of the one answer that counts, in every period.
    const answers = await db.prisma.dailyAnswer.findMany({ include: { member: true } });
    const scores = await db.prisma.scoreTotal.findMany({ include: { member: true } });
    expect(scores).toHaveLength(32 * 3);
    for (const answer of answers) {
      const mine = scores.filter((s) => s.memberId === answer.memberId);
      expect(mine.map((s) => s.points)).toEqual([answer.points, answer.points, answer.points]);
    }
    const stats = await db.prisma.memberStats.findMany();
    expect(stats.map((s) => [s.dailyAnswers, s.currentStreak])).toEqual(Array(32).fill([1, 1]));
    expect(stats.reduce((sum, s) => sum + s.dailyCorrect, 0)).toBe(answers.filter((a) => a.correct).length);

    const board = await engine.leaderboard(chat, member(0), "all");
    if (!board.ok) throw new Error(board.code);
    expect(board.value.entries.map((e) => e.points)).toEqual(answers.map((a) => a.points).sort((a, b) => b - a).slice(0, board.value.entries.length));
  });

  it("queue a member's streak updates instead of losing one", async () => {
    const { id: chatId } = await db.store.ensureChat(chat);
    const { id: memberId } = await db.store.ensureMember(member(1));
    const dates = ["2026-03-01", "2026-03-02", "2026-03-03"];
    const dailies = await Promise.all(dates.map(async (localDate) => (await db.store.claimDaily({ chatId, localDate, questionId: `q${localDate}`, mode: "choice", postedAt: new Date(), deliverAt: null })).daily));
    const seen: (string | null)[] = [];
    const record = (i: number) =>
      db.store.recordDailyAnswer({ chatId, memberId, dailyId: dailies[i]!.id, questionId: `q${dates[i]}`, response: "A", correct: true, at: new Date(), periods: ["all"] }, (before) => {
        seen.push(before.lastStreakDate);
        return { streak: { ...before, currentStreak: before.currentStreak + 1, longestStreak: before.longestStreak + 1, lastStreakDate: dates[i]! }, points: 1 };
      });
    await record(0);
    // Two answers at once: each must see the other's write or go first; a lost update would leave 2.
    await Promise.all([record(1), record(2)]);
    expect(seen[0]).toBeNull();
    expect(new Set(seen.slice(1))).not.toEqual(new Set(["2026-03-01"]));
    expect(await db.store.getStats(chatId, memberId)).toMatchObject({ currentStreak: 3, longestStreak: 3, dailyAnswers: 3, dailyCorrect: 3 });
  });

  it("count a quiz answer tapped twice once", async () => {
    const started = await engine.startQuiz(chat, member(1), { count: 1 });
    if (!started.ok) throw new Error(started.code);
    const at = { sessionId: started.value.session.id, position: 0 };
    const results = await Promise.all([engine.answerQuiz(chat, member(1), RIGHT, at), engine.answerQuiz(chat, member(1), RIGHT, at)]);

    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await db.prisma.quizAnswer.count()).toBe(1);
    const { id: chatId } = await db.store.ensureChat(chat);
    const { id: memberId } = await db.store.ensureMember(member(1));
    expect(await db.store.getStats(chatId, memberId)).toMatchObject({ quizAnswers: 1, quizCorrect: 1 });
    const paid = results.find((r) => r.ok)!;
    expect((await db.store.rankOf(chatId, "all", memberId))?.points).toBe(paid.ok ? paid.value.points : NaN);
  });

  it("record a member's daily and quiz answers to the same question at once, without deadlock", async () => {
    // Slow transactions overlap fully, whatever the reads before them: a lock-order cycle between the
    // daily and the quiz transaction would deadlock here (PostgreSQL aborts one of them).
    const engine = new Engine({ bank: fixtureBank(KV_CACHE), store: withSlowTransactions(db.store, 25), clock: new TestClock("2026-03-02T02:00:00Z"), random: seededRandom(3) });
    await engine.currentDaily(chat);
    const members = Array.from({ length: 3 }, (_, i) => member(100 + i)); // 6 transactions: all hold a connection at once (pool of 8)
    for (const m of members) {
      const started = await engine.startQuiz(chat, m, { count: 1 });
      if (!started.ok) throw new Error(started.code);
    }
    const outcomes = await Promise.all(members.map((m) => Promise.all([engine.answerDaily(chat, m, RIGHT), engine.answerQuiz(chat, m, RIGHT)])));

    const { id: chatId } = await db.store.ensureChat(chat);
    for (const [index, [daily, quiz]] of outcomes.entries()) {
      if (!daily.ok || !quiz.ok) throw new Error(`member ${index}: ${daily.ok ? "" : daily.code} ${quiz.ok ? "" : quiz.code}`);
      const { id: memberId } = await db.store.ensureMember(members[index]!);
      expect(await db.store.getStats(chatId, memberId)).toMatchObject({ dailyAnswers: 1, dailyCorrect: 1, quizAnswers: 1, quizCorrect: 1, currentStreak: 1 });
      expect((await db.store.rankOf(chatId, "all", memberId))?.points).toBe(daily.value.points + quiz.value.points);
      const seen = await db.prisma.seenQuestion.findUniqueOrThrow({ where: { memberId_questionId: { memberId, questionId: "qinf01" } } });
      expect(seen.timesAnswered).toBe(2);
    }
  });
});
