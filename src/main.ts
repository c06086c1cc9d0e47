import { parseArgs } from "node:util";
import { loadBank } from "./bank/load.js";
import { createSearch } from "./bank/search.js";
import { fileURLToPath } from "node:url";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { ShiftableClock } from "./console/clock.js";
import { CONSOLE_CHAT, runConsole } from "./console/console.js";
import { openChartRenderer } from "./charts/renderer.js";
import { Engine } from "./engine/engine.js";
import { parseInstant } from "./engine/time.js";
import { createLogger, type Logger } from "./logger.js";
import type { Clock } from "./engine/ports.js";
import type { Messenger, Platform } from "./engine/types.js";
import { openDatabase, type Database } from "./store/database.js";
import { redactedDatabaseUrl, sqliteUrl } from "./store/database-url.js";
import { keyPointsOf, loadAliases } from "./bank/aliases.js";
import { createPracticeGrading } from "./grader/index.js";

const USAGE = "usage: npm start -- [--db <path>] [--now <ISO date-time>] [--lang zh|en] [--as <name>]";

async function main(): Promise<number> {
  let flags;
  try {
    flags = parseArgs({
      options: { db: { type: "string" }, now: { type: "string" }, lang: { type: "string" }, as: { type: "string" }, help: { type: "boolean" } },
      strict: true,
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (flags.lang !== undefined && flags.lang !== "zh" && flags.lang !== "en") {
    process.stderr.write(`--lang must be zh or en\n${USAGE}\n`);
    return 2;
  }

  const config = loadConfig();
  // The console keeps its terminal clean (warnings only); a platform bot logs its work.
  const log = createLogger(config.LOG_LEVEL ?? (config.TELEGRAM_BOT_TOKEN || config.DISCORD_TOKEN ? "info" : "warn"));
  const databaseUrl = flags.db ? sqliteUrl(flags.db) : config.DATABASE_URL;
  const loaded = loadBank(config.BANK_DIR);
  const bank = { ...loaded, search: createSearch(loaded.questions) };
  // exclusive: a second process on the same SQLite file refuses to start (one line, from the lock).
  const database = await openDatabase(databaseUrl, { poolSize: config.DATABASE_POOL_SIZE, exclusive: true });
  const clock = new ShiftableClock();
  // Pictures need their font; without a usable one every picture goes out as its text version.
  const { renderer: charts, warning } = openChartRenderer(config.CHART_FONT);
  if (warning) log.warn({ font: config.CHART_FONT }, warning);
  const aliases = loadAliases();
  const practiceGrading = createPracticeGrading(config, (reason) => log.warn({ reason }, "llm grader failed; the embedded grader answered"));
  const engine = new Engine({
    bank,
    store: database.store,
    threads: database.threads,
    progress: database.stores.progress,
    recap: database.stores.recap,
    charts,
    review: database.stores.review,
    identity: database.stores.identity,
    reports: database.stores.reports,
    // The console is the operator's own terminal: its members are owners. Elsewhere BOT_OWNERS names them.
    isOwner: (member) => member.platform === "console" || config.BOT_OWNERS.includes(`${member.platform}:${member.externalId}`),
    reviewOptions: { retention: config.REVIEW_RETENTION, maxIntervalDays: config.REVIEW_MAX_INTERVAL_DAYS, dailyLimit: config.REVIEW_DAILY_LIMIT },
    clock,
    quizIdleMinutes: config.QUIZ_IDLE_MINUTES,
    practice: { store: database.stores.practice, keyPoints: (question) => keyPointsOf(question, aliases), ...practiceGrading },
    mock: database.stores.mock,
  });

  if (flags.now !== undefined) {
    const chat = await engine.chat(CONSOLE_CHAT);
    const instant = parseInstant(flags.now, chat.timeZone);
    if (!instant) {
      process.stderr.write(`--now must be an ISO date-time, e.g. 2026-03-08T09:00 or 2026-03-08T01:00Z\n`);
      await database.close();
      return 2;
    }
    clock.set(instant);
  }
  if (config.TELEGRAM_BOT_TOKEN || config.DISCORD_TOKEN) {
    const shutdown = shutdownSignal(log);
    try {
      await runPlatforms(config, { engine, database, clock, shutdown }, log);
    } finally {
      await database.close();
    }
    platformProcess = true;
    return 0;
  }

  log.info({ questions: bank.questions.length, database: redactedDatabaseUrl(databaseUrl) }, "ready");
  try {
    await runConsole({
      engine,
      clock,
      input: process.stdin,
      output: process.stdout,
      log,
      interactive: Boolean(process.stdin.isTTY),
      ...(flags.as ? { memberName: flags.as } : {}),
      ...(flags.lang ? { locale: flags.lang } : {}),
    });
  } finally {
    await database.close();
  }
  return 0;
}

/** Runs the chat platforms whose tokens are set until SIGINT/SIGTERM, then stops them gracefully. */
async function runPlatforms(config: Config, deps: { engine: Engine; database: Database; clock: Clock; shutdown: Promise<void> }, log: Logger): Promise<void> {
  const { engine, database, clock } = deps;
  const [{ createMetrics }, { startScheduler }, { startHttpServer }] = await Promise.all([import("./metrics.js"), import("./scheduler/scheduler.js"), import("./http/server.js")]);
  const metrics = createMetrics();
  const messengers = new Map<Platform, Messenger>();
  const running: { name: string; stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const platform of running.reverse()) await platform.stop().catch((error: unknown) => log.error({ err: error, platform: platform.name }, "stop failed"));
  };
  // Platform libraries load only when their token is set: the console and a one-platform bot start faster and smaller.
  const discordShards = config.DISCORD_TOKEN ? await import("./adapters/discord/shards.js") : undefined;
  // A Discord shard process (spawned by the ShardingManager below) runs its Discord shards only.
  const shardProcess = discordShards?.isShardProcess() ?? false;
  try {
    if (config.TELEGRAM_BOT_TOKEN && !shardProcess) {
      const { startTelegram } = await import("./adapters/telegram/start.js");
      const telegram = await startTelegram(
        {
          token: config.TELEGRAM_BOT_TOKEN,
          apiRoot: config.TELEGRAM_API_ROOT,
          webhookUrl: config.TELEGRAM_WEBHOOK_URL,
          webhookPort: config.TELEGRAM_WEBHOOK_PORT,
          webhookSecret: config.TELEGRAM_WEBHOOK_SECRET,
        },
        { engine, log, metrics, inbox: database.inbox, leases: database.kind === "postgres" ? database.leases : undefined },
      );
      running.push({ name: "telegram", stop: () => telegram.stop() });
      messengers.set("telegram", telegram.messenger);
    }
    if (discordShards && config.DISCORD_SHARDS !== undefined && !shardProcess) {
      const shards = await discordShards.startShardManager({ config, log, entry: fileURLToPath(import.meta.url) });
      running.push({ name: "discord shards", stop: () => shards.stop() });
    } else if (config.DISCORD_TOKEN) {
      const { startDiscord } = await import("./adapters/discord/start.js");
      const discord = await startDiscord({ engine, config, log, metrics });
      running.push({ name: "discord", stop: () => discord.stop() });
      messengers.set("discord", discord.messenger);
    }
    // Each process posts the daily questions of the chats it serves (a shard process: its own servers).
    if (messengers.size > 0) {
      const scheduler = startScheduler({ engine, store: database.store, clock, messengers, log: log.child({ component: "scheduler" }), metrics, config });
      running.push({ name: "scheduler", stop: () => scheduler.stop() });
    }
    if (config.HTTP_PORT !== undefined) {
      const http = await startHttpServer({ port: config.HTTP_PORT, metrics, checkHealth: () => database.ping(), log });
      running.push({ name: `http :${http.port}`, stop: () => http.close() });
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  log.info({ running: running.map((p) => p.name) }, "ready");
  await deps.shutdown;
  log.info("shutting down");
  await stopAll();
}

/** Within this time of SIGTERM/SIGINT the process has exited, whatever the platform APIs are doing. */
const SHUTDOWN_DEADLINE_MS = 9_000;

/** Set once a platform bot finished its shutdown: it exits then, even if a library left a timer or socket behind. */
let platformProcess = false;

/**
 * Resolves on the first SIGTERM or SIGINT (registered before anything starts, so a signal during start-up is
 * a shutdown too) and arms the hard deadline: a shutdown that hangs anyway ends in exit 0 after 9 s. A
 * second signal exits at once.
 */
function shutdownSignal(log: Logger): Promise<void> {
  return new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.removeListener("SIGINT", onSignal);
      process.removeListener("SIGTERM", onSignal);
      process.once("SIGINT", () => process.exit(0));
      process.once("SIGTERM", () => process.exit(0));
      log.info({ signal }, "signal received");
      setTimeout(() => {
        log.warn({ deadlineMs: SHUTDOWN_DEADLINE_MS }, "shutdown took too long; exiting");
        process.exit(0);
      }, SHUTDOWN_DEADLINE_MS).unref();
      resolve();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}

main().then(
  (code) => {
    process.exitCode = code;
    // A platform bot stopped everything it started; whatever a library left running must not keep it alive.
    if (platformProcess) setTimeout(() => process.exit(code), 200).unref();
  },
  (error: unknown) => {
    // One clear line, never a stack trace, for configuration and start-up failures.
    const message = error instanceof ConfigError ? error.message : `studybot failed to start: ${(error as Error).message}`;
    process.stderr.write(`${message}\n`);
    process.exitCode = 1;
    // A half-started platform library (a throttler's timers, a socket) must not keep a failed start alive.
    setTimeout(() => process.exit(1), 200).unref();
  },
);
