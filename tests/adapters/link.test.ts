import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDiscord, type DiscordAdapter } from "../../src/adapters/discord/start.js";
import { Engine } from "../../src/engine/engine.js";
import { createMetrics } from "../../src/metrics.js";
import { decodeAction } from "../../src/presenter/action-codec.js";
import { fixtureBank } from "../support/bank.js";
import { DAY, seededRandom, TestClock } from "../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { buttonsOf as discordButtons, expectWithinLimits, isEphemeral, type SentMessage } from "../support/discord-messages.js";
import { APPLICATION_ID, FakeDiscord, type FakeUser, type Where } from "../support/fake-discord.js";
import { buttonPress, FAKE_BOT, FakeTelegram, GROUP, privateChat, textMessage, user, type RecordedCall, type UploadedFile } from "../support/fake-telegram.js";
import { runTelegramBot, type RunningTestBot } from "../support/telegram-bot.js";

/** One member with an account on each platform, one database, the real grammY and discord.js adapters. */
const aliceTg = user(11, { first_name: "Alice" });
const aliceDc: FakeUser = { id: "1001", username: "alice_d" };
const where: Where = { guildId: "961000000000000001" };

let telegramFake: FakeTelegram;
let discordFake: FakeDiscord;
let db: TestDatabase;
let clock: TestClock;
let engine: Engine;
let telegram: RunningTestBot;
let discord: DiscordAdapter;

beforeAll(async () => {
  telegramFake = new FakeTelegram();
  await telegramFake.start();
  discordFake = await FakeDiscord.start();
  db = await createTestDatabase();
  clock = new TestClock("2026-05-01T02:00:00Z");
  engine = new Engine({ bank: fixtureBank(), store: db.store, review: db.stores.review, identity: db.stores.identity, clock, random: seededRandom(7) });
  telegram = await runTelegramBot(telegramFake, engine, pino({ level: "silent" }));
  discord = await startDiscord({ engine, config: { DISCORD_TOKEN: "test-token", DISCORD_API_BASE: discordFake.base }, log: pino({ level: "silent" }), metrics: createMetrics() });
});

afterAll(async () => {
  await telegram?.stop();
  await discord?.stop();
  await discordFake?.close();
  await telegramFake?.stop();
  await db?.dispose();
});

type Button = { text: string; callback_data?: string; url?: string };
const telegramButtons = (call: RecordedCall) => ((call.payload.reply_markup as { inline_keyboard: Button[][] } | undefined)?.inline_keyboard ?? []).flat();

async function telegramSent(method: string, predicate: (call: RecordedCall) => boolean, since = 0): Promise<RecordedCall> {
  return telegramFake.until((calls) => calls.slice(since).find((call) => call.method === method && predicate(call)));
}

interface Callback {
  type: number;
  data?: SentMessage;
}

async function discordReply(interaction: { id: string; token: string }): Promise<{ type: number; message: SentMessage; text: string; files?: { filename: string; bytes: Buffer }[] }> {
  const call = await discordFake.waitForCall("POST", `/interactions/${interaction.id}/${interaction.token}/callback`);
  const body = call.body as Callback;
  return { type: body.type, message: body.data!, text: body.data ? expectWithinLimits(body.data) : "", ...(call.files ? { files: call.files } : {}) };
}

async function discordFollowUp(interaction: { token: string }): Promise<SentMessage & { text: string }> {
  const body = (await discordFake.waitForCall("POST", `/webhooks/${APPLICATION_ID}/${interaction.token}`)).body as SentMessage;
  return { ...body, text: expectWithinLimits(body) };
}

