import { pino } from "pino";
import { REST } from "discord.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { registerCommands } from "../../../src/adapters/discord/register.js";
import { restOptions } from "../../../src/adapters/discord/rest.js";
import { startDiscord, type DiscordAdapter } from "../../../src/adapters/discord/start.js";
import { Engine } from "../../../src/engine/engine.js";
import { createMetrics } from "../../../src/metrics.js";
import { fixtureBank } from "../../support/bank.js";
import { TestClock } from "../../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { APPLICATION_ID, FakeDiscord, type FakeUser } from "../../support/fake-discord.js";

/** Start-up against the fake: only logging in is essential; an optional call that fails is a warning and the bot runs. */

const alice: FakeUser = { id: "3001", username: "alice" };
let fake: FakeDiscord;
let db: TestDatabase;
let adapter: DiscordAdapter | undefined;
let logged: Record<string, unknown>[];

beforeEach(async () => {
  fake = await FakeDiscord.start();
  db = await createTestDatabase();
  logged = [];
  adapter = undefined;
});

afterEach(async () => {
  await adapter?.stop();
  await fake.close();
  await db.dispose();
});

function start(): Promise<DiscordAdapter> {
  const engine = new Engine({ bank: fixtureBank(), store: db.store, clock: new TestClock("2026-05-01T02:00:00Z") });
  const log = pino({ level: "warn" }, { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) });
  return startDiscord({ engine, config: { DISCORD_TOKEN: "test-token", DISCORD_API_BASE: fake.base }, log, metrics: createMetrics() });
}

/** The bot answers a slash command: it is running. */
async function answers(): Promise<void> {
  const i = fake.command(alice, "topics");
  await fake.waitForCall("POST", `/interactions/${i.id}/${i.token}/callback`);
}

describe("Discord start-up", () => {
  it("runs when the API refuses the registered-commands check, with one warning", async () => {
    fake.respond("GET", `/applications/${APPLICATION_ID}/commands`, { status: 404, body: { message: "404: Not Found", code: 0 } });
    adapter = await start();
    await adapter.startupChecked;
    expect(logged).toEqual([expect.objectContaining({ level: 40, msg: "discord: could not check the registered slash commands; running anyway" })]);
    await answers();
  });

  it("warns when the registered commands are missing or outdated, and is quiet once they are this version's", async () => {
    adapter = await start();
    await adapter.startupChecked;
    expect(logged).toEqual([expect.objectContaining({ msg: "discord slash commands are not this version's: run npm run discord:register", missing: expect.arrayContaining(["daily", "settings"]) })]);
    await adapter.stop();

    const rest = new REST(restOptions(fake.base)).setToken("test-token");
    await registerCommands(rest, APPLICATION_ID);
    logged = [];
    adapter = await start();
    await adapter.startupChecked;
    expect(logged).toEqual([]);
    await answers();
  });

  it("still fails when logging in fails: the token is essential", async () => {
    fake.respond("GET", "/gateway/bot", { status: 401, body: { message: "401: Unauthorized", code: 0 } });
    await expect(start()).rejects.toThrow();
  });
});
