import { monitorEventLoopDelay } from "node:perf_hooks";
import { pino } from "pino";
import { startDiscord } from "../../src/adapters/discord/start.js";
import { createTelegramBot } from "../../src/adapters/telegram/bot.js";
import { Engine } from "../../src/engine/engine.js";
import type { ChatRef, MemberRef, Messenger, Platform } from "../../src/engine/types.js";
import { createMetrics } from "../../src/metrics.js";
import { DISCORD_LIMITS, TELEGRAM_LIMITS } from "../../src/platform-limits.js";
import { DailyScheduler } from "../../src/scheduler/scheduler.js";
import { FakeDiscord } from "../../tests/support/fake-discord.js";
import { FAKE_BOT, FakeTelegram } from "../../tests/support/fake-telegram.js";
import { benchBank, round, scratchSqlite, seeded, type Figure, type Scenario } from "../support.js";

const SCENARIO = "daily fan-out";
/** Telegram: 30 messages per second overall; Discord: 50 requests per second (global). */
const TELEGRAM_PER_SECOND = TELEGRAM_LIMITS.messagesPerSecond;
const DISCORD_PER_SECOND = DISCORD_LIMITS.requestsPerSecond;
/** The production default (config.ts): sends in flight at once per platform. */
const SEND_CONCURRENCY = 10;

/**
 * Every chat's daily question due at the same minute: one scheduler tick posts to Telegram groups
 * through the real grammY bot (its throttler on, as in production) and to Discord servers' daily
 * channels through discord.js's REST queue, both against fake servers that answer 429 beyond the
 * platforms' limits. The tick's time is compared with the least time those limits allow, and every
 * chat must have exactly one post and a recorded message id.
 */
