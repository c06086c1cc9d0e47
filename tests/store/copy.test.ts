import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Engine } from "../../src/engine/engine.js";
import type { ChatRef, MemberRef } from "../../src/engine/types.js";
import { Prisma } from "../../src/generated/prisma/client.js";
import { COPY_ORDER, copyDatabase, NOT_COPIED } from "../../src/store/copy.js";
import { fixtureBank } from "../support/bank.js";
import { DAY, seededRandom, TestClock } from "../support/clock.js";
import { KeyPointGrader } from "../../src/engine/practice/keypoints.js";
import { CountingLlmGrader, FULL_ANSWERS, PRACTICE_QUESTIONS, practiceDeps } from "../support/practice.js";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "../support/database.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const chat: ChatRef = { platform: "telegram", externalId: "-100" };
const members: MemberRef[] = ["ann", "bo", "cy"].map((name, i) => ({ platform: "telegram", externalId: String(i + 1), displayName: name }));

let source: TestDatabase;
let target: TestDatabase;
beforeEach(async () => {
  [source, target] = await Promise.all([createTestDatabase("sqlite"), createTestDatabase()]);
});
afterEach(() => Promise.all([source.dispose(), target.dispose()]));

/** Two days of dailies, streaks, a finished and a running quiz: a row in every table. */
async function populate(engine: Engine, clock: TestClock): Promise<void> {
  for (let day = 0; day < 2; day++) {
    for (const member of members) await engine.answerDaily(chat, member, { kind: "recall", grade: "know" });
    clock.advance(DAY);
    await engine.currentDaily(chat);
  }
  await engine.startQuiz(chat, members[0]!, { count: 1, mode: "recall" });
  await engine.answer(chat, members[0]!, { kind: "recall", grade: "fuzzy" });
  await engine.startQuiz(chat, members[1]!, { count: 3, mode: "recall" });
}

describe(`npm run db:copy (SQLite to ${testDatabaseKind()})`, () => {
  it("copies every row, keeps ids and verifies the counts; the copy then serves the same standings and takes new rows", async () => {
    const clock = new TestClock("2026-03-02T02:00:00Z");
    const engine = (db: TestDatabase) => new Engine({ bank: fixtureBank(), store: db.store, review: db.stores.review, identity: db.stores.identity, reports: db.stores.reports, threads: db.threads, clock, random: seededRandom(5) });
    await engine(source).currentDaily(chat);
    await populate(engine(source), clock);
    await engine(source).rememberPoll(chat, { pollId: "poll-1", messageId: "42", actions: ["1:d:1:0", "1:d:1:1"] });
    // Review decks: the answers made cards and their logs; a reminder and a running review session.
    expect((await engine(source).review.remind(chat, members[0]!, "21:30")).ok).toBe(true);
    clock.advance(3 * DAY);
    expect((await engine(source).review.start(chat, members[0]!)).ok).toBe(true);
    clock.advance(-3 * DAY);
    expect(await engine(source).threads.set(chat, { platform: chat.platform, externalId: "admin", displayName: "admin", isAdmin: true }, true)).toEqual({ ok: true, value: true });
    // Practice: an answered question (its attempt) and an open one.
    const practising = new Engine({ bank: fixtureBank(PRACTICE_QUESTIONS), store: source.store, review: source.stores.review, clock, random: seededRandom(5), practice: practiceDeps(source) }).practice!;
    expect((await practising.start(chat, members[0]!)).ok).toBe(true);
    expect((await practising.answer(chat, members[0]!, FULL_ANSWERS.qlora1!)).ok).toBe(true);
    expect((await practising.start(chat, members[0]!)).ok).toBe(true);
    const mocking = new Engine({ bank: fixtureBank(PRACTICE_QUESTIONS), store: source.store, review: source.stores.review, clock, random: seededRandom(5), practice: practiceDeps(source, new CountingLlmGrader(), { limit: 5, fallback: new KeyPointGrader() }), mock: source.stores.mock }).mock!;
    expect((await mocking.start(chat, members[1]!, { count: 2 })).ok).toBe(true);
    // Its first answer graded by the (metered) LLM grader: a GraderUse row.
    expect((await mocking.answer(chat, members[1]!, FULL_ANSWERS.qkvc01!)).ok).toBe(true);
    const chatId = (await source.store.ensureChat(chat)).id;
    // A link code typed once wrongly by another member.
    expect((await engine(source).identity.issueCode(members[0]!)).ok).toBe(true);
    await source.stores.identity.recordAttempt((await source.store.ensureMember(members[1]!)).id, clock.now());
    await source.prisma.weeklyRecap.create({ data: { chatId, week: "2026-W09", claimedAt: clock.now(), messageId: "43", sentAt: clock.now() } });
    expect((await engine(source).reports.report(members[0]!, "qrag01", "wrong", "先检索")).ok).toBe(true);

    const { stdout } = await promisify(execFile)(path.join(ROOT, "node_modules", ".bin", "tsx"), ["src/store/copy-cli.ts", "--from", source.url, "--to", target.url], { cwd: ROOT });
    expect(stdout).toMatch(/every table's count matches/);
    for (const { model } of COPY_ORDER) expect(stdout).toMatch(new RegExp(`^${model} +[1-9]\\d* +[1-9]\\d*$`, "m"));

    const [before, after] = [engine(source), engine(target)];
    expect(await after.threads.enabled(await after.chat(chat))).toBe(true);
    for (const member of members) {
      expect(await after.stats(chat, member)).toEqual(await before.stats(chat, member));
      expect(await after.leaderboard(chat, member, "all")).toEqual(await before.leaderboard(chat, member, "all"));
    }
    expect(await target.prisma.dailyQuestion.findMany({ orderBy: { id: "asc" } })).toEqual(await source.prisma.dailyQuestion.findMany({ orderBy: { id: "asc" } }));
    expect(await target.prisma.reviewCard.findMany({ orderBy: { id: "asc" } })).toEqual(await source.prisma.reviewCard.findMany({ orderBy: { id: "asc" } }));

    // Ids go on after the copied ones.
    const newcomer = await target.store.ensureChat({ platform: "discord", externalId: "new" });
    expect(newcomer.id).toBe((await source.prisma.chat.count()) + 1);
    clock.advance(DAY);
    expect((await after.answerDaily(chat, { platform: "discord", externalId: "9", displayName: "dee" }, { kind: "recall", grade: "know" })).ok).toBe(true);
  });

  it("refuses a target that holds rows, changing nothing", async () => {
    await source.store.ensureChat(chat);
    await target.store.ensureChat({ platform: "discord", externalId: "existing" });
    await expect(copyDatabase(source, target)).rejects.toThrow(/not empty \(Chat has 1 rows\)/);
    expect(await target.prisma.chat.findMany({ select: { externalId: true } })).toEqual([{ externalId: "existing" }]);
  });

  it("knows every table of the schema", () => {
    expect([...COPY_ORDER.map((t) => t.model), ...NOT_COPIED].sort()).toEqual(Object.values(Prisma.ModelName).sort());
  });
});
