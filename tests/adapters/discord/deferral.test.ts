import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDiscord, type DiscordAdapter } from "../../../src/adapters/discord/start.js";
import { Engine } from "../../../src/engine/engine.js";
import { createMetrics } from "../../../src/metrics.js";
import { fixtureBank } from "../../support/bank.js";
import { seededRandom, TestClock } from "../../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { buttonsOf, expectWithinLimits, isEphemeral, type SentMessage } from "../../support/discord-messages.js";
import { APPLICATION_ID, FakeDiscord, type FakeUser, type Where } from "../../support/fake-discord.js";

/**
 * Work slower than the acknowledgement deadline (here: 0 ms, so every interaction) is deferred within
 * Discord's 3 seconds and completed through the interaction's webhook. The fake plays Discord's rule
 * that the first follow-up after an unfilled deferral takes its place and its ephemerality, so these
 * tests assert what the channel finally shows, not which calls were made.
 */

const alice: FakeUser = { id: "1001", username: "alice" };
let fake: FakeDiscord;
let db: TestDatabase;
let adapter: DiscordAdapter;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  db = await createTestDatabase();
  const engine = new Engine({ bank: fixtureBank(), store: db.store, clock: new TestClock("2026-05-01T02:00:00Z"), random: seededRandom(3) });
  adapter = await startDiscord({ engine, config: { DISCORD_TOKEN: "test-token", DISCORD_API_BASE: fake.base }, log: pino({ level: "silent" }), metrics: createMetrics(), ackDeadlineMs: 0 });
});

afterAll(async () => {
  await adapter?.stop();
  await fake?.close();
  await db?.dispose();
});

let places = 0;
/** A server and channel of its own, so each test reads only its own channel. */
const freshPlace = (): Where & { channelId: string } => ({ guildId: String(961000000000000000n + BigInt(++places)), channelId: String(962000000000000000n + BigInt(places)) });
const webhook = (token: string) => `/webhooks/${APPLICATION_ID}/${token}`;
const callback = async (i: { id: string; token: string }) => (await fake.waitForCall("POST", `/interactions/${i.id}/${i.token}/callback`)).body as { type: number; data?: { flags?: number } };
const textOf = (message: Record<string, unknown>) => expectWithinLimits(message as SentMessage);

/** Waits until `calls` requests on the interaction's webhook have been answered (the fake applies each before it answers). */
async function settled(token: string, calls: number): Promise<void> {
  const made = () => fake.calls.filter((c) => c.path.startsWith(webhook(token)) && c.status !== 0).length;
  for (const deadline = Date.now() + 5000; made() < calls; ) {
    if (Date.now() > deadline) throw new Error(`only ${made()} of ${calls} webhook calls for ${token}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("deferred interactions", () => {
  it("a public reply defers publicly and fills its deferral: the channel shows the daily question", async () => {
    const where = freshPlace();
    const i = fake.command(alice, "daily", [], where);
    expect(await callback(i)).toEqual({ type: 5, data: { flags: 0 } }); // a public deferral
    await settled(i.token, 1);
    const shown = fake.channelView(where.channelId);
    expect(shown).toHaveLength(1);
    expect(textOf(shown[0]!)).toContain("📅 每日一题");
    expect(buttonsOf(shown[0] as SentMessage)).toHaveLength(4);
    expect(fake.ephemeralView(where.channelId)).toEqual([]);
  });

  it("/leaderboard, slow, stays in the channel", async () => {
    const where = freshPlace();
    const i = fake.command(alice, "leaderboard", [{ name: "period", type: 3, value: "all" }], where);
    await settled(i.token, 1);
    const shown = fake.channelView(where.channelId);
    expect(shown.map(textOf)).toEqual([expect.stringContaining("🏆 排行榜 · 总榜")]);
  });

  it("a private reply fills the ephemeral deferral and stays ephemeral", async () => {
    const where = freshPlace();
    const i = fake.command(alice, "stats", [], where);
    expect(await callback(i)).toEqual({ type: 5, data: { flags: 64 } });
    await settled(i.token, 1);
    expect(fake.channelView(where.channelId)).toEqual([]);
    const [stats, ...others] = fake.ephemeralView(where.channelId);
    expect(others).toEqual([]);
    expect(textOf(stats!)).toContain("alice 的学习统计");
  });

  it("a private reply to a publicly deferred command (a usage error) removes the deferral and answers ephemerally", async () => {
    const where = freshPlace();
    const i = fake.command(alice, "leaderboard", [{ name: "period", type: 3, value: "yesterday" }], where);
    expect(await callback(i)).toEqual({ type: 5, data: { flags: 0 } }); // a public deferral
    await settled(i.token, 2);
    expect(fake.channelView(where.channelId)).toEqual([]);
    expect(fake.ephemeralView(where.channelId).map(textOf)).toEqual([expect.stringContaining("/leaderboard")]);
  });

  it("an apology after a public deferral is ephemeral: the placeholder goes, the channel shows nothing", async () => {
    const where = freshPlace();
    fake.respond("PATCH", /\/messages\/@original$/, { status: 400, body: { message: "Invalid Form Body", code: 50035 } });
    const i = fake.command(alice, "topics", [], where);
    await settled(i.token, 3); // the failed fill, the deletion, the apology
    expect(fake.channelView(where.channelId)).toEqual([]);
    expect(fake.ephemeralView(where.channelId).map((m) => m["content"])).toEqual(["出了点问题，这次操作没有完成，请稍后再试。"]);
  });

  it("a button on a slow daily: deferUpdate, the message edited in the channel, the result ephemeral", async () => {
    const where = freshPlace();
    const i = fake.command(alice, "daily", [], where);
    await settled(i.token, 1);
    const [posted] = fake.channelView(where.channelId);
    const press = fake.press(alice, buttonsOf(posted as SentMessage)[1]!.custom_id, { id: posted!["id"] as string }, where);
    expect((await callback(press)).type).toBe(6);
    await settled(press.token, 2);
    const result = (await fake.waitForCall("POST", webhook(press.token))).body as SentMessage;
    expect(isEphemeral(result)).toBe(true);
    const shown = fake.channelView(where.channelId);
    expect(shown).toHaveLength(1);
    expect(textOf(shown[0]!)).toContain("已有 1 人作答");
    expect(fake.ephemeralView(where.channelId).map(textOf)).toEqual([expect.stringMatching(/分/)]);
  });
});
