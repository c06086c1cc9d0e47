import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DeliveryError } from "../../src/engine/types.js";
import { SEND_LEASE_MS, type TickReport } from "../../src/scheduler/scheduler.js";
import { openDatabase, type Database } from "../../src/store/database.js";
import { TestClock } from "../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { RecordingMessenger } from "../support/messenger.js";
import { botProcess, chatWith, command, counted, telegramChat } from "../support/scheduler.js";

// Shanghai (the default zone) posts at 09:00 = 01:00Z.
const BEFORE = "2026-03-02T00:00:00Z"; // 08:00 Shanghai
const NINE = "2026-03-02T01:00:00Z";

let db: TestDatabase;
let second: Database | undefined;
let clock: TestClock;
let messenger: RecordingMessenger;

beforeEach(async () => {
  db = await createTestDatabase();
  clock = new TestClock(BEFORE);
  messenger = new RecordingMessenger();
});
afterEach(async () => {
  await second?.close();
  second = undefined;
  await db.dispose();
});

/** A second bot process on the same database file (tests/support/scheduler-process.ts), ready to tick at `now`. */
async function startOtherProcess(url: string, now: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/scheduler-process.ts", url, now], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.value !== "ready") throw new Error(`second process did not start: ${String(first.value)}`);
  return {
    async tick(): Promise<{ report: TickReport; sent: { chat: string; id: string }[] }> {
      child.stdin.write("go\n");
      const line = await lines.next();
      return JSON.parse(String(line.value)) as { report: TickReport; sent: { chat: string; id: string }[] };
    },
  };
}

async function dailies() {
  return db.prisma.dailyQuestion.findMany({ orderBy: { id: "asc" } });
}

describe("exactly once", () => {
  it("two processes sharing the database racing on the same due chats post once per chat", async () => {
    const a = botProcess(db, clock, messenger, { seed: 1 });
    const refs = Array.from({ length: 40 }, (_, i) => telegramChat(`-10${i}`));
    for (const ref of refs) await chatWith(a.engine, ref);
    await a.scheduler.tick(); // 08:00: schedules the chats for 09:00, posts nothing
    expect(messenger.sent).toHaveLength(0);

    const other = await startOtherProcess(db.url, NINE);
    clock.set(NINE);
    const [mine, theirs] = await Promise.all([a.scheduler.tick(), other.tick()]);
    const sentTo = [...messenger.sent.map((m) => m.to.chat.externalId), ...theirs.sent.map((m) => m.chat)];
    expect(sentTo.sort()).toEqual(refs.map((r) => r.externalId).sort());
    expect(mine.posted + theirs.report.posted).toBe(refs.length);
    const rows = await dailies();
    expect(rows).toHaveLength(refs.length);
    expect(rows.every((r) => r.messageId !== null && r.nextAttemptAt === null && r.sendAttempts === 1)).toBe(true);

    clock.advance(60_000);
    expect((await a.scheduler.tick()).posted).toBe(0);
  }, 60_000);

  it("a restart between claim and send sends the claimed daily once", async () => {
    const crashed = botProcess(db, clock, messenger);
    const ref = telegramChat("-1");
    await crashed.scheduler.tick(); // schedules the new chat for 09:00
    clock.set(NINE);
    // The crashed process got as far as the claim, then died.
    const claimed = await crashed.engine.claimDaily(await crashed.engine.chat(ref), "2026-03-02");
    if (!claimed.ok) throw new Error(claimed.code);

    second = await openDatabase(db.url);
    const restarted = botProcess(second, clock, messenger, { seed: 9 });
    clock.advance(2 * 60_000);
    await restarted.scheduler.tick();
    await restarted.scheduler.tick();
    expect(messenger.sentTo("-1")).toHaveLength(1);
    expect(messenger.sent[0]?.message.text).toContain(claimed.value.question.item?.stem ?? claimed.value.question.prompt);
    expect((await dailies()).map((r) => r.messageId)).toEqual([messenger.sent[0]?.id]);
  });

  it("a send in flight holds its lease: another process does not send it, and after a crash the lease runs out", async () => {
    await chatWith(botProcess(db, clock, messenger).engine, telegramChat("-1"));
    const a = botProcess(db, clock, messenger);
    await a.scheduler.tick();
    clock.set(NINE);
    const release = messenger.hold("-1");
    const slow = a.scheduler.tick(); // leases the daily, then waits on the platform

    second = await openDatabase(db.url);
    const b = botProcess(second, clock, messenger, { seed: 3 });
    await vi.waitFor(async () => expect((await dailies())[0]?.sendLeaseUntil).not.toBeNull());
    clock.advance(60_000);
    expect((await b.scheduler.tick()).posted).toBe(0);
    release();
    await slow;
    expect(messenger.sentTo("-1")).toHaveLength(1);

    // A process that died holding a lease: once it runs out, another process sends.
    const [row] = await dailies();
    await db.prisma.dailyQuestion.update({ where: { id: row!.id }, data: { messageId: null, nextAttemptAt: clock.now(), sendLeaseUntil: new Date(clock.now().getTime() + SEND_LEASE_MS) } });
    expect((await b.scheduler.tick()).posted).toBe(0);
    clock.advance(SEND_LEASE_MS);
    expect((await b.scheduler.tick()).posted).toBe(1);
  });
});

