import Database from "better-sqlite3";
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { pino } from "pino";
import { startDiscord } from "../../src/adapters/discord/start.js";
import { createTelegramBot } from "../../src/adapters/telegram/bot.js";
import { Engine } from "../../src/engine/engine.js";
import type { ChatRef, MemberRef, Messenger, Platform } from "../../src/engine/types.js";
import { createMetrics } from "../../src/metrics.js";
import { DISCORD_LIMITS, TELEGRAM_LIMITS } from "../../src/platform-limits.js";
import { DailyScheduler } from "../../src/scheduler/scheduler.js";
import { sqliteTimestamp } from "../../src/store/sqlite-hot-path.js";
import { FAKE_BOT } from "../../tests/support/fake-telegram.js";
import type { FakePlatformsReady, FakePlatformsSummary } from "../fake-platforms.js";
import { benchBank, round, scratchSqlite, seeded, type Figure, type Scenario } from "../support.js";

const SCENARIO = "daily fan-out";
/** Telegram: 30 messages per second overall; Discord: 50 requests per second (global). */
const TELEGRAM_PER_SECOND = TELEGRAM_LIMITS.messagesPerSecond;
const DISCORD_PER_SECOND = DISCORD_LIMITS.requestsPerSecond;
/** The production default (config.ts): sends in flight at once per platform. */
const SEND_CONCURRENCY = 10;

/** Chats with a scheduled daily in the idle tick: the ones that posted plus this many more, none of them due. */
const IDLE_CHATS = 100_000;

/**
 * 10,000 chats on one process, every daily question due at the same minute: one scheduler tick posts
 * to 5,000 Telegram groups through the real grammY bot (its throttler on, as in production) and to
 * 5,000 Discord servers' daily channels through discord.js's REST queue, both against fake servers
 * that answer 429 beyond the platforms' limits. The tick's time is compared with the least time those
 * limits allow, every chat must have exactly one post and a recorded message id, and the process's
 * peak RSS during the tick is reported: the bot's alone, as the two fake servers run in a child process
 * (bench/fake-platforms.ts) with the calls they keep.
 * Then 90,000 more chats whose dailies are not due are added, and the idle tick over 100,000 chats is timed.
 * BENCH_FAN_OUT_PER_PLATFORM=1000 runs a smaller fan-out while iterating (its figures are not the target's);
 * BENCH_FAN_OUT_DEBUG=1 prints the memory at each stage (run with --expose-gc: the live heap after the tick).
 */
