import { pino } from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TelegramMessenger } from "../../../src/adapters/telegram/messenger.js";
import type { Question } from "../../../src/bank/schema.js";
import { Engine } from "../../../src/engine/engine.js";
import { DeliveryError } from "../../../src/engine/types.js";
import { decodeAction } from "../../../src/presenter/action-codec.js";
import { renderDaily } from "../../../src/presenter/question.js";
import { fixtureBank, FIXTURE_QUESTIONS } from "../../support/bank.js";
import { DAY, seededRandom, TestClock } from "../../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { runTelegramBot, type RunningTestBot } from "../../support/telegram-bot.js";
import { buttonPress, FakeTelegram, GROUP, privateChat, textMessage, user, type RecordedCall } from "../../support/fake-telegram.js";

const LONG_ANSWER = Array.from({ length: 60 }, (_, i) => `第 ${i + 1} 段：注意力分数 = softmax(QKᵀ/√d) <mask> & "quotes" ${"解释".repeat(40)}`).join("\n\n");
const QUESTIONS: Question[] = [
  ...FIXTURE_QUESTIONS,
  { id: "qlong1", topic: "basics", prompt: "解释 <script> 与 a < b && c > d 的 *区别* _x_", difficulty: 3, sources: [{ file: "fixture.txt", number: 99 }], answer: `${LONG_ANSWER}\n\n\`\`\`python\nif a < b:\n    print("<ok>")\n\`\`\`` },
];

const alice = user(11, { first_name: "Alice" });
const bob = user(12, { first_name: "Bob", language_code: "en" });
const carol = user(13, { first_name: "Carol" });

let fake: FakeTelegram;
let db: TestDatabase;
let clock: TestClock;
let engine: Engine;
let messenger: TelegramMessenger;
let telegram: RunningTestBot;
const logged: string[] = [];

beforeAll(async () => {
  fake = new FakeTelegram();
  await fake.start();
});
afterAll(() => fake.stop());

beforeEach(async () => {
  fake.reset();
  db = await createTestDatabase();
  clock = new TestClock("2026-05-01T02:00:00Z"); // 10:00 in Asia/Shanghai, after the 09:00 posting time
  engine = new Engine({ bank: fixtureBank(QUESTIONS), store: db.store, clock, random: seededRandom(7) });
  logged.length = 0;
  const log = pino({ level: "error" }, { write: (line: string) => logged.push(line) });
  telegram = await runTelegramBot(fake, engine, log);
  messenger = telegram.messenger;
});

afterEach(async () => {
  await telegram.stop();
  await db.dispose();
});

const isEphemeral = (call: RecordedCall) => call.payload.ephemeral_message_parameters !== undefined;
/** Messages sent for the whole chat to see (not ephemeral). */
const publicSends = () => fake.callsOf("sendMessage").filter((call) => !isEphemeral(call));
const ephemeralSends = () => fake.callsOf("sendMessage").filter(isEphemeral);

/** Pushes an update and waits for the bot's next call of `method` after it (sendMessage: a public one; "ephemeral": an ephemeral one). */
async function exchange(update: Parameters<FakeTelegram["push"]>[0], method: string, count = 1): Promise<RecordedCall[]> {
  const before = fake.calls.length;
  fake.push(update);
  const matches = (call: RecordedCall) =>
    method === "ephemeral" ? call.method === "sendMessage" && isEphemeral(call) : call.method === method && !(method === "sendMessage" && isEphemeral(call));
  return fake.until((calls) => {
    const after = calls.slice(before).filter(matches);
    return after.length >= count && after;
  });
}

type Keyboard = { inline_keyboard: { text: string; callback_data: string }[][] };
const keyboardOf = (call: RecordedCall) => call.payload.reply_markup as Keyboard | undefined;
const textOf = (call: RecordedCall) => String(call.payload.text ?? (call.payload.rich_message as { html?: string } | undefined)?.html);
/** The first button that answers (an option, or a self-grade), whatever the question's mode. */
const answerButton = (buttons: { callback_data: string }[]) => buttons.find((b) => { const a = decodeAction(b.callback_data); return a && "step" in a && "answer" in a.step; })!.callback_data;

