import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelegram } from "../../../src/adapters/telegram/start.js";
import { Engine } from "../../../src/engine/engine.js";
import { fixtureBank } from "../../support/bank.js";
import { seededRandom, TestClock } from "../../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { FakeTelegram, GROUP, textMessage, user } from "../../support/fake-telegram.js";

let fake: FakeTelegram;
let db: TestDatabase;
beforeAll(async () => {
  fake = new FakeTelegram();
  await fake.start();
  db = await createTestDatabase();
});
afterAll(async () => {
  await fake.stop();
  await db.dispose();
});

describe("startTelegram", () => {
  it("identifies itself, registers the menu in Chinese and English, polls for the updates it handles, and stops cleanly", async () => {
    const engine = new Engine({ bank: fixtureBank(), store: db.store, clock: new TestClock("2026-05-01T02:00:00Z"), random: seededRandom(1) });
    const logged: string[] = [];
    const log = pino({ level: "debug" }, { write: (line: string) => logged.push(line) });
    const telegram = await startTelegram({ token: fake.token, apiRoot: fake.url }, { engine, log });

    expect(fake.calls.slice(0, 4).map((c) => c.method)).toEqual(["getMe", "setMyCommands", "setMyCommands", "deleteWebhook"]);
    const [zh, en] = fake.callsOf("setMyCommands");
    expect(zh!.payload.language_code).toBeUndefined();
    expect(en!.payload.language_code).toBe("en");
    const zhMenu = zh!.payload.commands as { command: string; description: string }[];
    expect(zhMenu.map((c) => c.command)).toEqual(["daily", "quiz", "top", "stats", "topics", "search", "settings", "help", "start"]);
    expect(zhMenu.find((c) => c.command === "top")?.description).toBe("排行榜：本周（默认）/ 本月 / 总榜");
    expect((en!.payload.commands as { description: string }[])[0]!.description).toBe("today's question");

    fake.push(textMessage(GROUP, user(1), "/help"));
    await fake.until((calls) => calls.some((c) => c.method === "sendMessage"));
    expect(fake.polls[0]).toMatchObject({ allowed_updates: ["message", "callback_query", "my_chat_member", "poll_answer"] });
    await telegram.stop();
    expect(logged.join("\n")).not.toContain(fake.token);
  });
});
