/**
 * Benchmark (not a test): how long one scheduler tick takes to post the daily question to N chats due
 * at the same minute, on SQLite, through a fake platform that answers each send after a fixed latency.
 *   npx tsx bench/daily-fanout.ts [chats=3000] [latencyMs=25] [concurrency=10]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { loadBank } from "../src/bank/load.js";
import { createSearch } from "../src/bank/search.js";
import { Engine } from "../src/engine/engine.js";
import type { Destination, Messenger, OutgoingMessage } from "../src/engine/types.js";
import { createMetrics } from "../src/metrics.js";
import { DailyScheduler } from "../src/scheduler/scheduler.js";
import { openSqlite } from "../src/store/database.js";

const [chats = 3000, latencyMs = 25, concurrency = 10] = process.argv.slice(2).map(Number);
const dir = mkdtempSync(path.join(tmpdir(), "studybot-bench-"));
const db = await openSqlite(`file:${path.join(dir, "bench.db")}`);
let now = new Date("2026-03-02T00:00:00Z");
const clock = { now: () => new Date(now) };
let sends = 0;
const platform: Messenger = {
  async send(_to: Destination, _message: OutgoingMessage) {
    await new Promise((resolve) => setTimeout(resolve, latencyMs));
    return `m${++sends}`;
  },
  async edit() {},
};
const loaded = loadBank("questions/bank");
const engine = new Engine({ bank: { ...loaded, search: createSearch(loaded.questions) }, store: db.store, clock });
const scheduler = new DailyScheduler({
  engine,
  store: db.store,
  messengers: new Map([
    ["telegram", platform],
    ["discord", platform],
  ]),
  clock,
  log: pino({ level: "warn" }),
  metrics: createMetrics(),
  config: { DAILY_CATCH_UP_HOURS: 6, DAILY_SEND_CONCURRENCY: concurrency },
});
for (let i = 0; i < chats; i++) await db.store.ensureChat({ platform: i % 2 ? "telegram" : "discord", externalId: String(i) });
let started = performance.now();
await scheduler.tick(); // 08:00: computes every chat's schedule
const scheduleMs = performance.now() - started;
now = new Date("2026-03-02T01:00:00Z"); // 09:00: all due
started = performance.now();
const report = await scheduler.tick();
const postMs = performance.now() - started;
now = new Date("2026-03-02T01:01:00Z");
started = performance.now();
await scheduler.tick();
const idleMs = performance.now() - started;
const floorMs = (Math.ceil(chats / 2 / concurrency) * latencyMs);
console.log(JSON.stringify({ chats, latencyMs, concurrency, posted: report.posted, scheduleTickMs: Math.round(scheduleMs), postTickMs: Math.round(postMs), floorMs, idleTickMs: Math.round(idleMs) }));
await db.close();
rmSync(dir, { recursive: true, force: true });