/** Waits until `check` returns something truthy (an update is handled asynchronously). */
async function eventually<T>(check: () => Promise<T | undefined | null | false>): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not reached");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Balanced, known HTML tags only: what Telegram's HTML parse mode accepts. */
function expectValidHtml(html: string): void {
  const stack: string[] = [];
  for (const match of html.matchAll(/<(\/?)(\w+)[^>]*>/g)) {
    expect(["b", "code", "pre"]).toContain(match[2]);
    if (match[1]) expect(stack.pop()).toBe(match[2]);
    else stack.push(match[2]!);
  }
  expect(stack).toEqual([]);
  expect(html.replace(/<\/?(b|code|pre)( class="[\w-]+")?>/g, "")).not.toMatch(/[<>]/);
}

describe("Telegram adapter: daily question in a group", () => {
  it("posts /daily as HTML with one button per option, callback data versioned and within 64 bytes", async () => {
    const [sent] = await exchange(textMessage(GROUP, alice, "/daily"), "sendMessage");
    expect(sent!.payload).toMatchObject({ chat_id: GROUP.id, parse_mode: "HTML" });
    expectValidHtml(textOf(sent!));
    expect(textOf(sent!)).toContain("每日一题");
    const rows = keyboardOf(sent!)!.inline_keyboard;
    expect(rows.flat().length).toBe(4);
    for (const button of rows.flat()) {
      expect(Buffer.byteLength(button.callback_data)).toBeLessThanOrEqual(64);
      expect(button.callback_data.startsWith("1:")).toBe(true);
      expect(decodeAction(button.callback_data)).toBeDefined();
    }
  });

  it("records taps from several members once each, answers with private toasts, and edits in the live count", async () => {
    const [post] = await exchange(textMessage(GROUP, alice, "/daily"), "sendMessage");
    const buttons = keyboardOf(post!)!.inline_keyboard.flat();
    const messageId = 5000;
    const toasts: string[] = [];
    for (const member of [alice, bob, carol, alice]) {
      const [toast] = await exchange(buttonPress(GROUP, member, messageId, answerButton(buttons)), "answerCallbackQuery");
      toasts.push(String(toast!.payload.text));
    }
    expect(toasts[0]).toMatch(/回答正确|回答错误|已记录自评/);
    expect(toasts[1]).toMatch(/Correct|Wrong|recorded/); // Bob's client is English
    expect(toasts[3]).toContain("你已经回答过");
    for (const text of toasts) expect([...text].length).toBeLessThanOrEqual(200);

    const daily = await engine.currentDaily({ platform: "telegram", externalId: String(GROUP.id) });
    expect(daily.ok && daily.value.answerCount).toBe(3);
    // No member's result is posted for the group: toasts, edits of the question message, and each member's
    // fuller result as an ephemeral message only they see (none for the repeated tap).
    expect(publicSends().length).toBe(1);
    await fake.until(() => ephemeralSends().length >= 3);
    expect(ephemeralSends().map((c) => (c.payload.ephemeral_message_parameters as { receiver_user_id: number }).receiver_user_id).sort()).toEqual([alice.id, bob.id, carol.id]);
    for (const call of ephemeralSends()) expect(call.payload).toMatchObject({ chat_id: GROUP.id, parse_mode: "HTML" });
    expect(ephemeralSends().map(textOf).join("\n")).toMatch(/正确答案|Correct|correct/);
    const edit = await fake.until((calls) => calls.filter((c) => c.method === "editMessageText").find((c) => textOf(c).includes("已有 3 人作答")));
    expect(edit.payload).toMatchObject({ chat_id: GROUP.id, message_id: messageId, parse_mode: "HTML" });
    expect(keyboardOf(edit)!.inline_keyboard.flat().length).toBe(4);
  });

  it("answers forged, stale and malformed callback data with a friendly toast and changes nothing", async () => {
    await exchange(textMessage(GROUP, alice, "/daily"), "sendMessage");
    for (const data of ["1:d:999999:0", "hello", "0:d:1:0", "1:q:5:0:1"]) {
      const [toast] = await exchange(buttonPress(GROUP, alice, 1, data), "answerCallbackQuery");
      expect(String(toast!.payload.text)).toContain("过期");
    }
    const daily = await engine.currentDaily({ platform: "telegram", externalId: String(GROUP.id) });
    expect(daily.ok && daily.value.answerCount).toBe(0);
    expect(fake.callsOf("editMessageText")).toEqual([]);
  });

  it("shows the recall answer in the group to the member alone (an ephemeral message), with the DM and toast as the fallback", async () => {
    const admin = user(20);
    fake.admins.add(admin.id);
    await exchange(textMessage(GROUP, admin, "/settings mode recall"), "sendMessage", 2);
    const [post] = await exchange(textMessage(GROUP, alice, "/daily"), "sendMessage");
    const [show, know] = keyboardOf(post!)!.inline_keyboard.flat();
    expect(show!.text).toBe("显示答案");
    expect(know!.text).toBe("会");

    const press = buttonPress(GROUP, alice, 1, show!.callback_data);
    const [toast] = await exchange(press, "answerCallbackQuery");
    const [ephemeral] = ephemeralSends();
    expect(ephemeral!.payload).toMatchObject({ chat_id: GROUP.id, ephemeral_message_parameters: { receiver_user_id: alice.id, callback_query_id: press.callback_query!.id } });
    expect(textOf(ephemeral!)).toContain("参考答案");
    expect(String(toast!.payload.text)).toContain("参考答案见下方");
    // Nobody else sees it: no public message holds it, and no DM was needed.
    expect(publicSends().filter((c) => textOf(c).includes("<b>参考答案</b>"))).toEqual([]);
    expect(fake.callsOf("sendMessage").filter((c) => c.payload.chat_id === alice.id)).toEqual([]);
  });

  it("falls back to a DM and a toast when the Bot API refuses ephemeral messages, or asks the member to start the bot first", async () => {
    fake.ephemeral = "refused";
    const admin = user(20);
    fake.admins.add(admin.id);
    await exchange(textMessage(GROUP, admin, "/settings mode recall"), "sendMessage", 2);
    const [post] = await exchange(textMessage(GROUP, alice, "/daily"), "sendMessage");
    const [show] = keyboardOf(post!)!.inline_keyboard.flat();

    const dm = await exchange(buttonPress(GROUP, alice, 1, show!.callback_data), "answerCallbackQuery");
    // A reference answer goes out as a rich message.
    const privateSend = fake.callsOf("sendRichMessage").find((c) => c.payload.chat_id === alice.id);
    expect(privateSend && textOf(privateSend)).toContain("参考答案");
    expect(String(dm[0]!.payload.text)).toContain("私信");
    // The group never sees the answer before the reveal (a refused ephemeral attempt is answered 400).
    expect([...fake.callsOf("sendMessage"), ...fake.callsOf("sendRichMessage")].filter((c) => c.status === 200 && c.payload.chat_id === GROUP.id && textOf(c).includes("<b>参考答案</b>"))).toEqual([]);

    fake.forbidden.add(carol.id);
    const [refused] = await exchange(buttonPress(GROUP, carol, 1, show!.callback_data), "answerCallbackQuery");
    expect(String(refused!.payload.text)).toContain("/start");
  });

  it("deletes a secret message an older Bot API server posted publicly (it ignored the ephemeral parameter) and uses DMs from then on", async () => {
    fake.ephemeral = "ignored";
    const admin = user(20);
    fake.admins.add(admin.id);
    await exchange(textMessage(GROUP, admin, "/settings mode recall"), "sendMessage", 2);
    const [post] = await exchange(textMessage(GROUP, alice, "/daily"), "sendMessage");
    const [show] = keyboardOf(post!)!.inline_keyboard.flat();

    const [toast] = await exchange(buttonPress(GROUP, alice, 1, show!.callback_data), "answerCallbackQuery");
    expect(String(toast!.payload.text)).toContain("私信");
    const [leaked] = ephemeralSends();
    const [deleted] = fake.callsOf("deleteMessage");
    expect(deleted!.payload).toMatchObject({ chat_id: GROUP.id });
    expect(fake.calls.indexOf(deleted!)).toBeGreaterThan(fake.calls.indexOf(leaked!));
    await exchange(buttonPress(GROUP, bob, 1, show!.callback_data), "answerCallbackQuery");
    expect(ephemeralSends()).toHaveLength(1); // not tried again
    // The DM carries a reference answer: a rich message where the server has them.
    expect([...fake.callsOf("sendMessage"), ...fake.callsOf("sendRichMessage")].filter((c) => c.payload.chat_id === bob.id)).toHaveLength(1);
  });
});

