import { pino } from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Engine } from "../../../src/engine/engine.js";
import { decodeAction } from "../../../src/presenter/action-codec.js";
import { ReportNotes } from "../../../src/scheduler/report-notes.js";
import { fixtureBank } from "../../support/bank.js";
import { seededRandom, TestClock } from "../../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { buttonPress, FAKE_BOT, FakeTelegram, GROUP, privateChat, textMessage, user, visibleText, type RecordedCall } from "../../support/fake-telegram.js";
import { runTelegramBot, type RunningTestBot } from "../../support/telegram-bot.js";

const alice = user(11, { first_name: "Alice" });
const bob = user(12, { first_name: "Bob" });
const ownerUser = user(99, { first_name: "Owner" });

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
  engine = new Engine({
    bank: fixtureBank(),
    store: db.store,
    reports: db.stores.reports,
    isOwner: (member) => member.platform === "telegram" && member.externalId === String(ownerUser.id),
    clock,
    random: seededRandom(7),
  });
  telegram = await runTelegramBot(fake, engine, pino({ level: "silent" }));
});

afterEach(async () => {
  await telegram.stop();
  await db.dispose();
});

type Keyboard = { inline_keyboard: { text: string; callback_data: string }[][] };
const buttons = (call: RecordedCall) => (call.payload.reply_markup as Keyboard | undefined)?.inline_keyboard.flat() ?? [];
const textOf = (call: RecordedCall) => visibleText(String(call.payload.text ?? (call.payload.rich_message as { html?: string } | undefined)?.html ?? ""));
const sends = () => fake.calls.filter((call) => call.method === "sendMessage" || call.method === "sendRichMessage");

/** Pushes an update and waits until the bot made `count` more sends (and, for a press, answered it). */
async function exchange(update: Parameters<FakeTelegram["push"]>[0], count = 1): Promise<RecordedCall[]> {
  const before = sends().length;
  const toasts = fake.callsOf("answerCallbackQuery").length;
  fake.push(update);
  return fake.until(() => {
    const after = sends().slice(before);
    const toasted = !("callback_query" in update) || fake.callsOf("answerCallbackQuery").length > toasts;
    return after.length >= count && toasted && after;
  });
}

