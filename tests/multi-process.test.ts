import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../src/engine/engine.js";
import type { ChatRef } from "../src/engine/types.js";
import { decodeAction } from "../src/presenter/action-codec.js";
import { fixtureBank } from "./support/bank.js";
import { startBot, type BotProcess } from "./support/bot-process.js";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "./support/database.js";
import { buttonPress, FakeTelegram, textMessage, user, type RecordedCall } from "./support/fake-telegram.js";

/**
 * Two real bot processes (`npm start`) against one PostgreSQL, behind one Telegram webhook URL (the
 * test plays the load balancer): both schedulers race on the same due groups, members' taps land on
 * either process (double taps on both), and both processes must agree on the leaderboard.
 */
const GROUPS = 12;
const SECRET = "multi-process-secret";
const members = Array.from({ length: 6 }, (_, i) => user(500 + i, { first_name: `M${i}` }));
const groups = Array.from({ length: GROUPS }, (_, i) => ({ id: -2000 - i, type: "group" as const, title: `group ${i}` }));

let fake: FakeTelegram;
let db: TestDatabase;
const bots: { process: BotProcess; port: number }[] = [];

/** Local "HH:MM" in Shanghai a minute ago: every group is due as soon as a process starts. */
function aMinuteAgoInShanghai(): string {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date(Date.now() - 60_000));
  return `${parts.find((p) => p.type === "hour")!.value}:${parts.find((p) => p.type === "minute")!.value}`;
}

async function post(port: number, update: object): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}/`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
    body: JSON.stringify({ update_id: Math.floor(Math.random() * 1e9), ...update }),
  });
  expect(response.status).toBe(200);
}

const textOf = (call: RecordedCall) => String(call.payload.text);
const dailyPosts = () => fake.callsOf("sendMessage").filter((c) => textOf(c).includes("📅 每日一题"));

describe.runIf(testDatabaseKind() === "postgres")("two bot processes on one PostgreSQL", () => {
  beforeAll(async () => {
    fake = new FakeTelegram();
    await fake.start();
    db = await createTestDatabase();
    const engine = new Engine({ bank: fixtureBank(), store: db.store, clock: { now: () => new Date() } });
    const admin = { platform: "telegram" as const, externalId: "1", displayName: "admin", isAdmin: true };
    const dailyTime = aMinuteAgoInShanghai();
    for (const group of groups) await engine.updateSettings({ platform: "telegram", externalId: String(group.id) }, admin, { dailyTime });

    const env = {
      DATABASE_URL: db.url,
      DATABASE_POOL_SIZE: "4",
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.url,
      TELEGRAM_WEBHOOK_URL: "https://bot.example.test/telegram",
      TELEGRAM_WEBHOOK_PORT: "0",
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    };
    const started = await Promise.all([startBot({ env }), startBot({ env })]);
    for (const process of started) {
      const listening = await process.waitForLog((line) => line.msg === "telegram webhook listening");
      bots.push({ process, port: Number(listening.port) });
    }
  }, 90_000);

  afterAll(async () => {
    for (const bot of bots) await bot.process.stop();
    await fake?.stop();
    await db?.dispose();
  });

  it("post each group's daily question exactly once, count each member's answer once, and agree on /top", async () => {
    // Both schedulers ticked at start and raced for every group.
    await fake.until(() => dailyPosts().length >= GROUPS, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // a late duplicate would show up by now
    const posts = dailyPosts();
    expect(posts.map((c) => c.payload.chat_id).sort()).toEqual(groups.map((g) => g.id).sort());
    const dailies = await db.prisma.dailyQuestion.findMany();
    expect(dailies).toHaveLength(GROUPS);
    expect(dailies.every((d) => d.messageId !== null)).toBe(true);
    const postedBy = bots.map((bot) => bot.process.logs().filter((l) => l.msg === "daily scheduler tick").reduce((sum, l) => sum + Number(l.posted ?? 0), 0));
    expect(postedBy[0]! + postedBy[1]!).toBe(GROUPS);

    // Every member taps in the first three groups; each tap reaches one process, and every
    // member taps twice, once on each process.
    const tapped = groups.slice(0, 3);
    for (const group of tapped) {
      const postCall = posts.find((c) => c.payload.chat_id === group.id)!;
      const buttons = (postCall.payload.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard.flat();
      const answer = buttons.find((b) => { const a = decodeAction(b.callback_data); return a?.kind === "daily" && "answer" in a.step; })!;
      await Promise.all(members.flatMap((member) => bots.map((bot) => post(bot.port, buttonPress(group, member, 1, answer.callback_data)))));
    }
    await fake.until(() => fake.callsOf("answerCallbackQuery").length >= tapped.length * members.length * 2 && true, 20_000);
    const answers = await db.prisma.dailyAnswer.findMany({ include: { daily: { include: { chat: true } } } });
    expect(answers).toHaveLength(tapped.length * members.length);
    for (const group of tapped) expect(answers.filter((a) => a.daily.chat.externalId === String(group.id))).toHaveLength(members.length);
    const toasts = fake.callsOf("answerCallbackQuery").map((c) => String(c.payload.text));
    expect(toasts.filter((text) => text.includes("你已经回答过"))).toHaveLength(tapped.length * members.length);

    // /top all asked of each process: the same standings.
    const group = tapped[0]!;
    const tops: string[] = [];
    for (const bot of bots) {
      const before = fake.callsOf("sendMessage").length;
      await post(bot.port, textMessage(group, members[0]!, "/top all"));
      const reply = await fake.until(() => fake.callsOf("sendMessage").slice(before).find((c) => textOf(c).includes("排行榜")));
      tops.push(textOf(reply));
    }
    expect(tops[0]).toBe(tops[1]);
    for (const member of members) expect(tops[0]).toContain(member.first_name);

    const chat: ChatRef = { platform: "telegram", externalId: String(group.id) };
    const chatId = (await db.store.ensureChat(chat)).id;
    const totals = await db.prisma.scoreTotal.findMany({ where: { chatId, period: "all" } });
    expect(totals).toHaveLength(members.length);
  });
});
