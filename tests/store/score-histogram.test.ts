import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scorePeriods } from "../../src/engine/daily.js";
import { Engine } from "../../src/engine/engine.js";
import { EMPTY_STREAK } from "../../src/engine/streak.js";
import type { ChatRef, MemberRef } from "../../src/engine/types.js";
import { fixtureBank } from "../support/bank.js";
import { seededRandom, TestClock } from "../support/clock.js";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "../support/database.js";

// The leaderboard histogram (members per points total, and per bucket of 64 totals, per chat and period) is written with the totals by both answer paths; ranks read from it are 1 + the members with
// more points in the full leaderboard (ties share a rank).

const chat: ChatRef = { platform: "telegram", externalId: "group" };
const member = (n: number): MemberRef => ({ platform: "telegram", externalId: String(n), displayName: `m${n}` });
const MIGRATION = new URL("../../prisma/migrations/20261202080000_score_histogram_levels/migration.sql", import.meta.url);

let db: TestDatabase;
let clock: TestClock;
let engine: Engine;

beforeEach(async () => {
  db = await createTestDatabase();
  clock = new TestClock("2026-06-01T03:00:00Z");
  engine = new Engine({ bank: fixtureBank(), store: db.store, clock, random: seededRandom(5) });
});
afterEach(() => db.dispose());

