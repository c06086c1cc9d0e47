import { pino } from "pino";
import { CHAT_COMMANDS } from "../../src/commands/index.js";
import { dispatch } from "../../src/commands/dispatch.js";
import { commandContext } from "../../src/adapters/context.js";
import type { BankView } from "../../src/engine/bank.js";
import { Engine } from "../../src/engine/engine.js";
import type { ChartRenderer, ChatRecord } from "../../src/engine/ports.js";
import type { ChatRef, ChatSettings, MemberRef, OutgoingMessage } from "../../src/engine/types.js";
import { createMetrics, type Metrics } from "../../src/metrics.js";
import { DailyScheduler, type SchedulerConfig } from "../../src/scheduler/scheduler.js";
import type { Database } from "../../src/store/database.js";
import { fixtureBank } from "./bank.js";
import { seededRandom, type TestClock } from "./clock.js";
import { RecordingMessenger } from "./messenger.js";

export const ADMIN: MemberRef = { platform: "telegram", externalId: "admin", displayName: "admin", isAdmin: true };

/** One bot process: its own engine and scheduler on a database connection, posting to the fake platform. */
export interface BotProcess {
  engine: Engine;
  scheduler: DailyScheduler;
  metrics: Metrics;
}

export function botProcess(
  db: Pick<Database, "store"> & Partial<Pick<Database, "stores">>,
  clock: TestClock,
  messenger: RecordingMessenger,
  /** `recaps`: the weekly recap on (it needs `db.stores`). */
  options: { seed?: number; bank?: BankView; config?: Partial<SchedulerConfig>; recaps?: boolean; charts?: ChartRenderer } = {},
): BotProcess {
  const recap = options.recaps ? db.stores?.recap : undefined;
  const engine = new Engine({ bank: options.bank ?? fixtureBank(), store: db.store, clock, random: seededRandom(options.seed ?? 1), ...(recap ? { recap } : {}), charts: options.charts ?? null });
  const metrics = createMetrics();
  const scheduler = new DailyScheduler({
    engine,
    store: db.store,
    messengers: new Map([
      ["telegram", messenger],
      ["discord", messenger],
    ]),
    clock,
    log: pino({ level: process.env.TEST_LOG ?? "silent" }),
    metrics,
    config: { DAILY_CATCH_UP_HOURS: 6, DAILY_SEND_CONCURRENCY: 4, ...options.config },
  });
  return { engine, scheduler, metrics };
}

export function telegramChat(externalId: string): ChatRef {
  return { platform: "telegram", externalId, title: `chat ${externalId}` };
}

/** A chat with these settings, set by an admin the way /settings does. */
export async function chatWith(engine: Engine, ref: ChatRef, settings: Partial<ChatSettings> = {}): Promise<ChatRecord> {
  const result = await engine.updateSettings(ref, ADMIN, settings);
  if (!result.ok) throw new Error(`settings refused: ${result.code}`);
  return result.value;
}

/** Runs a chat command as the admin, through the shared dispatcher. */
export async function command(engine: Engine, ref: ChatRef, text: string): Promise<OutgoingMessage[]> {
  const ctx = await commandContext(engine, ref, ADMIN, CHAT_COMMANDS);
  return dispatch(ctx, CHAT_COMMANDS, text, pino({ level: "silent" }));
}

/** The value of a labelled prom-client counter. */
export async function counted(metrics: Metrics, labels: { platform: string; result: string }): Promise<number> {
  const { values } = await metrics.dailyPosts.get();
  return values.find((v) => v.labels.platform === labels.platform && v.labels.result === labels.result)?.value ?? 0;
}