describe("Telegram adapter: commands", () => {
  it("answers each command in a group and in a private chat", async () => {
    const dm = privateChat(alice);
    const expectations: [string, string][] = [
      ["/help", "命令列表"],
      ["/start", "命令列表"],
      ["/topics", "题库主题"],
      ["/search KV", "搜索结果"],
      ["/stats", "学习统计"],
      ["/top", "排行榜"],
      ["/quiz rag 2", "测验 第 1/2 题"],
    ];
    for (const chat of [GROUP, dm]) {
      for (const [command, expected] of expectations) {
        const replies = await exchange(textMessage(chat, alice, command), "sendMessage");
        const reply = replies.at(-1)!;
        expect(reply.payload.chat_id, command).toBe(chat.id);
        expect(textOf(reply), command).toContain(expected);
        expectValidHtml(textOf(reply));
      }
    }
  });

  it("obeys /top@thisbot and ignores /top@otherbot", async () => {
    await exchange(textMessage(GROUP, alice, "/top@study_test_bot week"), "sendMessage");
    fake.push(textMessage(GROUP, alice, "/top@other_bot"));
    const [help] = await exchange(textMessage(GROUP, alice, "/help"), "sendMessage");
    expect(textOf(help!)).toContain("命令列表");
    expect(fake.callsOf("sendMessage").length).toBe(2);
  });

  it("lets only group administrators change settings; everyone may in their own private chat", async () => {
    const [refusal] = await exchange(textMessage(GROUP, bob, "/settings time 08:00"), "sendMessage");
    expect(textOf(refusal!)).toContain("Only admins");
    expect(fake.callsOf("getChatMember")).toHaveLength(1);
    expect((await engine.chat({ platform: "telegram", externalId: String(GROUP.id) })).dailyTime).toBe("09:00");

    fake.admins.add(alice.id);
    const saved = await exchange(textMessage(GROUP, alice, "/settings time 08:00"), "sendMessage", 2);
    expect(textOf(saved[0]!)).toContain("设置已保存");
    expect((await engine.chat({ platform: "telegram", externalId: String(GROUP.id) })).dailyTime).toBe("08:00");

    const calls = fake.callsOf("getChatMember").length;
    await exchange(textMessage(privateChat(bob), bob, "/settings lang en"), "sendMessage", 2);
    expect(fake.callsOf("getChatMember").length).toBe(calls);
  });

  it("walks a quiz in a private chat one question at a time to the summary", async () => {
    const dm = privateChat(alice);
    const [first] = await exchange(textMessage(dm, alice, "/quiz rag 2 recall"), "sendMessage");
    let buttons = keyboardOf(first!)!.inline_keyboard.flat();
    const [next] = await exchange(buttonPress(dm, alice, 1, buttons[1]!.callback_data), "sendMessage", 2);
    expect(textOf(next!)).toMatch(/测验|自评/);
    const second = fake.callsOf("sendMessage").find((c) => textOf(c).includes("第 2/2 题"))!;
    buttons = keyboardOf(second)!.inline_keyboard.flat();
    await exchange(buttonPress(dm, alice, 2, buttons[1]!.callback_data), "sendMessage", 2);
    await fake.until((calls) => calls.some((c) => c.method === "sendMessage" && textOf(c).includes("测验结束")));
  });

  it("splits a reference answer longer than 4,096 characters at paragraph boundaries and escapes HTML (where rich messages are refused)", async () => {
    fake.refuseRichMessages();
    const replies = await exchange(textMessage(GROUP, alice, "/question qlong1"), "sendMessage", 2);
    await fake.until((calls) => calls.some((c) => c.method === "sendMessage" && textOf(c).includes("</pre>")));
    const parts = fake.callsOf("sendMessage").map(textOf);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(4096);
      expectValidHtml(part);
    }
    expect(parts[0]).toContain("解释 &lt;script&gt; 与 a &lt; b &amp;&amp; c &gt; d 的 *区别* _x_");
    expect(parts.join("")).toContain('<pre><code class="language-python">if a &lt; b:\n    print("&lt;ok&gt;")</code></pre>');
    expect(replies[0]!.payload.reply_parameters).toMatchObject({ allow_sending_without_reply: true });
    expect(fake.callsOf("sendRichMessage")).toHaveLength(1);
  });
});