describe("linking a Telegram and a Discord account", () => {
  it("/link gives a code privately (a deep link in a group); /link <code> on Discord asks to merge; after the button the Telegram deck is reviewed on Discord", async () => {
    // Alice answered the Telegram group's daily question wrongly: a card in her Telegram deck.
    const group = { platform: "telegram" as const, externalId: String(GROUP.id) };
    const daily = await engine.currentDaily(group);
    if (!daily.ok) throw new Error(daily.code);
    const question = daily.value.question;
    const wrong = question.item ? { kind: "choice" as const, index: (question.item.correct + 1) % 4 } : { kind: "recall" as const, grade: "forgot" as const };
    expect((await engine.answerDaily(group, { platform: "telegram", externalId: String(aliceTg.id), displayName: "Alice" }, wrong)).ok).toBe(true);

    // In the group: a button to the private chat, never a code.
    telegramFake.push(textMessage(GROUP, aliceTg, "/link"));
    const redirect = await telegramSent("sendMessage", (call) => Number(call.payload.chat_id) === GROUP.id);
    expect(telegramButtons(redirect)).toEqual([{ text: expect.any(String), url: `https://t.me/${FAKE_BOT.username}?start=link` }]);
    expect(String(redirect.payload.text)).not.toMatch(/<code>[0-9A-Z]{8}<\/code>/);

    // The button opens the private chat with /start link: the code is there.
    telegramFake.push(textMessage(privateChat(aliceTg), aliceTg, "/start link"));
    const issued = await telegramSent("sendMessage", (call) => Number(call.payload.chat_id) === aliceTg.id && /<code>[0-9A-Z]{8}<\/code>/.test(String(call.payload.text)));
    const code = /<code>([0-9A-Z]{8})<\/code>/.exec(String(issued.payload.text))![1]!;
    expect(String(issued.payload.text)).toContain("10 分钟");
    expect(telegramFake.calls.filter((call) => Number(call.payload.chat_id) === GROUP.id && String(call.payload.text).includes(code))).toHaveLength(0);

    // On Discord, in a server: the question, only Alice sees it.
    const asked = await discordReply(discordFake.command(aliceDc, "link", [{ name: "code", type: 3, value: code.toLowerCase() }], where));
    expect(isEphemeral(asked.message)).toBe(true);
    expect(asked.text).toContain("把这个 Discord 账号和 Telegram 账号 Alice 合并？");
    const [merge, cancel] = discordButtons(asked.message);
    expect([merge!.label, cancel!.label]).toEqual(["✅ 合并", "取消"]);
    expect(decodeAction(merge!.custom_id)).toMatchObject({ kind: "link", confirm: true });

    const press = discordFake.press(aliceDc, merge!.custom_id, { id: "971000000000000009", flags: 64 }, where);
    const pressed = await discordReply(press);
    expect(pressed.text).toContain("已合并");
    const detail = await discordFollowUp(press);
    expect(isEphemeral(detail)).toBe(true);
    expect(detail.text).toMatch(/Telegram：Alice/);

    // The next day the Telegram mistake is due on Discord.
    clock.advance(DAY);
    const review = await discordReply(discordFake.command(aliceDc, "review", [], where));
    expect(isEphemeral(review.message)).toBe(true);
    expect(review.text).toContain(question.prompt);

    // /link on Telegram now lists both accounts (and gives a new code).
    const since = telegramFake.calls.length;
    telegramFake.push(textMessage(privateChat(aliceTg), aliceTg, "/link"));
    const listed = await telegramSent("sendMessage", (call) => Number(call.payload.chat_id) === aliceTg.id, since);
    expect(String(listed.payload.text)).toMatch(/Discord：alice_d/);
  });

  it("/mydata sends the JSON export as a Telegram document and a Discord ephemeral attachment", async () => {
    telegramFake.push(textMessage(privateChat(aliceTg), aliceTg, "/mydata"));
    const document = await telegramSent("sendDocument", (call) => Number(call.payload.chat_id) === aliceTg.id);
    const file = document.payload.document as UploadedFile;
    expect(file.filename).toBe("studybot-data.json");
    const exported = JSON.parse(file.bytes.toString("utf8")) as { identities: { platform: string }[]; cards: unknown[]; dailyAnswers: unknown[] };
    expect(exported.identities.map((identity) => identity.platform)).toEqual(["telegram", "discord"]);
    expect(exported.cards).toHaveLength(1);
    expect(exported.dailyAnswers).toHaveLength(1);

    // Typed in the group: the deep link, no file.
    const before = telegramFake.callsOf("sendDocument").length;
    telegramFake.push(textMessage(GROUP, aliceTg, "/mydata"));
    const redirect = await telegramSent("sendMessage", (call) => Number(call.payload.chat_id) === GROUP.id && telegramButtons(call).some((b) => b.url?.endsWith("start=mydata")));
    expect(redirect).toBeDefined();
    expect(telegramFake.callsOf("sendDocument")).toHaveLength(before);

    const reply = await discordReply(discordFake.command(aliceDc, "mydata", [], where));
    expect(isEphemeral(reply.message)).toBe(true);
    expect(reply.files?.[0]?.filename).toBe("studybot-data.json");
    expect((JSON.parse(reply.files![0]!.bytes.toString("utf8")) as { identities: unknown[] }).identities).toHaveLength(2);
  });

  it("five wrong codes within 10 minutes, then a short refusal", async () => {
    const mallory = user(66, { first_name: "Mallory" });
    for (let i = 0; i < 6; i++) telegramFake.push(textMessage(privateChat(mallory), mallory, `/link ZZZZZZZ${i}`));
    const refused = await telegramSent("sendMessage", (call) => Number(call.payload.chat_id) === mallory.id && /太多/.test(String(call.payload.text)));
    expect(String(refused.payload.text)).toContain("10 分钟");
    expect(telegramFake.calls.filter((call) => Number(call.payload.chat_id) === mallory.id && /无效/.test(String(call.payload.text)))).toHaveLength(5);
  });

  it("/forgetme on Telegram asks first; the button erases and the message loses its buttons", async () => {
    const since = telegramFake.calls.length;
    telegramFake.push(textMessage(privateChat(aliceTg), aliceTg, "/forgetme"));
    const question = await telegramSent("sendMessage", (call) => Number(call.payload.chat_id) === aliceTg.id && /确定删除/.test(String(call.payload.text)), since);
    const yes = telegramButtons(question).find((b) => b.text.includes("删除我的数据"))!.callback_data!;
    telegramFake.push(buttonPress(privateChat(aliceTg), aliceTg, Number((question.payload as { message_id?: number }).message_id ?? 7000), yes));
    const toast = await telegramSent("answerCallbackQuery", () => true, since);
    expect(String(toast.payload.text)).toContain("已删除 2 个账号");
    const edited = await telegramSent("editMessageText", (call) => Number(call.payload.chat_id) === aliceTg.id, since);
    expect(String(edited.payload.text)).toContain("已删除");
    expect(edited.payload.reply_markup).toBeUndefined();
    expect(await db.prisma.member.count({ where: { externalId: { in: [String(aliceTg.id), aliceDc.id] } } })).toBe(0);
    expect(await db.prisma.reviewCard.count()).toBe(0);
    expect(await db.prisma.dailyAnswer.count()).toBe(1);
  });
});
