import { run } from "@grammyjs/runner";
import { pino } from "pino";
import { startDiscord } from "../../src/adapters/discord/start.js";
import { ALLOWED_UPDATES, createTelegramBot } from "../../src/adapters/telegram/bot.js";
import type { DailyView } from "../../src/engine/daily.js";
import { Engine } from "../../src/engine/engine.js";
import type { ChatRef, OutgoingMessage } from "../../src/engine/types.js";
import { createMetrics } from "../../src/metrics.js";
import { decodeAction } from "../../src/presenter/action-codec.js";
import { renderDaily } from "../../src/presenter/question.js";
import { APPLICATION_ID, DAILY_CHANNEL_ID, FakeDiscord, GUILD_ID } from "../../tests/support/fake-discord.js";
import { buttonPress, FAKE_BOT, FakeTelegram, GROUP, user } from "../../tests/support/fake-telegram.js";
import { benchBank, latencyFigures, scratchSqlite, seeded, type BenchOptions, type Figure, type Scenario } from "../support.js";

const SCENARIO = "adapter round trip";
const silent = pino({ level: "silent" });

/**
 * Members answering a posted daily question by button, through the real grammY bot (long polling with
 * the runner, throttler on) and the real discord.js client against the in-process fake servers. Each
 * press is a different member, so each records an answer. Presses arrive at a fixed rate (open loop),
 * and each is timed from the update leaving the fake to the fake receiving the bot's acknowledgement:
 * answerCallbackQuery (the toast) on Telegram, the interaction callback on Discord.
 */
export const adapterRoundTripScenario: Scenario = {
  name: SCENARIO,
  async run(options) {
    const load = { presses: options.quick ? 30 : 600, perSecond: 20 };
    return [...(await telegramRoundTrips(options, load)), ...(await discordRoundTrips(options, load))];
  },
};

interface Load {
  presses: number;
  perSecond: number;
}

async function benchEngine(seed: number) {
  const db = await scratchSqlite();
  const now = new Date("2026-05-01T02:00:00Z");
  const engine = new Engine({ bank: benchBank(), store: db.store, clock: { now: () => now }, random: seeded(seed) });
  return { db, engine };
}

async function todaysDaily(engine: Engine, chat: ChatRef): Promise<DailyView> {
  const daily = await engine.currentDaily(chat);
  if (!daily.ok) throw new Error(`no daily question: ${daily.code}`);
  return daily.value;
}

/** The action of the daily's first answer button (an option, or "know" for recall). */
function answerAction(message: OutgoingMessage): string {
  const action = message.choices?.find((choice) => {
    const decoded = decodeAction(choice.action);
    return decoded?.kind === "daily" && "answer" in decoded.step;
  });
  if (!action) throw new Error("the daily has no answer button");
  return action.action;
}

async function telegramRoundTrips({ seed }: BenchOptions, load: Load): Promise<Figure[]> {
  const fake = new FakeTelegram();
  await fake.start();
  const { db, engine } = await benchEngine(seed);
  const { bot, messenger, flush } = createTelegramBot({ token: fake.token, apiRoot: fake.url, botInfo: FAKE_BOT, engine, log: silent, metrics: createMetrics() });
  const runner = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] }, silent: true } });
  try {
    const chat: ChatRef = { platform: "telegram", externalId: String(GROUP.id) };
    const daily = renderDaily(await todaysDaily(engine, chat), "zh");
    const posted = Number(await messenger.send({ chat }, daily));
    const action = answerAction(daily);
    const pushedAt = new Map<string, number>();
    await paced(load, (i) => {
      const update = fake.push(buttonPress(GROUP, user(5_000_000 + i), posted, action));
      pushedAt.set(update.callback_query!.id, performance.now());
    });
    const answers = await settled(() => fake.callsOf("answerCallbackQuery"), load.presses);
    const latencies = answers.map((call) => call.at - pushedAt.get(String(call.payload.callback_query_id))!);
    await expectAnswers(engine, chat, load.presses);
    return latencyFigures(SCENARIO, latencies, { p99: 50 }, { platform: "telegram", ...load, until: "answerCallbackQuery", polling: "@grammyjs/runner", throttler: true }, "telegram ");
  } finally {
    await runner.stop();
    await flush();
    await fake.stop();
    await db.dispose();
  }
}

async function discordRoundTrips({ seed }: BenchOptions, load: Load): Promise<Figure[]> {
  const fake = await FakeDiscord.start();
  const { db, engine } = await benchEngine(seed);
  const adapter = await startDiscord({ engine, config: { DISCORD_TOKEN: "bench-token", DISCORD_API_BASE: fake.base }, log: silent, metrics: createMetrics() });
  try {
    const chat: ChatRef = { platform: "discord", externalId: GUILD_ID };
    const daily = renderDaily(await todaysDaily(engine, chat), "zh");
    const messageId = await adapter.messenger.send({ chat, place: DAILY_CHANNEL_ID }, daily);
    const action = answerAction(daily);
    const pressedAt = new Map<string, number>();
    await paced(load, (i) => {
      const { token } = fake.press({ id: String(5_000_000 + i), username: `member${i}` }, action, { id: messageId }, { channelId: DAILY_CHANNEL_ID });
      pressedAt.set(token, performance.now());
    });
    const tokenOf = (path: string) => path.split("/")[3]!; // /interactions/<id>/<token>/callback, /webhooks/<app>/<token>
    const callbacks = await settled(() => fake.callsTo("POST", /^\/interactions\/\d+\/[^/]+\/callback$/), load.presses);
    const followUps = await settled(() => fake.callsTo("POST", new RegExp(`^/webhooks/${APPLICATION_ID}/[^/]+$`)), load.presses);
    await expectAnswers(engine, chat, load.presses);
    const params = { platform: "discord", ...load, gateway: "discord.js Client" };
    return [
      ...latencyFigures(SCENARIO, callbacks.map((call) => call.at - pressedAt.get(tokenOf(call.path))!), { p99: 50 }, { ...params, until: "interaction callback" }, "discord "),
      ...latencyFigures(SCENARIO, followUps.map((call) => call.at - pressedAt.get(tokenOf(call.path))!), {}, { ...params, until: "ephemeral follow-up" }, "discord follow-up "),
    ];
  } finally {
    await adapter.stop();
    await fake.close();
    await db.dispose();
  }
}

/** Calls `press(i)` for every press, spaced evenly at the load's rate whatever the replies do (open loop). */
async function paced(load: Load, press: (i: number) => void): Promise<void> {
  const start = performance.now();
  for (let i = 0; i < load.presses; i++) {
    const wait = start + (i * 1000) / load.perSecond - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    press(i);
  }
}

/** Waits until `calls()` holds `count` calls (the bot works asynchronously). */
async function settled<T>(calls: () => T[], count: number, timeoutMs = 30_000): Promise<T[]> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const found = calls();
    if (found.length >= count) return found;
    if (performance.now() > deadline) throw new Error(`only ${found.length} of ${count} acknowledgements arrived`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function expectAnswers(engine: Engine, chat: ChatRef, count: number): Promise<void> {
  const { answerCount } = await todaysDaily(engine, chat);
  if (answerCount !== count) throw new Error(`expected ${count} recorded answers, found ${answerCount}`);
}
