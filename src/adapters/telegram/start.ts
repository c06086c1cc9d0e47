import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import { hostname } from "node:os";
import type { Logger } from "pino";
import type { Engine } from "../../engine/engine.js";
import type { Metrics } from "../../metrics.js";
import type { UpdateInbox } from "../../runtime/inbox.js";
import { holdLease, POLLER_LEASE, type Election, type LeaseStore, type LeaseTiming } from "../../runtime/lease.js";
import { ALLOWED_UPDATES, createTelegramBot } from "./bot.js";
import { registerMenu } from "./commands.js";
import type { TelegramMessenger } from "./messenger.js";
import { InboxDispatcher, PLATFORM, pollIntoInbox, webhookHandler } from "./updates.js";

export interface TelegramConfig {
  token: string;
  apiRoot?: string | undefined;
  /** Public HTTPS URL Telegram posts updates to; unset = long polling. */
  webhookUrl?: string | undefined;
  webhookPort?: number | undefined;
  webhookSecret?: string | undefined;
}

export interface TelegramDeps {
  engine: Engine;
  log: Logger;
  metrics?: Metrics;
  /** Where updates wait until handled (crash safety). */
  inbox: UpdateInbox;
  /**
   * Elects the one long-polling process of a bot token (PostgreSQL, where several processes share the
   * database). Without it this process polls at once: on SQLite the database's exclusive lock already
   * makes it the only one.
   */
  leases?: LeaseStore | undefined;
  /** Lease timing (tests shorten it). */
  leaseTiming?: LeaseTiming;
}

export interface RunningTelegram {
  messenger: TelegramMessenger;
  /** The webhook server's port, in webhook mode. */
  webhookPort?: number;
  stop(): Promise<void>;
}

/** How long shutdown waits for updates being handled, then for the last edits, before it cuts every API call. */
const DRAIN_MS = 4_000;
const FLUSH_MS = 2_000;
/** Webhook mode: updates stored this long ago and still not handled (a process died on them) are handled by whoever sweeps. */
const STRANDED_AFTER_MS = 60_000;
const SWEEP_EVERY_MS = 30_000;
const PRUNE_EVERY_MS = 60 * 60_000;
const KEEP_HANDLED_MS = 24 * 60 * 60_000;

/**
 * Starts the Telegram adapter. Updates go through the inbox: fetched by long polling (one process per
 * token, elected by a lease; the others stand by) or posted to the webhook server, stored, then handled
 * one by one per chat. Only getMe is essential at start: the command menu and the webhook calls only warn.
 */
export async function startTelegram(config: TelegramConfig, deps: TelegramDeps): Promise<RunningTelegram> {
  const log = deps.log.child({ platform: "telegram" });
  const { inbox } = deps;
  const telegram = createTelegramBot({
    token: config.token,
    ...(config.apiRoot ? { apiRoot: config.apiRoot } : {}),
    engine: deps.engine,
    log,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    settle: (updateId) => inbox.markHandled(PLATFORM, updateId),
  });
  const { bot, messenger, flush } = telegram;
  await bot.init();
  const handling = new InboxDispatcher(bot, inbox, log);
  await optional(log, "the command menu could not be registered", () => registerMenu(bot.api));

  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, work: () => Promise<unknown>) => {
    const timer = setInterval(() => void work().catch((error: unknown) => log.warn({ err: error }, "inbox housekeeping failed")), ms);
    timer.unref();
    timers.push(timer);
  };
  every(PRUNE_EVERY_MS, () => inbox.prune(new Date(Date.now() - KEEP_HANDLED_MS)));

  let election: Election | undefined;
  let server: Server | undefined;
  if (config.webhookUrl) {
    const secret = config.webhookSecret;
    await optional(log, "the webhook could not be set", () => bot.api.setWebhook(config.webhookUrl!, { allowed_updates: [...ALLOWED_UPDATES], ...(secret ? { secret_token: secret } : {}) }));
    const handle = webhookHandler(inbox, handling, log, secret);
    server = createServer((req, res) => void handle(req, res).catch((error: unknown) => log.error({ err: error }, "webhook request failed")));
    await new Promise<void>((resolve) => server!.listen(config.webhookPort ?? 8443, resolve));
    // Another process behind the load balancer may have died on an update it stored: whoever sweeps handles it.
    every(SWEEP_EVERY_MS, async () => {
      for (const entry of await inbox.pending(PLATFORM, { receivedBefore: new Date(Date.now() - STRANDED_AFTER_MS) })) handling.dispatch(entry);
    });
    log.info({ url: config.webhookUrl, port: (server.address() as { port: number }).port }, "telegram webhook listening");
  } else {
    await optional(log, "the webhook could not be deleted (getUpdates answers 409 while one is set)", () => bot.api.deleteWebhook());
    const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const leases = deps.leases ?? SOLE_PROCESS;
    election = holdLease(leases, `telegram-poller:${bot.botInfo.id}`, holder, deps.leaseTiming ?? POLLER_LEASE, {
      onElected: async (signal) => {
        log.info({ bot: bot.botInfo.username, holder }, "telegram long polling");
        await pollIntoInbox(bot, inbox, handling, log, signal, { allowedUpdates: ALLOWED_UPDATES });
        log.info({ holder }, "telegram long polling stopped");
      },
      onStandby: () => log.info({ holder }, "another process long-polls this bot; this one serves the scheduler and HTTP, and takes over if it stops"),
      onError: (error) => log.warn({ err: error }, "telegram poller lease failed"),
    });
  }

  const address = server?.address();
  return {
    messenger,
    ...(address && typeof address === "object" ? { webhookPort: address.port } : {}),
    async stop() {
      for (const timer of timers) clearInterval(timer);
      // Stop taking updates, give those in flight a moment, send the last coalesced edits, then cut what is left:
      // an update cut short stays in the inbox (or unconfirmed) and is handled on the next start.
      await election?.stop();
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server!.close(() => resolve()));
      }
      if (!(await handling.drain(DRAIN_MS))) log.warn({ updates: handling.size }, "shutdown: updates still in flight are cut short; they run again on the next start");
      await Promise.race([flush(), new Promise((resolve) => setTimeout(resolve, FLUSH_MS).unref())]);
      telegram.abort();
    },
  };
}

/** The lease of a process that is the only one (SQLite): always held. */
const SOLE_PROCESS: LeaseStore = { acquire: async () => true, release: async () => undefined };

/** A start-up call the bot can do without: a failure is one warning, never fatal. */
async function optional(log: Logger, warning: string, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    log.warn({ reason: (error as Error).message }, warning);
  }
}