describe("Telegram: reporting a question", () => {
  it("🚩 under a revealed answer, a reason keyboard, a thank-you, an optional reply; an owner lists and resolves it and the reporter gets a private note", async () => {
    const dm = privateChat(alice);
    const [detail] = await exchange(textMessage(dm, alice, "/question qrag01"));
    const flag = buttons(detail!).find((b) => b.text === "🚩 报错")!;
    expect(decodeAction(flag.callback_data)).toEqual({ kind: "report", questionId: "qrag01" });
    expect(Buffer.byteLength(flag.callback_data)).toBeLessThanOrEqual(64);

    const [picker] = await exchange(buttonPress(dm, alice, 1, flag.callback_data));
    expect(textOf(picker!)).toContain("qrag01");
    const reasons = buttons(picker!);
    expect(reasons.map((b) => b.text)).toEqual(["答案错误", "有歧义", "已过时", "错别字", "其他"]);
    for (const button of reasons) expect(Buffer.byteLength(button.callback_data)).toBeLessThanOrEqual(64);

    const [thanks, prompt] = await exchange(buttonPress(dm, alice, 2, reasons[0]!.callback_data), 2);
    expect(fake.callsOf("answerCallbackQuery").at(-1)!.payload.text).toContain("谢谢你的报告");
    expect(textOf(thanks!)).toContain("谢谢你的报告");
    expect(prompt!.payload.reply_markup).toEqual({ force_reply: true });
    // Alice replies to the prompt with what is wrong.
    const promptMessage = { message_id: 500, date: 0, chat: dm, from: FAKE_BOT, text: textOf(prompt!) };
    const [saved] = await exchange(textMessage(dm, alice, "应该先检索再生成", { reply_to_message: promptMessage }));
    expect(textOf(saved!)).toContain("已补充");
    const stored = await db.prisma.questionReport.findFirstOrThrow();
    expect([stored.questionId, stored.reason, stored.text, stored.status]).toEqual(["qrag01", "wrong", "应该先检索再生成", "open"]);

    // A member who is not an owner gets a short error; the owner sees the report with its reason and text.
    const [refused] = await exchange(textMessage(privateChat(bob), bob, "/reports"));
    expect(textOf(refused!)).toContain("BOT_OWNERS");
    const ownerDm = privateChat(ownerUser);
    const [list] = await exchange(textMessage(ownerDm, ownerUser, "/reports"));
    expect(textOf(list!)).toMatch(/#\d+ · qrag01 .*答案错误 · Alice/);
    expect(textOf(list!)).toContain("应该先检索再生成");
    const resolve = buttons(list!).find((b) => b.text.startsWith("✅"))!;
    expect(decodeAction(resolve.callback_data)).toMatchObject({ kind: "owner", decision: "resolve" });
    await exchange(buttonPress(ownerDm, ownerUser, 3, resolve.callback_data));
    expect(fake.callsOf("answerCallbackQuery").at(-1)!.payload.text).toContain("已标记为已修正");
    expect((await db.prisma.questionReport.findFirstOrThrow()).status).toBe("resolved");

    // The scheduler's minute sends the reporter's note privately, once.
    const notes = new ReportNotes({ engine, messengers: new Map([["telegram", telegram.messenger]]), log: pino({ level: "silent" }), concurrency: 2 });
    expect(await notes.tick()).toEqual({ sent: 1, failed: 0 });
    const note = sends().at(-1)!;
    expect(note.payload.chat_id).toBe(alice.id);
    expect(textOf(note)).toContain("你对题目 qrag01 的报告（答案错误）已处理");
    expect(await notes.tick()).toEqual({ sent: 0, failed: 0 });
  });

  it("in a group, 🚩 asks for the reason and thanks the member in ephemeral messages only they see", async () => {
    const [detail] = await exchange(textMessage(GROUP, alice, "/question qinf01"));
    const flag = buttons(detail!).find((b) => b.text === "🚩 报错")!;
    const [picker] = await exchange(buttonPress(GROUP, alice, 1, flag.callback_data));
    expect(picker!.payload.ephemeral_message_parameters).toMatchObject({ receiver_user_id: alice.id });
    const reasons = buttons(picker!);
    const [thanks] = await exchange(buttonPress(GROUP, alice, 2, reasons[2]!.callback_data));
    expect(thanks!.payload.ephemeral_message_parameters).toMatchObject({ receiver_user_id: alice.id });
    expect(textOf(thanks!)).toContain("/report qinf01 已过时");
    expect(thanks!.payload.reply_markup).toBeUndefined();
    expect((await db.prisma.questionReport.findFirstOrThrow()).reason).toBe("outdated");
  });

  it("/report <id> <reason> <text> files it by command in a group; a blocked reporter's note is given up without stopping anything", async () => {
    const [reply] = await exchange(textMessage(GROUP, bob, "/report qtrf01 已过时 RoPE 已经是主流"));
    expect(textOf(reply!)).toContain("谢谢你的报告");
    const report = await db.prisma.questionReport.findFirstOrThrow();
    expect([report.reason, report.text]).toEqual(["outdated", "RoPE 已经是主流"]);
    // Without a reason: the reason keyboard; with an unknown one: the usage line.
    const [picker] = await exchange(textMessage(GROUP, alice, "/report qtrf01"));
    expect(buttons(picker!)).toHaveLength(5);
    const [usage] = await exchange(textMessage(GROUP, alice, "/report qtrf01 乱说"));
    expect(textOf(usage!)).toContain("用法：/report");

    const [done] = await exchange(textMessage(privateChat(ownerUser), ownerUser, `/reports resolve ${report.id} 已更新`));
    expect(textOf(done!)).toContain(`#${report.id}`);
    fake.forbidden.add(bob.id);
    const notes = new ReportNotes({ engine, messengers: new Map([["telegram", telegram.messenger]]), log: pino({ level: "silent" }), concurrency: 2 });
    expect(await notes.tick()).toEqual({ sent: 0, failed: 1 });
    expect((await db.prisma.questionReport.findFirstOrThrow()).noteDueAt).toBeNull();
  });
});
