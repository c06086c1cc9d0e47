import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Engine } from "../../src/engine/engine.js";
import type { ChatRef, MemberRef } from "../../src/engine/types.js";
import { ANONYMOUS_PLATFORM } from "../../src/store/identity-store.js";
import { fixtureBank } from "../support/bank.js";
import { DAY, seededRandom, TestClock } from "../support/clock.js";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "../support/database.js";

// Migration 20261202060000_learners_for_members gives every member its learner (they were made on first use)
// without changing a figure. It changes no schema, so a database with the migrations before it is this
// schema: the history is written through the engine as the bot wrote it (some members before decks existed,
// so without a learner), and the migration's statements run on it as `migrate deploy` runs them.

const NAME = "20261202060000_learners_for_members";
const group: ChatRef = { platform: "telegram", externalId: "-100" };
const server: ChatRef = { platform: "discord", externalId: "961000000000000001" };
const member = (n: number, platform: "telegram" | "discord" = "telegram"): MemberRef => ({ platform, externalId: String(n), displayName: `m${n}` });
const members = [member(1), member(2), member(3), member(4, "discord"), member(5, "discord")];

let db: TestDatabase;
let clock: TestClock;

beforeEach(async () => {
  db = await createTestDatabase();
  clock = new TestClock("2026-05-04T02:00:00Z");
});
afterEach(() => db.dispose());

/** The migration's statements, as the adapter runs them (split at ";", comments dropped). */
function migrationStatements(): string[] {
  const dir = testDatabaseKind() === "postgres" ? "../../prisma/postgres/migrations" : "../../prisma/migrations";
  const sql = readFileSync(new URL(`${dir}/${NAME}/migration.sql`, import.meta.url), "utf8");
  return sql
    .replace(/--[^\n]*/g, "")
    .split(";")
    .map((statement) => statement.trim())
    .filter(Boolean);
}

async function migrate(): Promise<void> {
  for (const statement of migrationStatements()) {
    if (/^SELECT/i.test(statement)) await db.prisma.$queryRawUnsafe(statement);
    else await db.prisma.$executeRawUnsafe(statement);
  }
}

async function history(): Promise<void> {
  // Before review decks: an engine without a review store (no learner is made), three days of daily answers and a quiz.
  const before = new Engine({ bank: fixtureBank(), store: db.store, clock, random: seededRandom(3) });
  for (let day = 0; day < 3; day++) {
    for (const [chat, who] of [[group, members.slice(0, 3)], [server, members.slice(3)]] as const) {
      for (const [i, m] of who.entries()) {
        if (day === 1 && i === 1) continue; // a missed day: streaks differ
        const daily = await before.currentDaily(chat);
        if (!daily.ok) throw new Error(daily.code);
        const input = daily.value.daily.mode === "choice" ? { kind: "choice" as const, index: i % 4 } : { kind: "recall" as const, grade: "know" as const };
        expect((await before.answerDaily(chat, m, input)).ok).toBe(true);
      }
    }
    clock.advance(DAY);
  }
  const quiz = await before.startQuiz(group, members[0]!, { count: 3, mode: "recall" });
  if (!quiz.ok) throw new Error(quiz.code);
  for (let i = 0; i < quiz.value.total; i++) expect((await before.answerQuiz(group, members[0]!, { kind: "recall", grade: "know" })).ok).toBe(true);
  // Since decks: members 1 and 4 answer and get their learners on first use; 2, 3 and 5 have none.
  const after = new Engine({ bank: fixtureBank(), store: db.store, review: db.stores.review, identity: db.stores.identity, clock, random: seededRandom(4) });
  for (const [chat, m] of [[group, members[0]!], [server, members[3]!]] as const) {
    const daily = await after.currentDaily(chat);
    if (!daily.ok) throw new Error(daily.code);
    expect((await after.answerDaily(chat, m, { kind: "recall", grade: "forgot" })).ok).toBe(true);
  }
  // Somebody forgotten: their chat answers kept under an anonymous member, who gets no learner.
  const forgotten = await after.identity.forgetIdentity("discord", "5");
  expect(forgotten.ok).toBe(true);
}

