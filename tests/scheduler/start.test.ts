import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Engine } from "../../src/engine/engine.js";
import { createMetrics } from "../../src/metrics.js";
import { startScheduler } from "../../src/scheduler/scheduler.js";
import { fixtureBank } from "../support/bank.js";
import { seededRandom, TestClock } from "../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { RecordingMessenger } from "../support/messenger.js";
import { chatWith, telegramChat } from "../support/scheduler.js";

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(() => db.dispose());

describe("startScheduler", () => {
  it("catches up at once on start, ticks on demand, and stops", async () => {
    const clock = new TestClock("2026-03-02T01:30:00Z"); // 09:30 in Shanghai: today's 09:00 daily is due
    const engine = new Engine({ bank: fixtureBank(), store: db.store, clock, random: seededRandom(1) });
    await chatWith(engine, telegramChat("-1"));
    const messenger = new RecordingMessenger();
    const running = startScheduler({
      engine,
      store: db.store,
      messengers: new Map([["telegram", messenger]]),
      clock,
      log: pino({ level: "silent" }),
      metrics: createMetrics(),
      config: { DAILY_CATCH_UP_HOURS: 6, DAILY_SEND_CONCURRENCY: 10 },
    });
    await vi.waitFor(() => expect(messenger.sent).toHaveLength(1));
    await running.tick(); // joins the start-up tick while it is still recording the post
    expect(await running.tick()).toMatchObject({ posted: 0 });
    expect(messenger.sent).toHaveLength(1);
    await running.stop();
  });
});
