import { pino } from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Engine } from "../../../src/engine/engine.js";
import type { ChatRef } from "../../../src/engine/types.js";
import { createMetrics } from "../../../src/metrics.js";
import { decodeAction } from "../../../src/presenter/action-codec.js";
import { DailyScheduler } from "../../../src/scheduler/scheduler.js";
import { fixtureBank } from "../../support/bank.js";
import { DAY, HOUR, seededRandom, TestClock } from "../../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { runTelegramBot, type RunningTestBot } from "../../support/telegram-bot.js";
import { buttonPress, FakeTelegram, GROUP, textMessage, user, type RecordedCall } from "../../support/fake-telegram.js";

/**
 * The daily question in a Telegram group, end to end: the scheduler posts through the real grammY
 * bot to the fake Bot API at the group's time, members tap, the reveal edits the post.
 */
const chat: ChatRef = { platform: "telegram", externalId: String(GROUP.id) };
const members = [user(31, { first_name: "Ada" }), user(32, { first_name: "Ben" }), user(33, { first_name: "Cy" })];

let fake: FakeTelegram;
let db: TestDatabase;
let clock: TestClock;
let engine: Engine;
let scheduler: DailyScheduler;
let telegram: RunningTestBot;

beforeAll(async () => {
  fake = new FakeTelegram();
  await fake.start();
});
afterAll(() => fake.stop());

beforeEach(async () => {
  fake.reset();
  db = await createTestDatabase();
  clock = new TestClock("2026-05-01T00:30:00Z"); // 08:30 in Shanghai
  engine = new Engine({ bank: fixtureBank(), store: db.store, clock, random: seededRandom(11) });
  telegram = await runTelegramBot(fake, engine);
  scheduler = new DailyScheduler({ engine, store: db.store, messengers: new Map([["telegram", telegram.messenger]]), clock, log: pino({ level: "silent" }), metrics: createMetrics(), config: { DAILY_CATCH_UP_HOURS: 6, DAILY_SEND_CONCURRENCY: 10 } });
  await engine.chat(chat);
});
afterEach(async () => {
  await telegram.stop();
  await db.dispose();
});

const textOf = (call: RecordedCall) => String(call.payload.text);
const postsToGroup = () => fake.callsOf("sendMessage").filter((c) => c.payload.chat_id === GROUP.id && textOf(c).includes("📅 每日一题"));

async function answerAll(post: RecordedCall, who = members): Promise<void> {
  const buttons = (post.payload.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard.flat();
  const answer = buttons.find((b) => { const a = decodeAction(b.callback_data); return a?.kind === "daily" && "answer" in a.step; })!;
  for (const member of who) {
    const before = fake.callsOf("answerCallbackQuery").length;
    fake.push(buttonPress(GROUP, member, Number(post.payload.message_id ?? 1), answer.callback_data));
    await fake.until((calls) => calls.filter((c) => c.method === "answerCallbackQuery").length > before);
  }
}

describe("daily question in a Telegram group", () => {
  it("posts once at the group's time, takes taps, and edits in the reference answer and posts the results at the reveal", async () => {
    await scheduler.tick();
    expect(postsToGroup()).toHaveLength(0);
    clock.set("2026-05-01T01:00:00Z"); // 09:00
    await scheduler.tick();
    await scheduler.tick();
    expect(postsToGroup()).toHaveLength(1);
    const daily = await db.prisma.dailyQuestion.findFirstOrThrow();
    expect(daily.messageId).toBe(String(1000 + fake.callsOf("sendMessage").indexOf(postsToGroup()[0]!)));

    await answerAll(postsToGroup()[0]!);
    clock.advance(12 * HOUR);
    await scheduler.tick();
    const reveal = fake.callsOf("editMessageText").find((c) => textOf(c).includes("<b>参考答案</b>"));
    expect(reveal?.payload).toMatchObject({ chat_id: GROUP.id, message_id: Number(daily.messageId) });
    const results = fake.callsOf("sendMessage").at(-1)!;
    expect(results.payload.chat_id).toBe(GROUP.id);
    expect(textOf(results)).toContain("3");
  });

  it("a scripted three days: the group's streaks and /top", async () => {
    clock.set("2026-05-01T01:00:00Z");
    for (let day = 0; day < 3; day++) {
      await scheduler.tick();
      const post = postsToGroup().at(-1)!;
      await answerAll(post, day === 1 ? members.slice(0, 2) : members); // Cy misses the second day
      clock.advance(DAY);
    }
    expect(postsToGroup()).toHaveLength(3);
    const before = fake.calls.length;
    fake.push(textMessage(GROUP, members[0]!, "/top all"));
    const top = await fake.until((calls) => calls.slice(before).find((c) => c.method === "sendMessage" && !c.payload.ephemeral_message_parameters));
    expect(textOf(top)).toMatch(/1\. Ada — \d+ 分/);
    fake.push(textMessage(GROUP, members[0]!, "/stats"));
    const stats = await fake.until((calls) => calls.slice(before).filter((c) => c.method === "sendMessage" && !c.payload.ephemeral_message_parameters)[1]);
    expect(textOf(stats)).toContain("连续 3 天");
  });

  it("pauses the group's daily question when Telegram answers 403, and resumes after /settings daily on", async () => {
    fake.forbidden.add(GROUP.id);
    clock.set("2026-05-01T01:00:00Z");
    await scheduler.tick();
    expect((await engine.chat(chat)).paused).toMatchObject({ reason: expect.stringContaining("forbidden") });
    await scheduler.tick();
    expect(fake.callsOf("sendMessage").filter((c) => c.payload.chat_id === GROUP.id)).toHaveLength(1); // the one refused attempt

    fake.forbidden.clear();
    await engine.updateSettings(chat, { platform: "telegram", externalId: "1", displayName: "admin", isAdmin: true }, { dailyEnabled: true });
    await scheduler.tick();
    expect(postsToGroup()).toHaveLength(2); // the refused attempt, then the post
    expect((await db.prisma.dailyQuestion.findFirstOrThrow()).messageId).not.toBeNull();
  });
});