describe("Telegram adapter: platform errors and chat changes", () => {
  it("retries a 429 after retry_after and then delivers once", async () => {
    fake.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } });
    const sends = await exchange(textMessage(GROUP, alice, "/help"), "sendMessage", 2);
    expect(sends).toHaveLength(2);
    expect(sends[0]!.payload).toEqual(sends[1]!.payload);
  });

  it("logs an update that fails with its context and keeps handling the next ones", async () => {
    fake.failNext("answerCallbackQuery", { error_code: 400, description: "Bad Request: query is too old and response timeout expired" });
    fake.push(buttonPress(GROUP, alice, 1, "garbage"));
    await fake.until((calls) => calls.some((c) => c.method === "answerCallbackQuery"));
    await eventually(async () => logged.some((line) => line.includes("query is too old")));
    const failure = JSON.parse(logged.find((line) => line.includes("query is too old"))!) as Record<string, unknown>;
    expect(failure).toMatchObject({ msg: "telegram update failed", chat: GROUP.id });
    expect(failure.update_id).toEqual(expect.any(Number));
    const [help] = await exchange(textMessage(GROUP, alice, "/help"), "sendMessage");
    expect(textOf(help!)).toContain("命令列表");
  });

  it("reports a 403 when posting as a permanent delivery failure, and pauses a chat the bot was removed from", async () => {
    fake.forbidden.add(GROUP.id);
    const chat = { platform: "telegram" as const, externalId: String(GROUP.id) };
    const failure = await messenger.send({ chat }, { text: "hi" }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect((failure as DeliveryError).permanent).toBe(true);

    fake.forbidden.clear();
    fake.push({ my_chat_member: { chat: GROUP, from: alice, date: 0, old_chat_member: { status: "member", user: user(777) }, new_chat_member: { status: "kicked", user: user(777), until_date: 0 } } });
    expect(await eventually(async () => (await engine.chat(chat)).paused)).toMatchObject({ reason: "removed" });
    fake.admins.add(alice.id);
    const settings = await exchange(textMessage(GROUP, alice, "/settings"), "sendMessage");
    expect(textOf(settings[0]!)).toContain("已暂停");
  });

  it("keeps history, streaks and schedule when a group becomes a supergroup", async () => {
    const [post] = await exchange(textMessage(GROUP, alice, "/daily"), "sendMessage");
    await exchange(buttonPress(GROUP, alice, 1, answerButton(keyboardOf(post!)!.inline_keyboard.flat())), "answerCallbackQuery");
    const supergroup = { id: -1009999, type: "supergroup" as const, title: GROUP.title };
    fake.push(textMessage(GROUP, alice, "", { text: undefined, migrate_to_chat_id: supergroup.id }));
    // Telegram sends the migration notice before anything from the supergroup; wait for it to be handled.
    await eventually(async () => (await db.prisma.chat.count({ where: { externalId: String(supergroup.id) } })) === 1);
    const [stats] = await exchange(textMessage(supergroup, alice, "/stats"), "sendMessage");
    expect(textOf(stats!)).toContain("连续 1 天");
    const [daily] = await exchange(textMessage(supergroup, alice, "/daily"), "sendMessage");
    expect(textOf(daily!)).toContain("已有 1 人作答");
  });

  it("a scripted three days in a group: streak and /top", async () => {
    const members = [alice, bob, carol];
    for (let day = 0; day < 3; day++) {
      const [post] = await exchange(textMessage(GROUP, alice, "/daily"), "sendMessage");
      const buttons = keyboardOf(post!)!.inline_keyboard.flat();
      for (const member of members) {
        if (member === carol && day === 1) continue; // Carol misses a day
        await exchange(buttonPress(GROUP, member, 1, answerButton(buttons)), "answerCallbackQuery");
      }
      clock.advance(DAY);
    }
    const [top] = await exchange(textMessage(GROUP, alice, "/top all"), "sendMessage");
    const board = textOf(top!);
    expect(board).toContain("总榜");
    for (const member of members) expect(board).toContain(member.first_name);
    const [stats] = await exchange(textMessage(GROUP, alice, "/stats"), "sendMessage");
    expect(textOf(stats!)).toContain("连续 3 天");
    const [carolStats] = await exchange(textMessage(GROUP, carol, "/stats"), "sendMessage");
    expect(textOf(carolStats!)).toContain("连续 1 天");
  });
});

