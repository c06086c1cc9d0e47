import { pino } from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Engine } from "../../../src/engine/engine.js";
import { fixtureBank, FIXTURE_QUESTIONS } from "../../support/bank.js";
import { seededRandom, TestClock } from "../../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { FakeTelegram, GROUP, privateChat, textMessage, user, type RecordedCall } from "../../support/fake-telegram.js";
import { runTelegramBot, type RunningTestBot } from "../../support/telegram-bot.js";

const CHOICE_ONLY = FIXTURE_QUESTIONS.filter((q) => q.item);
const alice = user(21, { first_name: "Alice" });

let fake: FakeTelegram;
let db: TestDatabase;
let telegram: RunningTestBot;

beforeAll(async () => {
  fake = new FakeTelegram();
  await fake.start();
});
afterAll(() => fake.stop());

beforeEach(async () => {
  fake.reset();
  db = await createTestDatabase();
  const clock = new TestClock("2026-05-01T02:00:00Z"); // 10:00 in Asia/Shanghai
  const engine = new Engine({ bank: fixtureBank(CHOICE_ONLY), store: db.store, clock, random: seededRandom(3) });
  telegram = await runTelegramBot(fake, engine, pino({ level: "silent" }));
});

afterEach(async () => {
  await telegram.stop();
  await db.dispose();
});

const textOf = (call: RecordedCall) => String(call.payload.text);

/** Pushes a message and waits for the bot's next `count` sendMessage calls after it. */
async function exchange(chat: Parameters<typeof textMessage>[0], text: string, count = 1): Promise<RecordedCall[]> {
  const before = fake.calls.length;
  fake.push(textMessage(chat, alice, text));
  return fake.until((calls) => {
    const sent = calls.slice(before).filter((call) => call.method === "sendMessage");
    return sent.length >= count && sent;
  });
}

describe("Telegram: a lone letter or grade", () => {
  it("answers the waiting daily question and quiz in a private chat", async () => {
    const dm = privateChat(alice);
    await exchange(dm, "/daily");
    const [verdict] = await exchange(dm, "b");
    expect(verdict!.payload.chat_id).toBe(dm.id);
    expect(textOf(verdict!)).toMatch(/^(✅ 回答正确！|❌ 回答错误，正确答案是 [A-D]。)\n\+\d+ 分\n🔥 连续 1 天/);

    await exchange(dm, "/quiz 1");
    const replies = await exchange(dm, "A", 2);
    expect(textOf(replies[1]!)).toMatch(/🏁 测验结束：答对 \d\/1/);
    const [stats] = await exchange(dm, "/stats");
    expect(textOf(stats!)).toContain("每日一题：作答 1 次");
    expect(textOf(stats!)).toContain("测验：作答 1 题");
  });

  it("changes nothing in a group: the bot neither answers nor records it", async () => {
    await exchange(GROUP, "/daily");
    const before = fake.callsOf("sendMessage").length;
    fake.push(textMessage(GROUP, alice, "B"));
    const [stats] = await exchange(GROUP, "/stats");
    expect(fake.callsOf("sendMessage").length).toBe(before + 1);
    expect(textOf(stats!)).toContain("每日一题：作答 0 次");
  });

  it("leaves other text in a private chat unanswered, as before", async () => {
    const dm = privateChat(alice);
    await exchange(dm, "/daily");
    const before = fake.callsOf("sendMessage").length;
    fake.push(textMessage(dm, alice, "hello"));
    fake.push(textMessage(dm, alice, "E"));
    const [stats] = await exchange(dm, "/stats");
    expect(fake.callsOf("sendMessage").length).toBe(before + 1);
    expect(textOf(stats!)).toContain("每日一题：作答 0 次");
  });
});
