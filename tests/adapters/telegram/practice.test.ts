import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Engine } from "../../../src/engine/engine.js";
import { decodeAction } from "../../../src/presenter/action-codec.js";
import { fixtureBank } from "../../support/bank.js";
import { seededRandom, TestClock } from "../../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { buttonPress, FAKE_BOT, FakeTelegram, GROUP, privateChat, textMessage, user, type RecordedCall } from "../../support/fake-telegram.js";
import { FULL_ANSWERS, PRACTICE_QUESTIONS, practiceDeps } from "../../support/practice.js";
import { runTelegramBot, type RunningTestBot } from "../../support/telegram-bot.js";

const alice = user(11, { first_name: "Alice" });
const bob = user(12, { first_name: "Bob" });

let fake: FakeTelegram;
let db: TestDatabase;
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
  const clock = new TestClock("2026-05-01T02:00:00Z");
  engine = new Engine({ bank: fixtureBank(PRACTICE_QUESTIONS), store: db.store, review: db.stores.review, clock, random: seededRandom(7), practice: practiceDeps(db), mock: db.stores.mock });
  telegram = await runTelegramBot(fake, engine);
});

afterEach(async () => {
  await telegram.stop();
  await db.dispose();
});

type Markup = { inline_keyboard?: { text: string; callback_data: string }[][]; force_reply?: boolean; selective?: boolean };
const markupOf = (call: RecordedCall) => call.payload.reply_markup as Markup | undefined;
const textOf = (call: RecordedCall) => String(call.payload.text);
const isEphemeral = (call: RecordedCall) => call.payload.ephemeral_message_parameters !== undefined;

/** Pushes an update and waits for the bot's `count`-th sendMessage after it (ephemeral or not). */
async function exchange(update: Parameters<FakeTelegram["push"]>[0], count = 1, method = "sendMessage"): Promise<RecordedCall[]> {
  const before = fake.calls.length;
  fake.push(update);
  return fake.until((calls) => {
    const after = calls.slice(before).filter((call) => call.method === method);
    return after.length >= count && after;
  });
}

/** A text message that replies to message `messageId` of the bot. */
function replyToBot(from: typeof alice, messageId: number, text: string) {
  return textMessage(GROUP, from, text, { reply_to_message: { message_id: messageId, date: 0, chat: GROUP, from: FAKE_BOT, text: "question" } });
}