/** Every figure a member sees: stats and streak per chat, each leaderboard, their deck's size; and the raw per-chat rows. */
async function figures(engine: Engine) {
  const shown: unknown[] = [];
  const decks: number[] = [];
  for (const m of members.slice(0, 4)) {
    for (const chat of [group, server]) {
      shown.push(await engine.stats(chat, m));
      for (const period of ["week", "month", "all"] as const) shown.push(await engine.leaderboard(chat, m, period));
    }
    const memberId = (await db.store.ensureMember(m)).id;
    const link = await db.prisma.learnerMember.findUnique({ where: { memberId } });
    decks.push(link ? await db.prisma.reviewCard.count({ where: { learnerId: link.learnerId } }) : 0);
  }
  const rows = {
    stats: await db.prisma.memberStats.findMany({ orderBy: [{ chatId: "asc" }, { memberId: "asc" }] }),
    scores: await db.prisma.scoreTotal.findMany({ orderBy: [{ chatId: "asc" }, { period: "asc" }, { memberId: "asc" }] }),
    histogram: await db.prisma.scoreHistogram.findMany({ orderBy: [{ chatId: "asc" }, { period: "asc" }, { points: "asc" }] }),
    answers: await db.prisma.dailyAnswer.findMany({ orderBy: { id: "asc" } }),
    dailies: await db.prisma.dailyQuestion.findMany({ orderBy: { id: "asc" } }),
    cards: await db.prisma.reviewCard.findMany({ orderBy: { id: "asc" } }),
    logs: await db.prisma.reviewLog.findMany({ orderBy: { id: "asc" } }),
    seen: await db.prisma.seenQuestion.findMany({ orderBy: [{ memberId: "asc" }, { questionId: "asc" }] }),
  };
  return { shown, decks, rows };
}

describe(`the migration giving every member a learner (${testDatabaseKind()})`, () => {
  it("keeps every figure, gives each member without a learner its own, repoints orphaned practice answers, and can run again", async () => {
    await history();
    const engine = new Engine({ bank: fixtureBank(), store: db.store, review: db.stores.review, identity: db.stores.identity, clock, random: seededRandom(5) });
    const linksBefore = await db.prisma.learnerMember.findMany({ orderBy: { memberId: "asc" } });
    expect(linksBefore).toHaveLength(2);
    // A practice answer whose learner a merge of the previous release left behind (it did not move them).
    const m2 = (await db.store.ensureMember(members[1]!)).id;
    const groupChat = await db.store.ensureChat(group);
    const prompt = await db.prisma.practicePrompt.create({ data: { chatId: groupChat.id, memberId: m2, questionId: "qrag01", status: "answered", askedAt: clock.now(), lastActivityAt: clock.now() } });
    await db.prisma.practiceAttempt.create({ data: { promptId: prompt.id, learnerId: 999, memberId: m2, chatId: groupChat.id, questionId: "qrag01", answer: "x", coverage: 1, verdicts: "[]", grader: "keypoints", suggestedGrade: "know", firstAttempt: true, createdAt: clock.now() } });
    const before = await figures(engine);

    await migrate();

    expect(await figures(engine)).toEqual(before);
    const real = await db.prisma.member.findMany({ where: { platform: { not: ANONYMOUS_PLATFORM } }, include: { learner: true }, orderBy: { id: "asc" } });
    expect(real).toHaveLength(4);
    for (const m of real) expect(m.learner, m.displayName).not.toBeNull();
    // One learner each, the existing ones untouched, the new ones dated from their member.
    expect(new Set(real.map((m) => m.learner!.learnerId)).size).toBe(4);
    for (const link of linksBefore) expect(real.find((m) => m.id === link.memberId)!.learner!.learnerId).toBe(link.learnerId);
    const learners = await db.prisma.learner.findMany({ include: { identities: { include: { member: true } } } });
    expect(learners).toHaveLength(4);
    for (const learner of learners.filter((l) => !linksBefore.some((link) => link.learnerId === l.id))) expect(learner.createdAt).toEqual(learner.identities[0]!.member.createdAt);
    const anonymous = await db.prisma.member.findMany({ where: { platform: ANONYMOUS_PLATFORM }, include: { learner: true } });
    expect(anonymous.length).toBeGreaterThan(0);
    for (const m of anonymous) expect(m.learner).toBeNull();
    expect(await db.prisma.practiceAttempt.findMany({ select: { learnerId: true } })).toEqual([{ learnerId: real.find((m) => m.id === m2)!.learner!.learnerId }]);
    // The decks read the same through the engine, and a learner made afterwards takes the next free id.
    expect(before.decks.filter((n) => n > 0)).toHaveLength(2);
    for (const [i, m] of members.slice(0, 4).entries()) expect((await engine.review.progress(m)).reduce((sum, topic) => sum + topic.attempted, 0)).toBe(before.decks[i]);
    const newcomer = await db.stores.review.learnerOf((await db.store.ensureMember(member(6))).id);
    expect(newcomer).toBeGreaterThan(Math.max(...learners.map((l) => l.id)));

    // Running it again changes nothing.
    const once = [await db.prisma.learner.findMany({ orderBy: { id: "asc" } }), await db.prisma.learnerMember.findMany({ orderBy: { memberId: "asc" } })];
    await migrate();
    expect([await db.prisma.learner.findMany({ orderBy: { id: "asc" } }), await db.prisma.learnerMember.findMany({ orderBy: { memberId: "asc" } })]).toEqual(once);
    expect(await figures(engine)).toEqual(before);
  });
});
