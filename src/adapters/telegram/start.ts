import { createServer, type Server } from "node:http";
import { run, type RunnerHandle } from "@grammyjs/runner";
import { webhookCallback } from "grammy";
import type { Logger } from "pino";
import type { Engine } from "../../engine/engine.js";
import type { Metrics } from "../../metrics.js";
import { ALLOWED_UPDATES, createTelegramBot } from "./bot.js";
import { registerMenu } from "./commands.js";
import type { TelegramMessenger } from "./messenger.js";

export interface TelegramConfig {
  token: string;
  apiRoot?: string | undefined;
  /** Public HTTPS URL Telegram posts updates to; unset = long polling. */
  webhookUrl?: string | undefined;
  webhookPort?: number | undefined;
  webhookSecret?: string | undefined;
}

export interface RunningTelegram {
  messenger: TelegramMessenger;
  /** The webhook server's port, in webhook mode. */
  webhookPort?: number;
  stop(): Promise<void>;
}

/**
 * Starts the Telegram adapter: long polling with @grammyjs/runner (concurrent across chats,
 * sequential within one), or a webhook server when a webhook URL is configured.
 */
export async function startTelegram(config: TelegramConfig, deps: { engine: Engine; log: Logger; metrics?: Metrics }): Promise<RunningTelegram> {
  const log = deps.log.child({ platform: "telegram" });
  const { bot, messenger, flush } = createTelegramBot({ token: config.token, ...(config.apiRoot ? { apiRoot: config.apiRoot } : {}), engine: deps.engine, log, ...(deps.metrics ? { metrics: deps.metrics } : {}) });
  await bot.init();
  await registerMenu(bot.api);

  let runner: RunnerHandle | undefined;
  let server: Server | undefined;
  if (config.webhookUrl) {
    await bot.api.setWebhook(config.webhookUrl, { allowed_updates: [...ALLOWED_UPDATES], ...(config.webhookSecret ? { secret_token: config.webhookSecret } : {}) });
    const handle = webhookCallback(bot, "http", { ...(config.webhookSecret ? { secretToken: config.webhookSecret } : {}) });
    server = createServer((req, res) => void handle(req, res).catch((error: unknown) => log.error({ err: error }, "webhook request failed")));
    await new Promise<void>((resolve) => server!.listen(config.webhookPort ?? 8443, resolve));
    log.info({ url: config.webhookUrl, port: (server.address() as { port: number }).port }, "telegram webhook listening");
  } else {
    await bot.api.deleteWebhook();
    runner = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] }, silent: true } });
    log.info({ bot: bot.botInfo.username }, "telegram long polling");
  }

  const address = server?.address();
  return {
    messenger,
    ...(address && typeof address === "object" ? { webhookPort: address.port } : {}),
    async stop() {
      // Stop taking updates, let in-flight ones finish, then send the last coalesced edits.
      if (runner?.isRunning()) await runner.stop();
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      await flush();
    },
  };
}
