import { run } from "@grammyjs/runner";
import type { Logger } from "pino";
import { pino } from "pino";
import { ALLOWED_UPDATES, createTelegramBot } from "../../src/adapters/telegram/bot.js";
import type { TelegramMessenger } from "../../src/adapters/telegram/messenger.js";
import type { Engine } from "../../src/engine/engine.js";
import type { FakeTelegram } from "./fake-telegram.js";

export interface RunningTestBot {
  messenger: TelegramMessenger;
  /** Stops polling, lets in-flight updates finish and sends the last coalesced edits. */
  stop(): Promise<void>;
}

/**
 * The real grammY bot of the Telegram adapter, long-polling the fake Bot API: no throttling and no
 * edit coalescing delay, so tests see every call at once.
 */
export async function runTelegramBot(fake: FakeTelegram, engine: Engine, log: Logger = pino({ level: "silent" })): Promise<RunningTestBot> {
  const { bot, messenger, flush } = createTelegramBot({ token: fake.token, apiRoot: fake.url, engine, log, throttle: false, refreshIntervalMs: 0 });
  await bot.init();
  const runner = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] }, silent: true } });
  return {
    messenger,
    async stop() {
      await runner.stop();
      await flush();
    },
  };
}
