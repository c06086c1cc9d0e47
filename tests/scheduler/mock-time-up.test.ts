import { readFileSync } from "node:fs";
import { REST } from "discord.js";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DiscordMessenger } from "../../src/adapters/discord/messenger.js";
import { restOptions } from "../../src/adapters/discord/rest.js";
import { Engine } from "../../src/engine/engine.js";
import { DeliveryError, type ChatRef, type MemberRef, type Messenger, type Platform } from "../../src/engine/types.js";
import { MockTimeUps } from "../../src/scheduler/mock-time-up.js";
import { fixtureBank } from "../support/bank.js";
import { seededRandom, TestClock } from "../support/clock.js";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "../support/database.js";
import { dmChannelOf, FakeDiscord } from "../support/fake-discord.js";
import { RecordingMessenger } from "../support/messenger.js";
import { FULL_ANSWERS, PRACTICE_QUESTIONS, practiceDeps } from "../support/practice.js";

/** The mock interview's time-up message: stored deadline, claimed on the minute, sent once, never lost. */

const dm: ChatRef = { platform: "telegram", externalId: "11" };
const alice: MemberRef = { platform: "telegram", externalId: "11", displayName: "alice" };
const log = pino({ level: "silent" });
const MINUTE = 60_000;

let db: TestDatabase;
let clock: TestClock;

beforeEach(async () => {
  db = await createTestDatabase();
  clock = new TestClock("2026-05-04T02:00:00Z");
});
afterEach(() => db.dispose());

/** An engine on the shared database, as a process (or a restarted one) would build it. */
const process_ = () => new Engine({ bank: fixtureBank(PRACTICE_QUESTIONS), store: db.store, review: db.stores.review, clock, random: seededRandom(5), practice: practiceDeps(db), mock: db.stores.mock });
const timeUps = (engine: Engine, messengers: Map<Platform, Messenger>) => new MockTimeUps({ engine, messengers, log, concurrency: 4 });

async function startMock(engine: Engine, options: { count?: number; minutes?: number } = { count: 2, minutes: 3 }) {
  const started = await engine.mock!.start(dm, alice, options);
  if (!started.ok) throw new Error(started.code);
  return started.value;
}

