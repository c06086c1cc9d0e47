import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelegram } from "../../../src/adapters/telegram/start.js";
import { Engine } from "../../../src/engine/engine.js";
import { fixtureBank } from "../../support/bank.js";
import { seededRandom, TestClock } from "../../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { buttonPress, FakeTelegram, GROUP, textMessage, user } from "../../support/fake-telegram.js";

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
    const telegram = await startTelegram({ token: fake.token, apiRoot: fake.url }, { engine, log, inbox: db.inbox, leases: db.leases });

    expect(fake.calls.slice(0, 4).map((c) => c.method)).toEqual(["getMe", "setMyCommands", "setMyCommands", "deleteWebhook"]);
    const [zh, en] = fake.callsOf("setMyCommands");
    expect(zh!.payload.language_code).toBeUndefined();
    expect(en!.payload.language_code).toBe("en");
    const zhMenu = zh!.payload.commands as { command: string; description: string }[];
    expect(zhMenu.map((c) => c.command)).toEqual(["daily", "quiz", "practice", "skip", "mock", "review", "mistakes", "top", "stats", "topics", "search", "report", "reports", "settings", "link", "mydata", "forgetme", "help", "start"]);
    expect(zhMenu.find((c) => c.command === "top")?.description).toBe("排行榜：本周（默认）/ 本月 / 总榜");
    expect((en!.payload.commands as { description: string }[])[0]!.description).toBe("today's question");

    fake.push(textMessage(GROUP, user(1), "/help"));
    await fake.until((calls) => calls.some((c) => c.method === "sendMessage"));
    expect(fake.polls[0]).toMatchObject({ allowed_updates: ["message", "callback_query", "my_chat_member", "poll_answer"] });
    await telegram.stop();
    expect(logged.join("\n")).not.toContain(fake.token);
  });
});

describe("startTelegram in webhook mode", () => {
  it("sets the webhook with a secret, handles posted updates, and rejects posts without the secret", async () => {
    const engine = new Engine({ bank: fixtureBank(), store: db.store, clock: new TestClock("2026-05-01T02:00:00Z"), random: seededRandom(1) });
    fake.calls.length = 0;
    const telegram = await startTelegram(
      { token: fake.token, apiRoot: fake.url, webhookUrl: "https://bot.example.com/telegram", webhookPort: 0, webhookSecret: "s3cret-token" },
      { engine, log: pino({ level: "silent" }), inbox: db.inbox, leases: db.leases },
    );
    try {
      expect(fake.callsOf("setWebhook")[0]!.payload).toMatchObject({
        url: "https://bot.example.com/telegram",
        secret_token: "s3cret-token",
        allowed_updates: ["message", "callback_query", "my_chat_member", "poll_answer"],
      });
      expect(fake.callsOf("deleteWebhook")).toEqual([]);
      const post = (headers: Record<string, string>) =>
        fetch(`http://127.0.0.1:${telegram.webhookPort}/`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify({ update_id: 900, ...textMessage(GROUP, user(5), "/topics") }),
        });
      expect((await post({})).status).toBe(401);
      expect((await post({ "x-telegram-bot-api-secret-token": "s3cret-token" })).status).toBe(200);
      const sent = await fake.until((calls) => calls.find((c) => c.method === "sendMessage"));
      expect(String(sent.payload.text)).toContain("题库主题");
      expect(fake.callsOf("sendMessage")).toHaveLength(1);
    } finally {
      await telegram.stop();
    }
  });
});

describe("startTelegram: a press handled twice", () => {
  it("records one answer when a press left unfinished in the inbox runs again after a restart", async () => {
    const engine = new Engine({ bank: fixtureBank(), store: db.store, clock: new TestClock("2026-05-01T02:00:00Z"), random: seededRandom(1) });
    fake.reset();
    await db.prisma.inboxUpdate.deleteMany();
    const member = user(61, { first_name: "Twice" });
    let telegram = await startTelegram({ token: fake.token, apiRoot: fake.url }, { engine, log: pino({ level: "silent" }), inbox: db.inbox, leases: db.leases });
    fake.push(textMessage(GROUP, member, "/daily"));
    const post = await fake.until((calls) => calls.find((c) => c.method === "sendMessage" && c.payload.reply_markup));
    const data = (post.payload.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard.flat()[0]!.callback_data;
    const press = fake.push(buttonPress(GROUP, member, 1, data));
    await fake.until((calls) => calls.some((c) => c.method === "answerCallbackQuery"));
    await telegram.stop();
    const answers = () => db.prisma.dailyAnswer.count();
    expect(await answers()).toBe(1);

    // The state a crash leaves between recording the answer and settling the update: still pending in the inbox.
    await db.prisma.inboxUpdate.updateMany({ where: { updateId: BigInt(press.update_id) }, data: { handledAt: null } });
    telegram = await startTelegram({ token: fake.token, apiRoot: fake.url }, { engine, log: pino({ level: "silent" }), inbox: db.inbox, leases: db.leases });
    try {
      await fake.until(() => fake.callsOf("answerCallbackQuery").length === 2); // the first toast of the re-run: the crash came before any
      await expect.poll(async () => (await db.inbox.pending("telegram")).length).toBe(0);
      expect(await answers()).toBe(1);
      expect((await db.prisma.dailyQuestion.findFirstOrThrow()).answerCount).toBe(1);
      expect((await db.prisma.memberStats.findFirstOrThrow()).dailyAnswers).toBe(1);

    } finally {
      await telegram.stop();
    }
  });
});
