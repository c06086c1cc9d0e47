import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDiscord, type DiscordAdapter } from "../../../src/adapters/discord/start.js";
import { Engine } from "../../../src/engine/engine.js";
import type { ChatRef } from "../../../src/engine/types.js";
import { createMetrics } from "../../../src/metrics.js";
import { DailyScheduler } from "../../../src/scheduler/scheduler.js";
import { fixtureBank } from "../../support/bank.js";
import { seededRandom, TestClock } from "../../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { expectWithinLimits, isEphemeral, type SentMessage } from "../../support/discord-messages.js";
import { FakeDiscord, type FakeUser, type Where } from "../../support/fake-discord.js";

/**
 * `/settings thread:True` and the scheduler's daily post: the real discord.js client and the Discord
 * messenger against the fake, which opens a thread on a message the way Discord does (one per message,
 * a name of at most 100 characters).
 */

const admin: FakeUser = { id: "2001", username: "admin", admin: true };
const clock = new TestClock("2026-05-01T01:00:30Z"); // 09:00:30 in Asia/Shanghai, the default zone and time
let fake: FakeDiscord;
let db: TestDatabase;
let engine: Engine;
let adapter: DiscordAdapter;
let scheduler: DailyScheduler;
const logged: Record<string, unknown>[] = [];

beforeAll(async () => {
  fake = await FakeDiscord.start();
  db = await createTestDatabase();
  engine = new Engine({ bank: fixtureBank(), store: db.store, threads: db.threads, clock, random: seededRandom(2) });
  const metrics = createMetrics();
  adapter = await startDiscord({ engine, config: { DISCORD_TOKEN: "test-token", DISCORD_API_BASE: fake.base }, log: pino({ level: "silent" }), metrics });
  const log = pino({ level: "warn" }, { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) });
  scheduler = new DailyScheduler({ engine, store: db.store, messengers: new Map([["discord", adapter.messenger]]), clock, log, metrics, config: { DAILY_CATCH_UP_HOURS: 6, DAILY_SEND_CONCURRENCY: 4 } });
});

afterAll(async () => {
  await adapter?.stop();
  await fake?.close();
  await db?.dispose();
});

let servers = 0;
function freshServer(): Where & { guildId: string; channelId: string } {
  servers++;
  return { guildId: String(963000000000000000n + BigInt(servers)), channelId: String(964000000000000000n + BigInt(servers)) };
}
const chatOf = (where: { guildId: string }): ChatRef => ({ platform: "discord", externalId: where.guildId });

/** Runs /settings as the admin with these options (the daily channel always among them); returns the reply's text. */
async function settings(where: Where & { channelId: string }, options: Record<string, unknown>[]): Promise<string> {
  const resolved = { channels: { [where.channelId]: { id: where.channelId, type: 0, name: "daily", permissions: "2199023255551" } } };
  const i = fake.command(admin, "settings", [{ name: "channel", type: 7, value: where.channelId }, ...options], { ...where, resolved });
  const body = (await fake.waitForCall("POST", `/interactions/${i.id}/${i.token}/callback`)).body as { data: SentMessage };
  expect(isEphemeral(body.data)).toBe(true);
  return expectWithinLimits(body.data);
}

describe("/settings on Discord", () => {
  it("sets the daily topics and the thread per daily post, and shows both", async () => {
    const where = freshServer();
    const text = await settings(where, [
      { name: "topics", type: 3, value: "rag" },
      { name: "thread", type: 5, value: true },
    ]);
    expect(text).toContain("✅ 设置已保存。");
    expect(text).toContain("每日一题主题：RAG 与检索");
    expect(text).toContain("讨论串：开启");
    const chat = await engine.chat(chatOf(where));
    expect(chat.dailyTopics).toEqual(["rag"]);
    expect(await engine.threads.enabled(chat)).toBe(true);

    expect(await settings(where, [{ name: "thread", type: 5, value: false }])).toContain("讨论串：关闭");
    expect(await engine.threads.enabled(chat)).toBe(false);
  });

  it("refuses an over-long option with one clear line, and echoes a bad value short and inert", async () => {
    const where = freshServer();
    expect(await settings(where, [{ name: "topics", type: 3, value: "rag,".repeat(100) }])).toBe("输入太长了：最多 200 个字符。");
    const bad = await settings(where, [{ name: "timezone", type: 3, value: "**Mars**/Olympus_Mons_and_more_text_here_and_beyond" }]);
    expect(bad).toBe("timezone 的值不正确：\\*\\*Mars\\*\\*/Olympus\\_Mons\\_and\\_more\\_text\\_her…");
    expect((await engine.chat(chatOf(where))).timeZone).toBe("Asia/Shanghai");
  });
});

describe("the discussion thread on each daily post", () => {
  it("opens a thread named with the date and question id on the posted daily, only where it is switched on", async () => {
    const on = freshServer();
    const off = freshServer();
    await settings(on, [{ name: "thread", type: 5, value: true }]);
    await settings(off, []);
    const since = fake.calls.length;
    const report = await scheduler.tick(clock.now());
    expect(report.posted).toBeGreaterThanOrEqual(2);

    const daily = await engine.currentDaily(chatOf(on));
    if (!daily.ok) throw new Error(daily.code);
    const messageId = daily.value.daily.messageId!;
    expect(fake.channelView(on.channelId).map((m) => m["id"])).toEqual([messageId]);
    expect(fake.threadOf(messageId)).toMatchObject({ name: `每日一题 2026-05-01 · ${daily.value.question.id} 讨论`, parent_id: on.channelId, type: 11 });

    const offDaily = await engine.currentDaily(chatOf(off));
    expect(offDaily.ok && fake.threadOf(offDaily.value.daily.messageId!)).toBeUndefined();
    expect(fake.callsTo("POST", /\/threads$/, since).map((call) => call.path)).toEqual([`/channels/${on.channelId}/messages/${messageId}/threads`]);
  });

  it("keeps the post when the thread cannot be opened (no permission), and logs it", async () => {
    const where = freshServer();
    await settings(where, [{ name: "thread", type: 5, value: true }]);
    fake.respond("POST", /\/threads$/, { status: 403, body: { message: "Missing Permissions", code: 50013 } });
    clock.set("2026-05-01T01:01:30Z");
    await scheduler.tick(clock.now());

    const daily = await engine.currentDaily(chatOf(where));
    if (!daily.ok) throw new Error(daily.code);
    expect(daily.value.daily.messageId).not.toBeNull();
    expect(fake.channelView(where.channelId)).toHaveLength(1);
    expect(fake.threadOf(daily.value.daily.messageId!)).toBeUndefined();
    expect((await engine.chat(chatOf(where))).paused).toBeNull();
    expect(logged).toContainEqual(expect.objectContaining({ msg: "daily scheduler: could not open the daily thread", reason: expect.stringContaining("forbidden") }));
  });
});