describe("the mock interview's time-up message", () => {
  it("is sent privately once, after the deadline, whatever number of processes tick; the answer after it is still graded", async () => {
    const telegram = new RecordingMessenger();
    const messengers = new Map<Platform, Messenger>([["telegram", telegram]]);
    const engine = process_();
    const view = await startMock(engine);
    expect(view.question.id).toBe("qkvc01");

    clock.advance(3 * MINUTE - 1000);
    expect((await timeUps(engine, messengers).tick()).sent).toBe(0);
    clock.advance(1000);
    // Two processes on the same minute, then a restarted one a minute later.
    const [a, b] = await Promise.all([timeUps(process_(), messengers).tick(), timeUps(process_(), messengers).tick()]);
    clock.advance(MINUTE);
    const c = await timeUps(process_(), messengers).tick();
    expect(a.sent + b.sent + c.sent).toBe(1);
    expect(telegram.sent).toHaveLength(1);
    expect(telegram.sent[0]!.to.chat.externalId).toBe("11");
    expect(telegram.sent[0]!.message.text).toBe("⏰ 时间到：模拟面试第 1/2 题（`qkvc01`）的建议用时 3 分钟已到。你仍可以提交答案，照样评阅，用时如实记下（/mock 再看题目）。");
    expect(telegram.sent[0]!.message.private).toBe(true);

    // Answered 5 minutes after it was asked: graded, its time and the overrun reported.
    clock.advance(MINUTE);
    const answered = await engine.mock!.answer(dm, alice, FULL_ANSWERS.qkvc01!);
    expect(answered.ok && [answered.value.result.coverage, answered.value.result.seconds, answered.value.result.overTime]).toEqual([1, 300, true]);
    // The next question has its own deadline, and its own one message.
    clock.advance(3 * MINUTE);
    expect((await timeUps(engine, messengers).tick()).sent).toBe(1);
    expect(telegram.sent[1]!.message.text).toContain("第 2/2 题（`qlora1`）");
    clock.advance(MINUTE);
    expect((await timeUps(engine, messengers).tick()).sent).toBe(0);
  });

  it("a follow-up has its own deadline; an answer in time, a stopped or a finished interview sends nothing", async () => {
    const telegram = new RecordingMessenger();
    const messengers = new Map<Platform, Messenger>([["telegram", telegram]]);
    const engine = process_();
    await startMock(engine);
    clock.advance(2 * MINUTE);
    const partial = await engine.mock!.answer(dm, alice, "KV 缓存把历史 token 的 K 和 V 存下来。");
    expect(partial.ok && partial.value.next?.followUp?.keyPoint).toBe("避免重复计算");
    clock.advance(2 * MINUTE); // 4 minutes after the question, 2 after the follow-up: nothing is due
    expect((await timeUps(engine, messengers).tick()).sent).toBe(0);
    clock.advance(MINUTE);
    expect((await timeUps(engine, messengers).tick()).sent).toBe(1);
    expect(telegram.sent[0]!.message.text).toContain("第 1/2 题（`qkvc01`）");

    await engine.mock!.answer(dm, alice, "省去重复计算");
    expect((await engine.mock!.stop(alice)).ok).toBe(true);
    clock.advance(10 * MINUTE);
    expect((await timeUps(engine, messengers).tick()).sent).toBe(0);

    await startMock(engine, { count: 1, minutes: 3 });
    clock.advance(MINUTE);
    const done = await engine.mock!.answer(dm, alice, FULL_ANSWERS.qkvc01!);
    expect(done.ok && done.value.report).toBeDefined();
    clock.advance(10 * MINUTE);
    expect((await timeUps(engine, messengers).tick()).sent).toBe(0);
    expect(telegram.sent).toHaveLength(1);
  });

  it("is never lost: a passing failure retries a minute later, a sender that died is relieved after its lease, a refusal gives up", async () => {
    const telegram = new RecordingMessenger();
    const messengers = new Map<Platform, Messenger>([["telegram", telegram]]);
    const engine = process_();
    await startMock(engine, { count: 2, minutes: 5 });
    clock.advance(5 * MINUTE);
    telegram.failNext("11", new DeliveryError("network", "socket hang up"));
    expect(await timeUps(engine, messengers).tick()).toEqual({ sent: 0, failed: 1 });
    clock.advance(30_000);
    expect((await timeUps(engine, messengers).tick()).sent).toBe(0);
    clock.advance(30_000);
    expect((await timeUps(engine, messengers).tick()).sent).toBe(1);
    expect(telegram.sent).toHaveLength(1);

    // A process claims the next one and dies before sending: another sends it once the lease is over.
    clock.advance(MINUTE);
    await engine.mock!.answer(dm, alice, FULL_ANSWERS.qkvc01!);
    clock.advance(5 * MINUTE);
    expect(await engine.mock!.claimTimeUps(10, ["telegram"])).toHaveLength(1); // claimed, never sent
    expect((await timeUps(process_(), messengers).tick()).sent).toBe(0);
    clock.advance(5 * MINUTE);
    expect((await timeUps(process_(), messengers).tick()).sent).toBe(1);
    expect(telegram.sent[1]!.message.text).toContain("第 2/2 题");
    expect(await db.prisma.mockInterview.count({ where: { timeUpAt: { not: null } } })).toBe(0);

    // Blocked: given up, not retried.
    await engine.mock!.stop(alice);
    await startMock(engine, { count: 1, minutes: 5 });
    clock.advance(5 * MINUTE);
    telegram.failNext("11", new DeliveryError("forbidden", "Forbidden: bot was blocked by the user"));
    expect(await timeUps(engine, messengers).tick()).toEqual({ sent: 0, failed: 1 });
    clock.advance(MINUTE);
    expect(await timeUps(engine, messengers).tick()).toEqual({ sent: 0, failed: 0 });
    // The answer still counts.
    const late = await engine.mock!.answer(dm, alice, FULL_ANSWERS.qkvc01!);
    expect(late.ok && late.value.result.overTime).toBe(true);
  });

  it("an interview left idle is expired, not told: 30 minutes, never sooner than 10 past its time limit", async () => {
    const telegram = new RecordingMessenger();
    const messengers = new Map<Platform, Messenger>([["telegram", telegram]]);
    const engine = process_();
    await startMock(engine, { count: 1, minutes: 45 });
    clock.advance(31 * MINUTE);
    expect((await engine.mock!.current(alice)).ok).toBe(true); // a 45-minute question is not expired at 31 minutes
    clock.advance(14 * MINUTE);
    expect((await timeUps(engine, messengers).tick()).sent).toBe(1);
    clock.advance(9 * MINUTE);
    const late = await engine.mock!.answer(dm, alice, FULL_ANSWERS.qkvc01!);
    expect(late.ok && [late.value.result.seconds, late.value.result.overTime]).toEqual([54 * 60, true]);

    // Nobody ticked until after the idle window: the interview expires, no message.
    await startMock(engine, { count: 1, minutes: 5 });
    clock.advance(31 * MINUTE);
    expect(await timeUps(engine, messengers).tick()).toEqual({ sent: 0, failed: 0 });
    expect(telegram.sent).toHaveLength(1);
    expect((await engine.mock!.current(alice)).ok).toBe(false);
  });

  it("Discord: the message goes to the member's DM channel", async () => {
    const fake = await FakeDiscord.start();
    try {
      const discord = new DiscordMessenger(new REST({ ...restOptions(fake.base), retries: 0 }).setToken("test-token"));
      const messengers = new Map<Platform, Messenger>([["discord", discord]]);
      const engine = process_();
      const started = await engine.mock!.start({ platform: "discord", externalId: "960000000000000001" }, { platform: "discord", externalId: "1003", displayName: "carol" }, { count: 1, minutes: 2 });
      expect(started.ok).toBe(true);
      clock.advance(2 * MINUTE);
      expect((await timeUps(engine, messengers).tick()).sent).toBe(1);
      const posted = fake.callsTo("POST", `/channels/${dmChannelOf("1003")}/messages`, 0);
      expect(posted).toHaveLength(1);
      expect(JSON.stringify(posted[0]!.body)).toContain("⏰ 时间到");
    } finally {
      await fake.close();
    }
  });

  it("the migration gives an interview running at the upgrade its question's deadline", async () => {
    const engine = process_();
    await startMock(engine, { count: 1, minutes: 3 });
    const bob: MemberRef = { platform: "telegram", externalId: "12", displayName: "bob" };
    expect((await engine.mock!.start({ platform: "telegram", externalId: "12" }, bob, { count: 1, minutes: 4 })).ok).toBe(true);
    await engine.mock!.stop(bob);
    await db.prisma.mockInterview.updateMany({ data: { timeUpAt: null } });
    const folder = testDatabaseKind() === "postgres" ? "postgres/migrations" : "migrations";
    const migration = readFileSync(new URL(`../../prisma/${folder}/20261202100000_mock_time_up_grader_use/migration.sql`, import.meta.url), "utf8");
    await db.prisma.$executeRawUnsafe(migration.split("\n").find((line) => line.startsWith('UPDATE "MockInterview"'))!);
    const rows = await db.prisma.mockInterview.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.status, r.timeUpAt?.toISOString() ?? null])).toEqual([
      ["active", new Date(rows[0]!.askedAt.getTime() + 3 * MINUTE).toISOString()],
      ["stopped", null],
    ]);
    const telegram = new RecordingMessenger();
    clock.advance(3 * MINUTE);
    expect((await timeUps(engine, new Map<Platform, Messenger>([["telegram", telegram]])).tick()).sent).toBe(1);
  });
});
