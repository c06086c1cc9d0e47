import type pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EMPTY_STREAK } from "../../src/engine/streak.js";
import { DuplicateError, type StreakState } from "../../src/engine/ports.js";
import { createPostgresPool } from "../../src/store/postgres.js";
import { PostgresHotPath } from "../../src/store/postgres-hot-path.js";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "../support/database.js";
import { POSTGRES_SKIP_REASON } from "../support/postgres.js";

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

/** Round trips (pool queries) of the PostgreSQL answer path: one statement per answer in the common case. */
describe.runIf(testDatabaseKind() === "postgres")(`round trips of a daily answer on PostgreSQL${testDatabaseKind() === "postgres" ? "" : ` (${POSTGRES_SKIP_REASON})`}`, () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let queries: number;
  let hotPath: PostgresHotPath;
  beforeEach(async () => {
    db = await createTestDatabase();
    pool = createPostgresPool(db.url, 2);
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => (queries++, query(...args));
    hotPath = new PostgresHotPath(pool);
  });
  afterEach(async () => {
    await pool.end();
    await db.dispose();
  });

  const advance = (before: StreakState, date: string) => ({ streak: { ...before, currentStreak: before.currentStreak + 1, longestStreak: before.longestStreak + 1, lastStreakDate: date }, points: 10 });

  it("takes one statement for a member lookup and one for an answer of a member this process answered for; two when another writer moved the streak", async () => {
    const chat = await db.store.ensureChat({ platform: "telegram", externalId: "-9" });
    const dailies = await Promise.all(["2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04"].map(async (localDate) => (await db.store.claimDaily({ chatId: chat.id, localDate, questionId: `q${localDate}`, mode: "choice", postedAt: new Date(), deliverAt: null })).daily));
    const answer = (path: { recordDailyAnswer: PostgresHotPath["recordDailyAnswer"] }, memberId: number, i: number) =>
      path.recordDailyAnswer({ chatId: chat.id, memberId, dailyId: dailies[i]!.id, questionId: dailies[i]!.questionId, response: "A", correct: true, at: new Date(), periods: ["all"] }, (before) => advance(before, dailies[i]!.localDate));

    queries = 0;
    const memberId = await hotPath.ensureMember("telegram", "77", "Seven", new Date());
    expect(queries).toBe(1);
    expect(await hotPath.ensureMember("telegram", "77", "Seven", new Date())).toBe(memberId);
    expect(queries).toBe(2); // looked up again: members can be deleted (/forgetme), so the process keeps no copy

    queries = 0;
    expect((await answer(hotPath, memberId, 0)).streak.currentStreak).toBe(1);
    expect(queries).toBe(1);
    queries = 0;
    expect((await answer(hotPath, memberId, 1)).streak.currentStreak).toBe(2);
    expect(queries).toBe(1);

    // Another process (the test database's own hot path) records the next day: this process's streak is stale.
    await answer(db.store, memberId, 2);
    queries = 0;
    const recorded = await answer(hotPath, memberId, 3);
    expect(queries).toBe(2);
    expect(recorded.streak).toMatchObject({ currentStreak: 4, longestStreak: 4, lastStreakDate: "2026-05-04" });
    expect(await db.store.getStats(chat.id, memberId)).toMatchObject({ currentStreak: 4, dailyAnswers: 4, dailyCorrect: 4 });
    expect((await db.store.rankOf(chat.id, "all", memberId))?.points).toBe(40);
  });
});
