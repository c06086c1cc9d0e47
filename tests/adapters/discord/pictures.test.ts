import { existsSync } from "node:fs";
import { MessageFlags } from "discord.js";
import { PNG } from "pngjs";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDiscord, type DiscordAdapter } from "../../../src/adapters/discord/start.js";
import { DEFAULT_CHART_FONT, WorkerChartRenderer } from "../../../src/charts/renderer.js";
import { Engine } from "../../../src/engine/engine.js";
import { createMetrics } from "../../../src/metrics.js";
import { fixtureBank } from "../../support/bank.js";
import { seededRandom, TestClock } from "../../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { FakeDiscord, type FakeUser } from "../../support/fake-discord.js";

const alice: FakeUser = { id: "1001", username: "alice" };

let fake: FakeDiscord;
let db: TestDatabase;
let adapter: DiscordAdapter;
let charts: WorkerChartRenderer;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  db = await createTestDatabase();
  charts = new WorkerChartRenderer({ fontFile: DEFAULT_CHART_FONT });
  const engine = new Engine({ bank: fixtureBank(), store: db.store, progress: db.stores.progress, charts, clock: new TestClock("2026-05-01T02:00:00Z"), random: seededRandom(3) });
  adapter = await startDiscord({ engine, config: { DISCORD_TOKEN: "test-token", DISCORD_API_BASE: fake.base }, log: pino({ level: "silent" }), metrics: createMetrics() });
});

afterAll(async () => {
  await adapter?.stop();
  await fake?.close();
  await db?.dispose();
  await charts?.close();
});

/** The PNG of a call's first upload, decoded. */
function uploadedPng(call: { files?: { filename: string; bytes: Buffer }[] }) {
  const file = call.files?.[0];
  expect(file).toBeDefined();
  return { filename: file!.filename, image: PNG.sync.read(file!.bytes) };
}

describe.runIf(existsSync(DEFAULT_CHART_FONT))("pictures on Discord", () => {
  it("/stats answers with an ephemeral embed showing the uploaded PNG (or its deferred edit)", async () => {
    const interaction = fake.command(alice, "stats");
    // Rendering may outlast the 3-second acknowledgement window: then the picture fills the deferred reply.
    const callback = await fake.waitForCall("POST", `/interactions/${interaction.id}/${interaction.token}/callback`, { timeoutMs: 20_000 });
    const call = callback.files ? callback : await fake.waitForCall("PATCH", new RegExp(`/webhooks/\\d+/${interaction.token}/messages/@original`), { timeoutMs: 20_000 });
    const body = call.body as { type?: number; data?: { flags?: number; embeds: { image?: { url: string } }[] }; flags?: number; embeds?: { image?: { url: string } }[] };
    const message = body.data ?? (body as { flags?: number; embeds: { image?: { url: string } }[] });
    const { filename, image } = uploadedPng(call);
    expect(filename).toBe("stats.png");
    expect(message.embeds[0]!.image?.url).toBe("attachment://stats.png");
    if (body.data) expect((body.data.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(image.width).toBeGreaterThan(500);
  });

  it("/leaderboard image:true uploads the top-10 picture", async () => {
    const interaction = fake.command(alice, "leaderboard", [{ name: "image", type: 5, value: true }]);
    const call = await fake.waitForCall("POST", `/interactions/${interaction.id}/${interaction.token}/callback`, { timeoutMs: 20_000 });
    const found = call.files ? call : await fake.waitForCall("POST", new RegExp(`/webhooks/\\d+/${interaction.token}$`), { timeoutMs: 20_000 });
    expect(uploadedPng(found).filename).toBe("leaderboard.png");
  });
});
