import { pino } from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Engine } from "../../../src/engine/engine.js";
import { decodeAction } from "../../../src/presenter/action-codec.js";
import { fixtureBank } from "../../support/bank.js";
import { DAY, seededRandom, TestClock } from "../../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { runTelegramBot, type RunningTestBot } from "../../support/telegram-bot.js";
import { buttonPress, FAKE_BOT, FakeTelegram, GROUP, privateChat, textMessage, user, type RecordedCall } from "../../support/fake-telegram.js";

const alice = user(11, { first_name: "Alice" });

let fake: FakeTelegram;
let db: TestDatabase;
let clock: TestClock;
let engine: Engine;
let telegram: RunningTestBot;

beforeAll(async () => {
  fake = new FakeTelegram();
  await fake.start();
});
afterAll(() => fake.stop());

beforeEach(async () => {
  fake.reset();
  db = await createTestDatabase();
  clock = new TestClock("2026-05-01T02:00:00Z");
  engine = new Engine({ bank: fixtureBank(), store: db.store, review: db.stores.review, clock, random: seededRandom(7) });
  telegram = await runTelegramBot(fake, engine, pino({ level: "silent" }));
});

afterEach(async () => {
  await telegram.stop();
  await db.dispose();
});

type Button = { text: string; callback_data?: string; url?: string };
const buttonsOf = (call: RecordedCall) => ((call.payload.reply_markup as { inline_keyboard: Button[][] } | undefined)?.inline_keyboard ?? []).flat();

async function sent(predicate: (call: RecordedCall) => boolean): Promise<RecordedCall> {
  return fake.until((calls) => calls.find((call) => call.method === "sendMessage" && predicate(call)));
}

describe("Telegram review", () => {
  it("a group /review answers with a deep link; /start review opens the session in the private chat, where grading works", async () => {
    // Alice answers the group's daily question wrongly; she never started a private chat with the bot.
    const daily = await engine.currentDaily({ platform: "telegram", externalId: String(GROUP.id) });
    if (!daily.ok) throw new Error(daily.code);
    const question = daily.value.question;
    const wrong = question.item ? { kind: "choice" as const, index: (question.item.correct + 1) % 4 } : { kind: "recall" as const, grade: "forgot" as const };
    expect((await engine.answerDaily({ platform: "telegram", externalId: String(GROUP.id) }, { platform: "telegram", externalId: "11", displayName: "Alice" }, wrong)).ok).toBe(true);
    fake.forbidden.add(alice.id);
    clock.advance(DAY);

    fake.push(textMessage(GROUP, alice, "/review"));
    const link = await sent((call) => Number(call.payload.chat_id) === GROUP.id);
    expect(buttonsOf(link)).toEqual([{ text: expect.any(String), url: `https://t.me/${FAKE_BOT.username}?start=review` }]);
    expect(String(link.payload.text)).not.toContain(question.prompt);
    // Nothing was tried in private yet: no 403.
    expect(fake.calls.filter((call) => call.status === 403)).toHaveLength(0);

    fake.push(textMessage(privateChat(alice), alice, "/start review"));
    const card = await sent((call) => Number(call.payload.chat_id) === alice.id);
    expect(String(card.payload.text)).toContain(question.prompt);
    const buttons = buttonsOf(card);
    expect(buttons.map((b) => b.text)).toEqual(["显示答案", "不会", "模糊", "会", "秒答"]);

    const know = buttons.find((b) => b.text === "会")!.callback_data!;
    expect(decodeAction(know)?.kind).toBe("review");
    const before = fake.calls.length;
    fake.push(buttonPress(privateChat(alice), alice, 5000, know));
    const toast = await fake.until((calls) => calls.slice(before).find((call) => call.method === "answerCallbackQuery"));
    expect(String(toast.payload.text)).toContain("会");
    const result = await fake.until((calls) => calls.slice(before).find((call) => call.method === "sendMessage" && /再见/.test(String(call.payload.text))));
    expect(Number(result.payload.chat_id)).toBe(alice.id);
    // The group saw nothing of it.
    expect(fake.calls.slice(before).filter((call) => Number(call.payload.chat_id) === GROUP.id)).toHaveLength(0);

    const member = await db.store.ensureMember({ platform: "telegram", externalId: "11", displayName: "Alice" });
    const deck = await db.stores.review.cards(await db.stores.review.learnerOf(member.id));
    expect(deck).toHaveLength(1);
    expect(deck[0]).toMatchObject({ questionId: question.id, reps: 2, lastRating: 3 });
  });
});
