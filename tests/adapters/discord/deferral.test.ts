import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDiscord, type DiscordAdapter } from "../../../src/adapters/discord/start.js";
import { Engine } from "../../../src/engine/engine.js";
import { createMetrics } from "../../../src/metrics.js";
import { fixtureBank } from "../../support/bank.js";
import { seededRandom, TestClock } from "../../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { buttonsOf, expectWithinLimits, isEphemeral, type SentMessage } from "../../support/discord-messages.js";
import { APPLICATION_ID, FakeDiscord, type FakeUser } from "../../support/fake-discord.js";

/**
 * Work slower than the acknowledgement deadline (here: 0 ms, so every interaction) is deferred within
 * Discord's 3 seconds and completed through the interaction's webhook.
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

const webhook = (token: string) => `/webhooks/${APPLICATION_ID}/${token}`;
const callback = async (i: { id: string; token: string }) => (await fake.waitForCall("POST", `/interactions/${i.id}/${i.token}/callback`)).body as { type: number; data?: { flags?: number } };

describe("deferred interactions", () => {
  it("a private reply fills the ephemeral deferral", async () => {
    const i = fake.command(alice, "stats");
    expect(await callback(i)).toEqual({ type: 5, data: { flags: 64 } });
    const filled = (await fake.waitForCall("PATCH", `${webhook(i.token)}/messages/@original`)).body as SentMessage;
    expect(expectWithinLimits(filled)).toContain("alice 的学习统计");
  });

  it("a public reply is posted as a follow-up and the ephemeral placeholder removed", async () => {
    const i = fake.command(alice, "daily");
    expect((await callback(i)).type).toBe(5);
    const posted = (await fake.waitForCall("POST", webhook(i.token))).body as SentMessage;
    expect(isEphemeral(posted)).toBe(false);
    expect(expectWithinLimits(posted)).toContain("📅 每日一题");
    await fake.waitForCall("DELETE", `${webhook(i.token)}/messages/@original`);

    // A button on it: deferUpdate, then the message is edited through the webhook and the result follows privately.
    const press = fake.press(alice, buttonsOf(posted)[1]!.custom_id, { id: "970000000000000010" });
    expect((await callback(press)).type).toBe(6);
    const edited = (await fake.waitForCall("PATCH", `${webhook(press.token)}/messages/@original`)).body as SentMessage;
    expect(expectWithinLimits(edited)).toContain("已有 1 人作答");
    const result = (await fake.waitForCall("POST", webhook(press.token))).body as SentMessage;
    expect(isEphemeral(result)).toBe(true);
  });
});
