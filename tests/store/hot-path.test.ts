import type pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EMPTY_STREAK } from "../../src/engine/streak.js";
import { DuplicateError, type StreakState } from "../../src/engine/ports.js";
import { createPostgresPool } from "../../src/store/postgres.js";
import { PostgresHotPath } from "../../src/store/postgres-hot-path.js";
import type { DailyAnswerPlan } from "../../src/engine/ports.js";
import type { ChatRow, DailyRow } from "../../src/store/prisma-rows.js";
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

  /** Answers the latest daily with "A" (correct), one day more of streak; no daily: no write. */
  const plan = (chat: ChatRow, daily: DailyRow | undefined): DailyAnswerPlan =>
    daily
      ? { write: { dailyId: daily.id, questionId: daily.questionId, response: "A", correct: true, at: new Date(), periods: ["all", chat.timeZone] }, score: (before) => advance(before, daily.localDate) }
      : { write: null };
  const claim = async (chatId: number, localDate: string) => (await db.store.claimDaily({ chatId, localDate, questionId: `q${localDate}`, mode: "choice", postedAt: new Date(), deliverAt: null })).daily;

  it("answers the latest daily in one statement once the process read the chat and its daily; reads them again when they changed", async () => {
    const ref = { platform: "telegram" as const, externalId: "-10" };
    const seven = { platform: "telegram" as const, externalId: "7", displayName: "Seven" };
    expect(await hotPath.answerLatestDaily(ref, seven, new Date(), plan)).toBeNull(); // an unknown chat: the caller makes it, step by step
    const chat = await db.store.ensureChat(ref);

    queries = 0;
    const none = await hotPath.answerLatestDaily(ref, seven, new Date(), plan);
    expect(none).toMatchObject({ daily: undefined, recorded: null });
    expect(queries).toBe(3); // the chat, its latest daily (none), the statement: the member is added all the same
    const memberId = none!.memberId;
    expect(await db.prisma.member.findUniqueOrThrow({ where: { id: memberId } })).toMatchObject({ externalId: "7", displayName: "Seven" });

    const first = await claim(chat.id, "2026-05-01");
    queries = 0;
    const day1 = await hotPath.answerLatestDaily(ref, { ...seven, displayName: "Seven 7" }, new Date(), plan);
    expect(queries).toBe(4); // the statement finds another daily than planned from: both read again, and the statement again
    expect(day1).toMatchObject({ memberId, daily: { id: first.id }, recorded: { answerCount: 1, points: 10, streak: { currentStreak: 1 } } });
    expect(await db.prisma.member.findUniqueOrThrow({ where: { id: memberId } })).toMatchObject({ displayName: "Seven 7" });

    queries = 0;
    const eight = await hotPath.answerLatestDaily(ref, { platform: "telegram", externalId: "8", displayName: "Eight" }, new Date(), plan);
    expect(queries).toBe(1);
    expect(eight?.recorded).toMatchObject({ answerCount: 2, streak: { currentStreak: 1 } });

    // Another process changes the chat's settings and posts the next day, and this member answers it there.
    await db.store.updateChatSettings(chat.id, { timeZone: "Europe/Berlin" });
    const second = await claim(chat.id, "2026-05-02");
    await db.store.recordDailyAnswer({ chatId: chat.id, memberId, dailyId: second.id, questionId: second.questionId, response: "A", correct: true, at: new Date(), periods: ["all"] }, (before) => advance(before, "2026-05-02"));
    const third = await claim(chat.id, "2026-05-03");
    queries = 0;
    const day3 = await hotPath.answerLatestDaily(ref, { ...seven, displayName: "Seven 7" }, new Date(), plan);
    expect(queries).toBe(5); // rows changed (read again), then the streak (scored again from the one found)
    expect(day3).toMatchObject({ chat: { timeZone: "Europe/Berlin" }, daily: { id: third.id }, recorded: { answerCount: 1, streak: { currentStreak: 3, lastStreakDate: "2026-05-03" } } });
    expect(await db.store.getStats(chat.id, memberId)).toMatchObject({ currentStreak: 3, longestStreak: 3, dailyAnswers: 3, dailyCorrect: 3 });
    expect((await db.store.rankOf(chat.id, "all", memberId))?.points).toBe(30);
    expect((await db.store.rankOf(chat.id, "Europe/Berlin", memberId))?.points).toBe(10);
    expect(await db.prisma.seenQuestion.count({ where: { memberId } })).toBe(3);

    // A second answer: nothing written, the caller reports the first.
    queries = 0;
    expect(await hotPath.answerLatestDaily(ref, seven, new Date(), plan)).toBeNull();
    expect(queries).toBe(1);
    expect(await db.store.countDailyAnswers(third.id)).toBe(1);
  });

  it("writes answers that arrive together in one statement with distinct counts; a duplicate or a stale streak among them is taken alone", async () => {
    const ref = { platform: "telegram" as const, externalId: "-11" };
    const chat = await db.store.ensureChat(ref);
    const member = (n: number) => ({ platform: "telegram" as const, externalId: `g${n}`, displayName: `G${n}` });
    await claim(chat.id, "2026-05-01");
    expect((await hotPath.answerLatestDaily(ref, member(0), new Date(), plan))?.recorded?.answerCount).toBe(1); // reads the chat and its daily

    queries = 0;
    const together = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => hotPath.answerLatestDaily(ref, member(n), new Date(), plan)));
    expect(queries).toBe(1);
    expect(together.map((taken) => taken?.recorded?.answerCount).sort((a, b) => a! - b!)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const today = (await db.store.latestDaily(chat.id))!;
    expect(today.answerCount).toBe(11);
    for (const n of [1, 5, 10]) {
      const { id } = await db.store.ensureMember(member(n));
      expect(await db.store.rankOf(chat.id, "all", id)).toMatchObject({ points: 10, rank: 1 });
    }
    expect(await db.store.topScores(chat.id, "all", 20)).toHaveLength(11);

    // Member 1 answers the next day in another process (this one's copy of their streak goes stale); on the
    // day after, member 2 answers there first, then members 1–4 here at once, member 2 tapping twice.
    const other = new PostgresHotPath(pool);
    await claim(chat.id, "2026-05-02");
    expect((await other.answerLatestDaily(ref, member(1), new Date(), plan))?.recorded?.streak.currentStreak).toBe(2);
    const day3 = await claim(chat.id, "2026-05-03");
    expect((await other.answerLatestDaily(ref, member(2), new Date(), plan))?.recorded?.answerCount).toBe(1);
    const next = await Promise.all([1, 2, 3, 4, 2].map((n) => hotPath.answerLatestDaily(ref, member(n), new Date(), plan)));
    expect(next.map((taken) => (taken ? taken.recorded?.streak.currentStreak : "step by step"))).toEqual([3, "step by step", 2, 2, "step by step"]);
    expect(next.filter((taken) => taken?.recorded).map((taken) => taken!.recorded!.answerCount).sort()).toEqual([2, 3, 4]);
    expect(await db.store.countDailyAnswers(day3.id)).toBe(4);
    const { id: one } = await db.store.ensureMember(member(1));
    expect(await db.store.getStats(chat.id, one)).toMatchObject({ currentStreak: 3, dailyAnswers: 3 });
    const { id: two } = await db.store.ensureMember(member(2));
    expect(await db.store.getStats(chat.id, two)).toMatchObject({ dailyAnswers: 2 });
  });

  it("loses no streak day when two processes answer for one member, each with its own stale copy", async () => {
    const ref = { platform: "discord" as const, externalId: "c" };
    const member = { platform: "discord" as const, externalId: "m", displayName: "M" };
    const other = new PostgresHotPath(pool);
    const chat = await db.store.ensureChat(ref);
    for (const [i, path] of [hotPath, other, hotPath, other, other, hotPath].entries()) {
      await claim(chat.id, `2026-05-0${i + 1}`);
      // The same answer from both processes at once, as a redelivery would: one counts.
      const [a, b] = await Promise.all([path.answerLatestDaily(ref, member, new Date(), plan), (path === hotPath ? other : hotPath).answerLatestDaily(ref, member, new Date(), plan)]);
      expect([a?.recorded?.streak.currentStreak, b?.recorded?.streak.currentStreak].filter((n) => n !== undefined)).toEqual([i + 1]);
    }
    const { id: memberId } = await db.store.ensureMember(member);
    expect(await db.store.getStats(chat.id, memberId)).toMatchObject({ currentStreak: 6, longestStreak: 6, dailyAnswers: 6, dailyCorrect: 6 });
    expect((await db.store.rankOf(chat.id, "all", memberId))?.points).toBe(60);
    expect(await db.prisma.dailyAnswer.count()).toBe(6);
  });
});