describe("Telegram adapter: forum topics", () => {
  const forum = { id: -100777, type: "supergroup" as const, title: "Forum", is_forum: true as const };

  it("answers in the topic a command came from, and posts the daily question into the topic chosen with /settings post here", async () => {
    fake.admins.add(alice.id);
    const inTopic = { is_topic_message: true, message_thread_id: 42 };
    const [reply] = await exchange(textMessage(forum, alice, "/settings post here", inTopic), "sendMessage", 1);
    expect(reply!.payload.message_thread_id).toBe(42);
    const chat = { platform: "telegram" as const, externalId: String(forum.id) };
    expect((await engine.chat(chat)).dailyTarget).toBe("42");

    await messenger.send({ chat, place: (await engine.chat(chat)).dailyTarget }, { text: "每日一题" });
    expect(fake.callsOf("sendMessage").at(-1)!.payload).toMatchObject({ chat_id: forum.id, message_thread_id: 42 });
  });
});

describe("Telegram adapter: quiz-poll style", () => {
  const chat = { platform: "telegram" as const, externalId: String(GROUP.id) };

  it("posts a fitting multiple-choice daily as a non-anonymous quiz poll, records poll answers, and closes it at the reveal", async () => {
    fake.admins.add(alice.id);
    await exchange(textMessage(GROUP, alice, "/settings style poll"), "sendMessage", 2);
    const view = await engine.currentDaily(chat);
    if (!view.ok) throw new Error("no daily");
    const message = renderDaily(view.value, "zh");
    expect(message.quiz).toBeDefined();

    const messageId = await messenger.send({ chat }, message);
    const [poll] = fake.callsOf("sendPoll");
    expect(poll!.payload).toMatchObject({ chat_id: GROUP.id, type: "quiz", is_anonymous: false, correct_option_ids: [message.quiz!.correct], question: message.quiz!.stem });
    expect(fake.callsOf("sendMessage").filter((c) => c.payload.chat_id === GROUP.id && textOf(c).includes("📅 每日一题"))).toEqual([]);

    const pollId = `poll-${messageId}`;
    for (const member of [alice, bob, alice]) fake.push({ poll_answer: { poll_id: pollId, user: member, option_ids: [message.quiz!.correct], option_persistent_ids: [] } });
    fake.push({ poll_answer: { poll_id: "unknown-poll", user: carol, option_ids: [0], option_persistent_ids: [] } });
    fake.push({ poll_answer: { poll_id: pollId, user: carol, option_ids: [], option_persistent_ids: [] } }); // a retracted vote
    expect(await eventually(async () => (await db.store.countDailyAnswers(view.value.daily.id)) === 2)).toBe(true);
    const stats = await db.store.getStats((await engine.chat(chat)).id, (await db.store.ensureMember({ platform: "telegram", externalId: String(alice.id), displayName: "Alice" })).id);
    expect(stats).toMatchObject({ dailyAnswers: 1, dailyCorrect: 1, currentStreak: 1 });

    await messenger.edit({ chat }, messageId, renderDaily({ ...view.value, daily: { ...view.value.daily, revealedAt: new Date() } }, "zh"));
    expect(fake.callsOf("stopPoll")[0]!.payload).toMatchObject({ chat_id: GROUP.id, message_id: Number(messageId) });
    const reveal = fake.callsOf("sendRichMessage").at(-1)!;
    expect(textOf(reveal)).toContain("<b>参考答案</b>");
    expect(reveal.payload.reply_parameters).toMatchObject({ message_id: Number(messageId) });
    expect(reveal.payload.reply_markup).toBeUndefined();
  });

  it("keeps buttons for a chat on the buttons style and for items too long for a poll", async () => {
    const view = await engine.currentDaily(chat);
    if (!view.ok) throw new Error("no daily");
    await messenger.send({ chat }, renderDaily(view.value, "zh"));
    fake.admins.add(alice.id);
    await exchange(textMessage(GROUP, alice, "/settings style poll"), "sendMessage", 2);
    const long = renderDaily(view.value, "zh");
    await messenger.send({ chat }, { ...long, quiz: { ...long.quiz!, stem: "长".repeat(301) } });
    expect(fake.callsOf("sendPoll")).toEqual([]);
    expect(fake.callsOf("sendMessage").filter((c) => keyboardOf(c))).toHaveLength(2);
  });
});