export const dailyFanOutScenario: Scenario = {
  name: SCENARIO,
  async run({ quick, seed }) {
    const perPlatform = quick ? 10 : 300;
    const telegram = new FakeTelegram();
    await telegram.start();
    telegram.limitMessages(TELEGRAM_PER_SECOND);
    const discord = await FakeDiscord.start();
    discord.limitGlobal(DISCORD_PER_SECOND);
    const db = await scratchSqlite();
    let now = new Date("2026-05-01T00:00:00Z"); // 08:00 in Shanghai, the chats' default time zone; they post at 09:00
    const clock = { now: () => new Date(now) };
    const engine = new Engine({ bank: benchBank(), store: db.store, clock, random: seeded(seed) });
    const log = pino({ level: "silent" });
    const metrics = createMetrics();
    const bot = createTelegramBot({ token: telegram.token, apiRoot: telegram.url, botInfo: FAKE_BOT, engine, log, metrics });
    const discordAdapter = await startDiscord({ engine, config: { DISCORD_TOKEN: "bench-token", DISCORD_API_BASE: discord.base }, log, metrics });
    try {
      const groups = Array.from({ length: perPlatform }, (_, i) => String(-1_001_000_000_000 - i));
      const channels = new Map(Array.from({ length: perPlatform }, (_, i) => [String(940_000_000_000_000_000n + BigInt(i)), String(950_000_000_000_000_000n + BigInt(i))]));
      for (const externalId of groups) await engine.chat({ platform: "telegram", externalId });
      for (const [server, channel] of channels) await setDailyChannel(engine, { platform: "discord", externalId: server }, channel);

      const scheduler = new DailyScheduler({
        engine,
        store: db.store,
        messengers: new Map<Platform, Messenger>([
          ["telegram", bot.messenger],
          ["discord", discordAdapter.messenger],
        ]),
        clock,
        log,
        metrics,
        config: { DAILY_CATCH_UP_HOURS: 6, DAILY_SEND_CONCURRENCY: SEND_CONCURRENCY },
      });
      let started = performance.now();
      await scheduler.tick(); // works out every chat's next posting time
      const scheduleMs = performance.now() - started;

      now = new Date("2026-05-01T01:00:00Z"); // 09:00: every chat is due
      const loopDelay = monitorEventLoopDelay({ resolution: 10 });
      loopDelay.enable();
      const cpuBefore = process.cpuUsage();
      const postStart = performance.now();
      const report = await scheduler.tick();
      const postMs = performance.now() - postStart;
      const cpu = process.cpuUsage(cpuBefore);
      loopDelay.disable();

      now = new Date("2026-05-01T01:01:00Z"); // the next minute: nothing to do
      started = performance.now();
      await scheduler.tick();
      const idleMs = performance.now() - started;

      // What each fake accepted: one post per chat, no more, no less.
      const telegramPosts = telegram.calls.filter((call) => /^send(Message|Poll)$/.test(call.method));
      const telegramAccepted = telegramPosts.filter((call) => call.status === 200);
      const discordPosts = discord.callsTo("POST", /^\/channels\/\d+\/messages$/);
      const discordAccepted = discordPosts.filter((call) => call.status === 200);
      const postsPer = new Map<string, number>();
      for (const call of telegramAccepted) bump(postsPer, `telegram:${String(call.payload.chat_id)}`);
      for (const call of discordAccepted) bump(postsPer, `discord:${call.path.split("/")[2]}`);
      const expected = [...groups.map((id) => `telegram:${id}`), ...[...channels.values()].map((id) => `discord:${id}`)];
      const unsent = await db.prisma.dailyQuestion.count({ where: { messageId: null } });
      const dailies = await db.prisma.dailyQuestion.count();
      const lost = expected.filter((key) => !postsPer.has(key)).length + unsent + (expected.length - dailies);
      const duplicated = [...postsPer.values()].reduce((sum, n) => sum + n - 1, 0) + (postsPer.size - expected.filter((key) => postsPer.has(key)).length);

      const minimumMs = Math.max(perPlatform / TELEGRAM_PER_SECOND, perPlatform / DISCORD_PER_SECOND) * 1000;
      const lastPostAfter = (calls: { at: number }[]) => Math.max(...calls.map((call) => call.at)) - postStart;
      const params = {
        chats: perPlatform * 2,
        telegramGroups: perPlatform,
        discordServers: perPlatform,
        limits: { telegramMessagesPerSecond: TELEGRAM_PER_SECOND, discordRequestsPerSecond: DISCORD_PER_SECOND },
        sendConcurrency: SEND_CONCURRENCY,
        processCpuDuringTickMs: round((cpu.user + cpu.system) / 1000),
        eventLoopDelayP99Ms: round(loopDelay.percentile(99) / 1e6),
        eventLoopDelayMaxMs: round(loopDelay.max / 1e6),
        posted: report.posted,
        failedAttempts: report.failed,
        telegram429: telegramPosts.length - telegramAccepted.length,
        discord429: discordPosts.length - discordAccepted.length,
      };
      const figure = (metric: string, value: number, unit: string, target: number | null): Figure => ({ scenario: SCENARIO, metric, value: round(value), unit, target, better: "lower", params });
      return [
        figure("all posted", postMs / 1000, "s", null),
        figure("rate-limit minimum", minimumMs / 1000, "s", null),
        figure("telegram's last post", lastPostAfter(telegramAccepted) / 1000, "s", null),
        figure("discord's last post", lastPostAfter(discordAccepted) / 1000, "s", null),
        figure("time / minimum", (postMs / minimumMs) * 100, "%", quick ? null : 115),
        figure("lost posts", lost, "posts", 0),
        figure("duplicated posts", duplicated, "posts", 0),
        figure("429 answers", params.telegram429 + params.discord429, "responses", null),
        figure("schedule tick", scheduleMs, "ms", null),
        figure("idle tick", idleMs, "ms", null),
      ];
    } finally {
      await discordAdapter.stop();
      await discord.close();
      await telegram.stop();
      await db.dispose();
    }
  },
};

const ADMIN: MemberRef = { platform: "discord", externalId: "1", displayName: "admin", isAdmin: true };

async function setDailyChannel(engine: Engine, chat: ChatRef, channel: string): Promise<void> {
  const set = await engine.updateSettings(chat, ADMIN, { dailyTarget: channel });
  if (!set.ok) throw new Error(`settings refused: ${set.code}`);
}

function bump(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