/** The histogram as stored (empty counts left out) and as counted from the totals, at every level. */
async function histograms() {
  const stored = (await db.prisma.scoreHistogram.findMany()).filter((h) => h.members !== 0).map((h) => `${h.chatId} ${h.period} ${h.level} ${h.points} ${h.members}`);
  const counts = new Map<string, number>();
  for (const t of await db.prisma.scoreTotal.findMany()) {
    for (const level of [0, 1]) {
      const key = `${t.chatId} ${t.period} ${level} ${Math.floor(t.points / 64 ** level)}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const counted = [...counts].map(([key, n]) => `${key} ${n}`);
  return { stored: stored.sort(), counted: counted.sort() };
}

/** Every member's rank counted from all the period's totals: 1 + the members with more points. */
async function countedRanks(chatId: number, period: string): Promise<Map<number, number>> {
  const rows = await db.prisma.scoreTotal.findMany({ where: { chatId, period } });
  return new Map(rows.map((r) => [r.memberId, 1 + rows.filter((other) => other.points > r.points).length]));
}

describe(`the score histogram (${testDatabaseKind()})`, () => {
  it("follows daily and quiz answers written at once, and ranks from it match the sorted leaderboard", async () => {
    const random = seededRandom(9);
    const { id: chatId, timeZone } = await engine.chat(chat);
    const members = await Promise.all(Array.from({ length: 12 }, (_, i) => db.store.ensureMember(member(i))));
    // Several days of daily questions, each answered by everyone at once, with quiz points in between.
    for (let day = 0; day < 3; day++) {
      const { daily } = await db.store.claimDaily({ chatId, localDate: `2026-06-0${day + 1}`, questionId: `q${day}`, mode: "choice", postedAt: clock.now(), deliverAt: null });
      await Promise.all(
        members.flatMap((m, i) => {
          const points = Math.floor(random() * 3) * 5; // 0, 5 or 10: many ties, and awards of 0
          const at = new Date(clock.now().getTime() + i * 1000);
          const periods = scorePeriods(at, timeZone);
          return [
            db.store.recordDailyAnswer({ chatId, memberId: m.id, dailyId: daily.id, questionId: `q${day}`, response: "A", correct: points > 0, at, periods }, (before) => ({ streak: { ...before, currentStreak: before.currentStreak + 1 }, points })),
            db.store.transaction((tx) => tx.addPoints({ chatId, memberId: m.id, points: (i % 3) * 2, periods, at })),
          ];
        }),
      );
      clock.advance(86_400_000);
    }
    const { stored, counted } = await histograms();
    expect(stored).toEqual(counted);
    for (const period of scorePeriods(new Date("2026-06-01T03:00:00Z"), timeZone)) {
      const expected = await countedRanks(chatId, period);
      for (const m of members) {
        const rank = await db.store.rankOf(chatId, period, m.id);
        expect(rank?.rank).toBe(expected.get(m.id));
        // A leaderboard's one read: the same top and the same rank as the two reads apart.
        expect(await db.store.standing(chatId, period, 5, m.id)).toEqual({ top: await db.store.topScores(chatId, period, 5), me: rank });
      }
    }
    expect(await db.store.standing(chatId, "all", 5, (await db.store.ensureMember(member(99))).id)).toMatchObject({ me: null });
  });

  it("moves a member from the old total to the new one on the quiz path, and rolls back with a failed quiz answer", async () => {
    const { id: chatId } = await engine.chat(chat);
    const m = await db.store.ensureMember(member(1));
    const award = (points: number) => ({ chatId, memberId: m.id, points, periods: ["all"], at: clock.now() });
    await db.store.transaction((tx) => tx.addPoints(award(3)));
    await db.store.transaction((tx) => tx.addPoints(award(4)));
    await expect(
      db.store.transaction(async (tx) => {
        await tx.addPoints(award(100));
        expect(await tx.markAnswered(m.id, "qx", "A", clock.now())).toBe(0);
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    const kept = await db.prisma.scoreHistogram.findMany({ where: { chatId, members: { not: 0 } }, orderBy: [{ level: "asc" }, { points: "asc" }] });
    expect(kept.map((h) => [h.level, h.points, h.members])).toEqual([
      [0, 7, 1],
      [1, 0, 1],
    ]);
    expect(await db.prisma.seenQuestion.count()).toBe(0);
    expect(await db.store.transaction((tx) => tx.markAnswered(m.id, "qx", "A", clock.now()))).toBe(0);
    expect(await db.store.transaction((tx) => tx.markAnswered(m.id, "qx", "B", clock.now()))).toBe(1);
  });

  it("ranks from totals spread over many buckets of both levels, and is rebuilt by the migration's backfill exactly as the writes keep it", async () => {
    const random = seededRandom(3);
    const { id: chatId } = await engine.chat(chat);
    const { daily } = await db.store.claimDaily({ chatId, localDate: "2026-06-01", questionId: "q", mode: "choice", postedAt: clock.now(), deliverAt: null });
    const members = [];
    for (let i = 0; i < 40; i++) {
      const m = await db.store.ensureMember(member(i));
      members.push(m);
      // Totals from 0 to 20,000: ties, neighbours within a bucket of 64, and many buckets apart.
      const points = i % 7 === 0 ? 4096 : Math.floor(random() * 20_000);
      await db.store.recordDailyAnswer({ chatId, memberId: m.id, dailyId: daily.id, questionId: "q", response: "A", correct: true, at: clock.now(), periods: ["all", "2026-W23"] }, () => ({ streak: { ...EMPTY_STREAK, currentStreak: 1 }, points }));
      if (i % 3 === 0) await db.store.transaction((tx) => tx.addPoints({ chatId, memberId: m.id, points: Math.floor(random() * 200), periods: ["all"], at: clock.now() }));
    }
    const kept = await histograms();
    expect(kept.stored).toEqual(kept.counted);
    for (const period of ["all", "2026-W23"]) {
      const expected = await countedRanks(chatId, period);
      for (const m of members) expect((await db.store.rankOf(chatId, period, m.id))?.rank).toBe(expected.get(m.id));
    }
    const backfill = readFileSync(MIGRATION, "utf8").split("\n").find((line) => line.startsWith('INSERT INTO "ScoreHistogram"'))!;
    await db.prisma.scoreHistogram.deleteMany();
    await db.prisma.$executeRawUnsafe(backfill.replace(/;$/, ""));
    expect(await histograms()).toEqual(kept);
  });

  it("loses a forgotten member's holders, so the others rank as if they had never scored", async () => {
    const { id: chatId, timeZone } = await engine.chat(chat);
    const periods = scorePeriods(clock.now(), timeZone);
    const members = await Promise.all([100, 5000, 70, 70].map(async (points, i) => {
      const m = await db.store.ensureMember(member(i));
      await db.store.transaction((tx) => tx.addPoints({ chatId, memberId: m.id, points, periods, at: clock.now() }));
      return m;
    }));
    expect((await db.store.rankOf(chatId, "all", members[2]!.id))?.rank).toBe(3);
    await db.stores.identity.forget(members[1]!.id, clock.now());
    const { stored, counted } = await histograms();
    expect(stored).toEqual(counted);
    for (const period of periods) {
      expect((await db.store.rankOf(chatId, period, members[2]!.id))?.rank).toBe(2);
      expect((await db.store.rankOf(chatId, period, members[0]!.id))?.rank).toBe(1);
    }
  });

  it("stays exact when members are forgotten while others score in the same chats at once", async () => {
    const chats = await Promise.all(["a", "b"].map((externalId) => engine.chat({ platform: "telegram", externalId })));
    const periods = scorePeriods(clock.now(), chats[0]!.timeZone);
    const award = (memberId: number, points: number) =>
      Promise.all(chats.map((c) => db.store.transaction((tx) => tx.addPoints({ chatId: c.id, memberId, points, periods, at: clock.now() }))));
    const members = [];
    for (let i = 0; i < 12; i++) {
      const m = await db.store.ensureMember(member(i));
      await award(m.id, 60 + (i % 3) * 10);
      members.push(m);
    }
    // Every member holds the same few histogram rows in both chats: removals and awards meet on them.
    const results = await Promise.allSettled(members.map((m, i) => (i % 2 === 0 ? db.stores.identity.forget(m.id, clock.now()) : award(m.id, 10))));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const { stored, counted } = await histograms();
    expect(stored).toEqual(counted);
    expect(await db.prisma.scoreTotal.count()).toBe(6 * chats.length * periods.length);
  });
});