/** The id of the message that asked the open practice question, once the bot recorded it (after its send returned). */
async function openPromptMessage(): Promise<number> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const prompt = await db.prisma.practicePrompt.findFirst({ where: { status: "active", messageId: { not: null } }, orderBy: { id: "desc" } });
    if (prompt) return Number(prompt.messageId);
    if (Date.now() > deadline) throw new Error("the practice question's message was not recorded");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("Telegram adapter: practice", () => {
  it("in the private chat, plain text is the answer; the feedback carries the four grades with the suggestion marked", async () => {
    const chat = privateChat(alice);
    const [asked] = await exchange(textMessage(chat, alice, "/practice finetuning"));
    expect(textOf(asked!)).toContain("LoRA 的原理是什么？");
    expect(textOf(asked!)).toContain("直接发送你的答案");
    expect(markupOf(asked!)?.force_reply).toBeUndefined();

    const [feedback] = await exchange(textMessage(chat, alice, FULL_ANSWERS.qlora1!));
    expect(textOf(feedback!)).toContain("要点覆盖 100%（3/3）");
    expect(textOf(feedback!)).toContain("✅ 冻结原模型权重");
    const buttons = markupOf(feedback!)!.inline_keyboard!.flat();
    expect(buttons.map((b) => b.text)).toEqual(["不会", "模糊", "👉 会", "秒答", "🚩 报错"]);
    expect(decodeAction(buttons[4]!.callback_data)).toEqual({ kind: "report", questionId: "qlora1" });
    for (const button of buttons) expect(Buffer.byteLength(button.callback_data)).toBeLessThanOrEqual(64);

    const [toast] = await exchange(buttonPress(chat, alice, 1, buttons[2]!.callback_data), 1, "answerCallbackQuery");
    expect(String(toast!.payload.text)).toContain("评分：会");
    expect(String(toast!.payload.text)).toContain("+2");
    const attempt = await db.prisma.practiceAttempt.findFirstOrThrow();
    expect(attempt).toMatchObject({ confirmedGrade: "know", points: 2 });
    // A second press changes nothing.
    const [again] = await exchange(buttonPress(chat, alice, 1, buttons[0]!.callback_data), 1, "answerCallbackQuery");
    expect(String(again!.payload.text)).toContain("已经回答过");
  });

  it("in a group the question asks for a reply (ForceReply, selective); only a reply to it is read, ordinary group messages never", async () => {
    const [asked] = await exchange(textMessage(GROUP, alice, "/practice inference"));
    expect(isEphemeral(asked!)).toBe(false);
    expect(markupOf(asked!)).toEqual({ force_reply: true, selective: true });
    expect(asked!.payload.reply_parameters).toMatchObject({ message_id: expect.any(Number) });
    expect(textOf(asked!)).toContain("回复这条消息");
    const messageId = await openPromptMessage();

    const sendsBefore = fake.callsOf("sendMessage").length;
    // Not replies (or replies to something else): never read, never answered.
    fake.push(textMessage(GROUP, alice, FULL_ANSWERS.qkvc01!));
    fake.push(replyToBot(alice, messageId + 1000, FULL_ANSWERS.qkvc01!));
    fake.push(replyToBot(bob, messageId, "bob 回复了 alice 的题"));
    // The reply to the question is the answer; its feedback goes to alice alone (an ephemeral message).
    const [feedback] = await exchange(replyToBot(alice, messageId, FULL_ANSWERS.qkvc01!));
    expect(isEphemeral(feedback!)).toBe(true);
    expect(feedback!.payload.ephemeral_message_parameters).toMatchObject({ receiver_user_id: alice.id });
    expect(textOf(feedback!)).toContain("要点覆盖 100%（2/2）");
    // Updates of one chat run in order: the three before it were handled, and sent nothing.
    expect(fake.callsOf("sendMessage").length).toBe(sendsBefore + 1);
    expect(await db.prisma.practiceAttempt.count()).toBe(1);

    // The grade buttons on the ephemeral feedback work like any button.
    const grade = markupOf(feedback!)!.inline_keyboard!.flat().find((b) => decodeAction(b.callback_data)?.kind === "practiceGrade" && b.text.includes("会"))!;
    const [toast] = await exchange(buttonPress(GROUP, alice, 0, grade.callback_data), 1, "answerCallbackQuery");
    expect(String(toast!.payload.text)).toContain("评分");
  });

  it("when the group refuses ephemeral messages the feedback goes by private message, never to the group", async () => {
    fake.ephemeral = "refused";
    await exchange(textMessage(GROUP, alice, "/practice inference"));
    const messageId = await openPromptMessage();
    const [refused, feedback] = await exchange(replyToBot(alice, messageId, "KV 缓存"), 2);
    expect(refused!.status).toBe(400);
    expect(feedback!.payload.chat_id).toBe(alice.id);
    expect(textOf(feedback!)).toContain("要点覆盖 50%（1/2）");
  });

  it("a mock interview runs in the private chat: messages answer it, the report's 加入复习 button adds the missed question", async () => {
    const chat = privateChat(bob);
    const [asked] = await exchange(textMessage(chat, bob, "/mock 1"));
    expect(textOf(asked!)).toContain("🎤 模拟面试 第 1/1 题");
    const [recorded, followUp] = await exchange(textMessage(chat, bob, "完全不知道"), 2);
    expect(textOf(recorded!)).toContain("要点覆盖 0%");
    expect(textOf(followUp!)).toContain("🔎 追问");
    const [, report] = await exchange(textMessage(chat, bob, "还是不知道"), 2);
    expect(textOf(report!)).toContain("📋 模拟面试报告 · 总分 0/100（1/1 题）");
    const button = markupOf(report!)!.inline_keyboard!.flat()[0]!;
    expect(button.text).toBe("加入复习");
    const [toast] = await exchange(buttonPress(chat, bob, 1, button.callback_data), 1, "answerCallbackQuery");
    expect(String(toast!.payload.text)).toContain("已把 1 道题加入你的复习卡片");
  });

  it("/skip in a group closes the question; a later reply to it is not read", async () => {
    await exchange(textMessage(GROUP, alice, "/practice inference"));
    const messageId = await openPromptMessage();
    const [skipped] = await exchange(textMessage(GROUP, alice, "/skip"));
    expect(textOf(skipped!)).toContain("已跳过");
    const before = fake.callsOf("sendMessage").length;
    fake.push(replyToBot(alice, messageId, FULL_ANSWERS.qkvc01!));
    await exchange(textMessage(GROUP, alice, "/help"));
    expect(fake.callsOf("sendMessage").length).toBe(before + 1);
    expect(await db.prisma.practiceAttempt.count()).toBe(0);
  });
});
