import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EMPTY_STREAK } from "../../src/engine/streak.js";
import { DuplicateError } from "../../src/engine/ports.js";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "../support/database.js";

/** The answer hot path (plain SQL on the driver) writes the very rows Prisma reads, on SQLite and PostgreSQL. */
describe(`the answer hot path through the Prisma stores (${testDatabaseKind()})`, () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(() => db.dispose());

  const at = new Date("2026-05-01T02:03:04.567Z");
  const score = () => ({ streak: { ...EMPTY_STREAK, currentStreak: 2, longestStreak: 5, lastStreakDate: "2026-05-01", freezesHeld: 1, freezeProgress: 3, frozenInRun: 1 }, points: 11 });

  async function daily() {
    const chat = await db.store.ensureChat({ platform: "telegram", externalId: "-7" });
    const { daily } = await db.store.claimDaily({ chatId: chat.id, localDate: "2026-05-01", questionId: "qx", mode: "choice", postedAt: at, deliverAt: null });
    return { chat, daily };
  }

  it("writes rows Prisma reads back exactly: dates, booleans, counters, scores", async () => {
    const { chat, daily: posted } = await daily();
    const member = await db.store.ensureMember({ platform: "telegram", externalId: "9", displayName: "Nine" });
    const recorded = await db.store.recordDailyAnswer({ chatId: chat.id, memberId: member.id, dailyId: posted.id, questionId: "qx", response: "B", correct: true, at, periods: ["all", "2026-W18"], revision: "0123456789ab" }, score);
    expect(recorded).toEqual({ ...score(), answerCount: 1 });

    expect(await db.store.findDailyAnswer(posted.id, member.id)).toEqual({ memberId: member.id, response: "B", correct: true, points: 11, streak: 2, answeredAt: at, revision: "0123456789ab" });
    expect(await db.store.getStats(chat.id, member.id)).toMatchObject({ currentStreak: 2, longestStreak: 5, lastStreakDate: "2026-05-01", freezesHeld: 1, freezeProgress: 3, frozenInRow: 0, frozenInRun: 1, dailyAnswers: 1, dailyCorrect: 1 });
    expect(await db.store.rankOf(chat.id, "2026-W18", member.id)).toMatchObject({ points: 11, rank: 1, reachedAt: at });
    expect((await db.store.latestDaily(chat.id))?.answerCount).toBe(1);
    expect(await db.prisma.member.findUniqueOrThrow({ where: { id: member.id } })).toMatchObject({ displayName: "Nine", createdAt: expect.any(Date) });
  });

  it("records answers that arrive together; a duplicate among them fails alone (on SQLite: in one group commit)", async () => {
    const { chat, daily: posted } = await daily();
    const members = await Promise.all(["a", "b", "c"].map((id) => db.store.ensureMember({ platform: "telegram", externalId: id, displayName: id })));
    const write = (memberId: number) => ({ chatId: chat.id, memberId, dailyId: posted.id, questionId: "qx", response: "A", correct: false, at, periods: ["all"] });
    const results = await Promise.allSettled([...members.map((m) => db.store.recordDailyAnswer(write(m.id), score)), db.store.recordDailyAnswer(write(members[1]!.id), score)]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "rejected"]);
    expect((results[3] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateError);
    expect(results.slice(0, 3).map((r) => (r as PromiseFulfilledResult<{ answerCount: number }>).value.answerCount).sort()).toEqual([1, 2, 3]);
    expect(await db.store.countDailyAnswers(posted.id)).toBe(3);
    expect((await db.store.getStats(chat.id, members[1]!.id))?.dailyAnswers).toBe(1);
  });

  it("adds a new member once however many lookups race, and keeps a new display name", async () => {
    const ids = await Promise.all(Array.from({ length: 5 }, () => db.store.ensureMember({ platform: "discord", externalId: "42", displayName: "first" })));
    expect(new Set(ids.map((m) => m.id)).size).toBe(1);
    await db.store.ensureMember({ platform: "discord", externalId: "42", displayName: "renamed" });
    expect(await db.prisma.member.findMany({ where: { externalId: "42" } })).toEqual([expect.objectContaining({ displayName: "renamed" })]);
  });
});
