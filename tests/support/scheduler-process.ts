/**
 * A second bot process for race tests: opens the database given as argv[2], prints "ready", waits for
 * a line on stdin, runs one scheduler tick at the instant argv[3] and prints the messages it sent
 * as one JSON line. (Two connections in one Node process would share one event loop, which SQLite's
 * synchronous busy wait blocks; separate processes are what production runs anyway.)
 */
import { createInterface } from "node:readline";
import { openDatabase } from "../../src/store/database.js";
import { TestClock } from "./clock.js";
import { RecordingMessenger } from "./messenger.js";
import { botProcess } from "./scheduler.js";

const [url, now, seed] = process.argv.slice(2);
if (!url || !now) throw new Error("usage: scheduler-process <database url> <ISO instant> [seed]");
const db = await openDatabase(url);
const messenger = new RecordingMessenger();
const bot = botProcess(db, new TestClock(now), messenger, { seed: Number(seed ?? 2) });
process.stdout.write("ready\n");
const lines = createInterface({ input: process.stdin });
for await (const _go of lines) break;
const report = await bot.scheduler.tick();
process.stdout.write(`${JSON.stringify({ report, sent: messenger.sent.map((m) => ({ chat: m.to.chat.externalId, id: m.id })) })}\n`);
await db.close();
process.exit(0);