export const dailyFanOutScenario: Scenario = {
  name: SCENARIO,
  async run({ quick, seed }) {
    const perPlatform = quick ? 10 : Number(process.env.BENCH_FAN_OUT_PER_PLATFORM ?? 5_000);
    const fakes = fork(new URL("../fake-platforms.ts", import.meta.url), [JSON.stringify({ telegramPerSecond: TELEGRAM_PER_SECOND, discordPerSecond: DISCORD_PER_SECOND })], {
      execArgv: ["--import", "tsx"],
    });
    const { telegram, discord } = await reply<FakePlatformsReady>(fakes, "ready");
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
      const stage = (what: string) => {
        if (process.env.BENCH_FAN_OUT_DEBUG) process.stderr.write(`${what}: ${memoryLine(what === "post tick")}\n`);
      };
      stage("start");
      for (const externalId of groups) await engine.chat({ platform: "telegram", externalId });
      stage("telegram chats");
      for (const [server, channel] of channels) await setDailyChannel(engine, { platform: "discord", externalId: server }, channel);
      stage("discord chats");

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
      stage("schedule tick");

      now = new Date("2026-05-01T01:00:00Z"); // 09:00: every chat is due
      const loopDelay = monitorEventLoopDelay({ resolution: 10 });
      loopDelay.enable();
      const peak = { rss: 0, heapUsed: 0, external: 0 };
      const sampleMemory = () => {
        const usage = process.memoryUsage();
        peak.rss = Math.max(peak.rss, usage.rss);
        peak.heapUsed = Math.max(peak.heapUsed, usage.heapUsed);
        peak.external = Math.max(peak.external, usage.external);
      };
      sampleMemory();
      const rssBeforeTick = process.memoryUsage().rss;
      const memorySampler = setInterval(sampleMemory, 100);
      const cpuBefore = process.cpuUsage();
      const postStart = performance.now();
      const report = await scheduler.tick();
      const postMs = performance.now() - postStart;
      stage("post tick");
      const cpu = process.cpuUsage(cpuBefore);
      clearInterval(memorySampler);
      sampleMemory();
      loopDelay.disable();

      now = new Date("2026-05-01T01:01:00Z"); // the next minute: nothing to do
      started = performance.now();
      await scheduler.tick();
      const idleMs = performance.now() - started;

      // The same idle minute over 100,000 scheduled chats, the added ones due tomorrow.
      const added = quick ? 1_000 : IDLE_CHATS - perPlatform * 2;
      addScheduledChats(db.file, added, new Date("2026-05-02T01:00:00Z"));
      const idleTicks: number[] = [];
      for (let i = 0; i < (quick ? 3 : 20); i++) {
        now = new Date(Date.parse("2026-05-01T01:02:00Z") + i * 60_000);
        started = performance.now();
        const idle = await scheduler.tick();
        idleTicks.push(performance.now() - started);
        if (idle.posted + idle.failed + idle.missed > 0) throw new Error(`an idle tick did work: ${JSON.stringify(idle)}`);
      }
      idleTicks.sort((a, b) => a - b);

      // What each fake accepted: one post per chat, no more, no less.
      fakes.send("summary");
      const accepted = await reply<FakePlatformsSummary>(fakes, "summary");
      const postsPer = new Map(accepted.postsPer);
      const expected = [...groups.map((id) => `telegram:${id}`), ...[...channels.values()].map((id) => `discord:${id}`)];
      const unsent = await db.prisma.dailyQuestion.count({ where: { messageId: null } });
      const dailies = await db.prisma.dailyQuestion.count();
      const lost = expected.filter((key) => !postsPer.has(key)).length + unsent + (expected.length - dailies);
      const duplicated = [...postsPer.values()].reduce((sum, n) => sum + n - 1, 0) + (postsPer.size - expected.filter((key) => postsPer.has(key)).length);

      const minimumMs = Math.max(perPlatform / TELEGRAM_PER_SECOND, perPlatform / DISCORD_PER_SECOND) * 1000;
      const lastPostAfter = (at: number | null) => (at ?? Number.NaN) - (performance.timeOrigin + postStart);
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
        telegram429: accepted.telegram429,
        discord429: accepted.discord429,
        rssBeforeTickMb: round(rssBeforeTick / 1024 / 1024),
        /** The bench process's own Node flags (the bot runs in it), tsx's loader left out. */
        nodeFlags: process.execArgv.filter((flag) => !flag.includes("tsx") && flag !== "--require" && flag !== "--import").join(" "),
        peakHeapUsedMb: round(peak.heapUsed / 1024 / 1024),
        peakExternalMb: round(peak.external / 1024 / 1024),
        idleTickChats: perPlatform * 2 + added,
        idleTicks: idleTicks.length,
      };
      const figure = (metric: string, value: number, unit: string, target: number | null): Figure => ({ scenario: SCENARIO, metric, value: round(value), unit, target, better: "lower", params });
      return [
        figure("all posted", postMs / 1000, "s", null),
        figure("rate-limit minimum", minimumMs / 1000, "s", null),
        figure("telegram's last post", lastPostAfter(accepted.telegramLastPostAt) / 1000, "s", null),
        figure("discord's last post", lastPostAfter(accepted.discordLastPostAt) / 1000, "s", null),
        figure("time / minimum", (postMs / minimumMs) * 100, "%", quick ? null : 110),
        figure("lost posts", lost, "posts", 0),
        figure("duplicated posts", duplicated, "posts", 0),
        figure("429 answers", params.telegram429 + params.discord429, "responses", null),
        figure("schedule tick", scheduleMs, "ms", null),
        figure("idle tick", idleMs, "ms", null),
        figure("peak RSS during the tick", peak.rss / 1024 / 1024, "MB", quick ? null : 250),
        figure(`idle tick over ${params.idleTickChats.toLocaleString("en")} chats, max`, idleTicks[idleTicks.length - 1]!, "ms", quick ? null : 200),
        figure(`idle tick over ${params.idleTickChats.toLocaleString("en")} chats, median`, idleTicks[Math.floor(idleTicks.length / 2)]!, "ms", null),
      ];
    } finally {
      await discordAdapter.stop();
      fakes.send("stop");
      await once(fakes, "exit");
      await db.dispose();
    }
  },
};

const ADMIN: MemberRef = { platform: "discord", externalId: "1", displayName: "admin", isAdmin: true };

async function setDailyChannel(engine: Engine, chat: ChatRef, channel: string): Promise<void> {
  const set = await engine.updateSettings(chat, ADMIN, { dailyTarget: channel });
  if (!set.ok) throw new Error(`settings refused: ${set.code}`);
}

/** Chats written in one INSERT … SELECT (through the engine they would take minutes), each with its next daily already computed. */
function addScheduledChats(file: string, count: number, nextDailyAt: Date): void {
  const db = new Database(file);
  db.prepare(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1)
    INSERT INTO "Chat" ("platform", "externalId", "createdAt", "nextDailyAt") SELECT 'telegram', 'idle' || i, ?, ? FROM n`).run(count, sqliteTimestamp(new Date()), sqliteTimestamp(nextDailyAt));
  db.exec("ANALYZE");
  db.close();
}

/** RSS and heap in MB; with `collect` (and --expose-gc) also after a full collection: what is live. */
function memoryLine(collect: boolean): string {
  const mb = (bytes: number) => Math.round(bytes / 1048576);
  const line = (m: NodeJS.MemoryUsage) => `rss ${mb(m.rss)} heap used/total ${mb(m.heapUsed)}/${mb(m.heapTotal)} external ${mb(m.external)}`;
  const before = line(process.memoryUsage());
  if (!collect || !global.gc) return before;
  global.gc();
  return `${before} | after a full collection ${line(process.memoryUsage())}`;
}

/** The fake servers' next IPC message carrying `key`. */
async function reply<T>(child: ChildProcess, key: "ready" | "summary"): Promise<T> {
  for (;;) {
    const [message] = (await Promise.race([once(child, "message"), once(child, "exit").then(() => { throw new Error("the fake servers' process exited"); })])) as [Record<string, unknown>];
    if (key in message) return message[key] as T;
  }
}