describe("failures", () => {
  it("retries a transient failure with backoff, records each attempt, and sends once", async () => {
    const bot = botProcess(db, clock, messenger);
    await chatWith(bot.engine, telegramChat("-1"));
    await bot.scheduler.tick();
    messenger.failNext("-1", new DeliveryError("network", "connection reset"), new Error("socket hang up"), new DeliveryError("rate_limited", "slow down", 300));

    clock.set(NINE);
    expect(await bot.scheduler.tick()).toMatchObject({ posted: 0, failed: 1 });
    let [row] = await dailies();
    expect(row).toMatchObject({ messageId: null, sendAttempts: 1, lastError: "network: connection reset", nextAttemptAt: new Date("2026-03-02T01:00:30Z") });

    clock.set("2026-03-02T01:00:20Z"); // before the retry is due
    expect(await bot.scheduler.tick()).toMatchObject({ posted: 0, failed: 0 });
    clock.set("2026-03-02T01:00:30Z");
    expect(await bot.scheduler.tick()).toMatchObject({ failed: 1 });
    [row] = await dailies();
    expect(row).toMatchObject({ sendAttempts: 2, lastError: "socket hang up", nextAttemptAt: new Date("2026-03-02T01:01:30Z") });

    clock.set("2026-03-02T01:01:30Z");
    await bot.scheduler.tick();
    [row] = await dailies();
    // The platform asked to wait 300 s, longer than the 120 s backoff.
    expect(row).toMatchObject({ sendAttempts: 3, lastError: "rate_limited: slow down", nextAttemptAt: new Date("2026-03-02T01:06:30Z") });

    clock.set("2026-03-02T01:06:30Z");
    expect(await bot.scheduler.tick()).toMatchObject({ posted: 1 });
    [row] = await dailies();
    expect(row).toMatchObject({ sendAttempts: 4, lastError: null, nextAttemptAt: null, messageId: messenger.sent[0]?.id });
    expect(messenger.sentTo("-1")).toHaveLength(1);
    expect(await counted(bot.metrics, { platform: "telegram", result: "failed" })).toBe(3);
    expect(await counted(bot.metrics, { platform: "telegram", result: "sent" })).toBe(1);
  });

  it("pauses a chat that refuses for good, posts to the others, and resumes after /settings daily on", async () => {
    const bot = botProcess(db, clock, messenger);
    const [gone, fine] = [telegramChat("-403"), telegramChat("-200")];
    await chatWith(bot.engine, gone, { language: "en" });
    await chatWith(bot.engine, fine);
    await bot.scheduler.tick();
    messenger.failNext("-403", new DeliveryError("forbidden", "bot was kicked"));

    clock.set(NINE);
    expect(await bot.scheduler.tick()).toMatchObject({ posted: 1, failed: 1 });
    expect(messenger.sentTo("-200")).toHaveLength(1);
    expect((await bot.engine.chat(gone)).paused).toMatchObject({ reason: "forbidden: bot was kicked" });
    clock.advance(60 * 60_000);
    expect(await bot.scheduler.tick()).toMatchObject({ posted: 0, failed: 0 });

    const replies = await command(bot.engine, gone, "/settings daily on");
    expect(replies[0]?.text).toBe("✅ Settings saved.");
    expect((await bot.engine.chat(gone)).paused).toBeNull();
    expect(await bot.scheduler.tick()).toMatchObject({ posted: 1 });
    expect(messenger.sentTo("-403")).toHaveLength(1);
    expect(await db.prisma.dailyQuestion.count()).toBe(2);
  });

  it("one slow chat does not hold up the others", async () => {
    const bot = botProcess(db, clock, messenger, { config: { DAILY_SEND_CONCURRENCY: 2 } });
    for (let i = 0; i < 10; i++) await chatWith(bot.engine, telegramChat(`-${i}`));
    await bot.scheduler.tick();
    clock.set(NINE);
    const release = messenger.hold("-0");
    const tick = bot.scheduler.tick();
    await vi.waitFor(() => expect(messenger.sent).toHaveLength(9));
    expect(messenger.sentTo("-0")).toHaveLength(0);
    release();
    expect(await tick).toMatchObject({ posted: 10 });
  });

  it("posts every due chat once when each platform has more than a page of them (the listing is read a page at a time)", async () => {
    const bot = botProcess(db, clock, messenger, { config: { DAILY_SEND_CONCURRENCY: 3 } });
    const perPlatform = 501; // the scheduler reads 500 rows a page
    for (let i = 0; i < perPlatform; i++) {
      await bot.engine.chat(telegramChat(`-${i}`));
      await bot.engine.chat({ platform: "discord", externalId: `${i}` });
    }
    await bot.scheduler.tick();
    clock.set(NINE);
    expect(await bot.scheduler.tick()).toMatchObject({ posted: perPlatform * 2, failed: 0 });
    const keys = messenger.sent.map((m) => `${m.to.chat.platform}:${m.to.chat.externalId}`);
    expect(new Set(keys).size).toBe(perPlatform * 2);
    expect(keys).toHaveLength(perPlatform * 2);
    expect(await db.prisma.dailyQuestion.count({ where: { messageId: null } })).toBe(0);
  });

  it("gives up an unsent daily once the next one is due, and posts the new one", async () => {
    const bot = botProcess(db, clock, messenger);
    await chatWith(bot.engine, telegramChat("-1"));
    await bot.scheduler.tick();
    clock.set(NINE);
    messenger.failNext("-1", ...Array.from({ length: 500 }, () => new DeliveryError("network", "down")));
    while (clock.now() < new Date("2026-03-03T01:00:00Z")) {
      await bot.scheduler.tick();
      clock.advance(10 * 60_000);
    }
    messenger.recover("-1");
    await bot.scheduler.tick(); // 09:00 the next day: today's is posted
    clock.advance(30 * 60_000);
    await bot.scheduler.tick();
    const rows = await dailies();
    expect(rows.map((r) => r.localDate)).toEqual(["2026-03-02", "2026-03-03"]);
    expect(rows[0]).toMatchObject({ messageId: null, nextAttemptAt: null, lastError: "given up: the next daily question is due" });
    expect(rows[1]?.messageId).not.toBeNull();
    expect(messenger.sent).toHaveLength(1);
  });
});
