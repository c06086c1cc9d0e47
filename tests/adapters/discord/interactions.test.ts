import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDiscord, type DiscordAdapter } from "../../../src/adapters/discord/start.js";
import { Engine } from "../../../src/engine/engine.js";
import type { ChatRef } from "../../../src/engine/types.js";
import { createMetrics } from "../../../src/metrics.js";
import { decodeAction } from "../../../src/presenter/action-codec.js";
import { fixtureBank } from "../../support/bank.js";
import { seededRandom, TestClock } from "../../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { buttonsOf, expectWithinLimits, isEphemeral, type SentMessage } from "../../support/discord-messages.js";
import { APPLICATION_ID, DAILY_CHANNEL_ID, FakeDiscord, GUILD_ID, type FakeUser, type Where } from "../../support/fake-discord.js";

/**
 * The real discord.js Client against the fake Discord: slash commands, autocomplete and buttons as
 * Discord dispatches them, asserted on what the bot sends back. One client and database for the file;
 * each test plays in its own server (a fresh chat) unless it says otherwise.
 */

const alice: FakeUser = { id: "1001", username: "alice", admin: true };
const bob: FakeUser = { id: "1002", username: "bob" };
const carol: FakeUser = { id: "1003", username: "carol", locale: "en-US" };

let fake: FakeDiscord;
let db: TestDatabase;
let engine: Engine;
let adapter: DiscordAdapter;
const metrics = createMetrics();
/** What the adapter logs at warn and above, as parsed JSON lines. */
const logged: Record<string, unknown>[] = [];
const log = pino({ level: "warn" }, { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) });

beforeAll(async () => {
  fake = await FakeDiscord.start();
  db = await createTestDatabase();
  engine = new Engine({ bank: fixtureBank(), store: db.store, clock: new TestClock("2026-05-01T02:00:00Z"), random: seededRandom(3) });
  adapter = await startDiscord({ engine, config: { DISCORD_TOKEN: "test-token", DISCORD_API_BASE: fake.base }, log, metrics });
});

afterAll(async () => {
  await adapter?.stop();
  await fake?.close();
  await db?.dispose();
});

let servers = 0;
/** A server of its own: a fresh chat with its own daily question and leaderboard. */
const freshServer = (): Where => ({ guildId: String(960000000000000000n + BigInt(++servers)) });
const chatOf = (where: Where): ChatRef => ({ platform: "discord", externalId: where.guildId ?? GUILD_ID });

interface Callback {
  type: number;
  data?: SentMessage & { choices?: { name: string; value: string }[] };
}

/** The interaction's callback (its acknowledgement), with the message checked against Discord's limits. */
async function callbackOf(interaction: { id: string; token: string }): Promise<Callback & { text: string }> {
  const call = await fake.waitForCall("POST", `/interactions/${interaction.id}/${interaction.token}/callback`);
  const body = call.body as Callback;
  expect(call.authorization).toBeUndefined(); // interaction callbacks are authorised by their token alone
  return { ...body, text: body.data && body.type !== 8 ? expectWithinLimits(body.data) : "" };
}

/** The `count`-th follow-up message of an interaction. */
async function followUpOf(interaction: { token: string }, count = 1): Promise<SentMessage & { text: string }> {
  const body = (await fake.waitForCall("POST", `/webhooks/${APPLICATION_ID}/${interaction.token}`, { count })).body as SentMessage;
  return { ...body, text: expectWithinLimits(body) };
}

/** The button to answer a posted daily question with: the first option, or "know" for recall. */
function answerButton(message: SentMessage): string {
  const buttons = buttonsOf(message);
  const recall = buttons.length === 4 && buttons[0]!.label === "显示答案";
  return buttons[recall ? 1 : 0]!.custom_id;
}

describe("slash commands", () => {
  it("/daily posts today's question publicly with answer buttons carrying the shared actions", async () => {
    const reply = await callbackOf(fake.command(alice, "daily", [], freshServer()));
    expect(reply.type).toBe(4);
    expect(isEphemeral(reply.data!)).toBe(false);
    expect(reply.text).toContain("📅 每日一题 · 2026-05-01");
    expect(reply.text).toContain("已有 0 人作答");
    const buttons = buttonsOf(reply.data!);
    expect(buttons.length).toBe(4);
    for (const button of buttons) expect(decodeAction(button.custom_id)?.kind).toBe("daily");
  });

  it("takes daily answers from several members by button: ephemeral results, a live count, a double press changes nothing", async () => {
    const where = freshServer();
    const posted = (await callbackOf(fake.command(alice, "daily", [], where))).data!;
    const data = answerButton(posted);
    const message = { id: "970000000000000001" };

    const first = fake.press(alice, data, message, where);
    const update = await callbackOf(first);
    expect(update.type).toBe(7); // the message the button is on, re-rendered
    expect(update.text).toContain("已有 1 人作答");
    expect(buttonsOf(update.data!).map((b) => b.custom_id)).toEqual(buttonsOf(posted).map((b) => b.custom_id));
    const result = await followUpOf(first);
    expect(isEphemeral(result)).toBe(true);
    expect(result.text).toMatch(/\+\d+ 分/);

    const second = fake.press(bob, data, message, where);
    expect((await callbackOf(second)).text).toContain("已有 2 人作答");
    expect(isEphemeral(await followUpOf(second))).toBe(true);

    const again = await callbackOf(fake.press(alice, data, message, where));
    expect(again.type).toBe(4);
    expect(isEphemeral(again.data!)).toBe(true);
    expect(again.text).toContain("你已经回答过这道每日一题了");
    const daily = await engine.currentDaily(chatOf(where));
    expect(daily.ok && (await db.store.countDailyAnswers(daily.value.daily.id))).toBe(2);
  });

  it("显示答案 on a recall daily shows the reference answer to the member alone", async () => {
    const where = freshServer();
    await engine.updateSettings(chatOf(where), { platform: "discord", externalId: alice.id, displayName: "alice", isAdmin: true }, { dailyMode: "recall" });
    const posted = (await callbackOf(fake.command(alice, "daily", [], where))).data!;
    const [show] = buttonsOf(posted);
    expect(show!.label).toBe("显示答案");
    const daily = await engine.currentDaily(chatOf(where));
    const answer = daily.ok ? daily.value.question.answer! : "";
    expect(answer.length).toBeGreaterThan(10);

    const press = fake.press(bob, show!.custom_id, { id: "970000000000000011" }, where);
    const ack = await callbackOf(press);
    expect(isEphemeral(ack.data!)).toBe(true);
    expect(ack.text).toBe("参考答案见下方。");
    const shown = await followUpOf(press);
    expect(isEphemeral(shown)).toBe(true);
    expect(shown.text.replace(/\\/g, "")).toContain(answer.split("\n")[0]!.replace(/[*`]/g, "").slice(0, 12));
    expect(daily.ok && (await db.store.countDailyAnswers(daily.value.daily.id))).toBe(0);
  });

  it("/quiz runs privately: the question, its show-answer button, a self-grade and the next question", async () => {
    const where = freshServer();
    const start = await callbackOf(fake.command(bob, "quiz", [{ name: "topic", type: 3, value: "rag" }, { name: "count", type: 4, value: 2 }, { name: "mode", type: 3, value: "recall" }], where));
    expect(isEphemeral(start.data!)).toBe(true);
    expect(start.text).toContain("🧠 测验 第 1/2 题");
    const [show, know] = buttonsOf(start.data!);
    expect(show!.label).toBe("显示答案");

    const showPress = fake.press(bob, show!.custom_id, { id: "970000000000000002", flags: 64 }, where);
    const shown = await callbackOf(showPress);
    expect(isEphemeral(shown.data!)).toBe(true);
    expect(shown.text).toContain("参考答案");
    const reference = await followUpOf(showPress);
    expect(isEphemeral(reference)).toBe(true);
    expect(reference.text).toContain("**参考答案**");

    const graded = fake.press(bob, know!.custom_id, { id: "970000000000000002", flags: 64 }, where);
    const verdict = await callbackOf(graded);
    expect(isEphemeral(verdict.data!)).toBe(true);
    expect(verdict.text).toContain("已记录自评：会");
    const next = await followUpOf(graded);
    expect(isEphemeral(next)).toBe(true);
    expect(next.text).toContain("🧠 测验 第 2/2 题");

    const stopped = await callbackOf(fake.command(bob, "quiz", [{ name: "stop", type: 5, value: true }], where));
    expect(stopped.text).toContain("测验已结束：答了 1/2 题");
  });

  it("/answer, /leaderboard and /stats (own and another member's) within one server", async () => {
    const where = freshServer();
    const posted = (await callbackOf(fake.command(alice, "daily", [], where))).data!;
    const answer = decodeAction(answerButton(posted));
    const value = answer?.kind === "daily" && "answer" in answer.step && answer.step.answer.kind === "choice" ? "A" : "know";
    const answered = await callbackOf(fake.command(alice, "answer", [{ name: "answer", type: 3, value }], where));
    expect(answered.text).toMatch(/\+\d+ 分/);

    const board = await callbackOf(fake.command(bob, "leaderboard", [{ name: "period", type: 3, value: "all" }], where));
    expect(isEphemeral(board.data!)).toBe(false);
    expect(board.text).toContain("🏆 排行榜 · 总榜");
    expect(board.text).toMatch(/1\\?\. alice — \d+ 分/);
    expect(board.text).toContain("你本期还没有得分");
    // Leaderboards are per server: another server's board is empty.
    expect((await callbackOf(fake.command(alice, "leaderboard", [], freshServer()))).text).toContain("还没有人得分");

    const own = await callbackOf(fake.command(alice, "stats", [], where));
    expect(isEphemeral(own.data!)).toBe(true);
    expect(own.text).toContain("📊 alice 的学习统计");
    const user = (u: FakeUser) => ({ id: u.id, username: u.username, discriminator: "0", global_name: u.username, avatar: null });
    const resolved = { users: { [alice.id]: user(alice), [bob.id]: user(bob) } };
    // Another member's stats are for an admin (alice manages the server) or the member themself.
    const refused = await callbackOf(fake.command(bob, "stats", [{ name: "member", type: 6, value: alice.id }], { ...where, resolved }));
    expect(isEphemeral(refused.data!)).toBe(true);
    expect(refused.text).toBe("只有管理员可以查看其他成员的统计。");
    expect(refused.text).not.toContain("alice 的学习统计");
    const himself = await callbackOf(fake.command(bob, "stats", [{ name: "member", type: 6, value: bob.id }], { ...where, resolved }));
    expect(himself.text).toContain("📊 bob 的学习统计");
    const byAdmin = await callbackOf(fake.command(alice, "stats", [{ name: "member", type: 6, value: bob.id }], { ...where, resolved }));
    expect(byAdmin.text).toContain("📊 bob 的学习统计");
    const other = await callbackOf(fake.command(alice, "stats", [{ name: "member", type: 6, value: alice.id }], { ...where, resolved }));
    expect(other.text).toContain("📊 alice 的学习统计");
    expect(other.text).toMatch(/每日一题：作答 1 次/);
    // In English for an English-speaking member.
    const english = await callbackOf(fake.command(carol, "stats", [{ name: "member", type: 6, value: alice.id }], { ...where, resolved: { users: { [alice.id]: user(alice) } } }));
    expect(english.text).toBe("Only admins can see other members' stats.");
  });

  it("/topics, /search (with autocomplete), /question, /reveal and /help, in the member's language", async () => {
    const where = freshServer();
    const topics = await callbackOf(fake.command(carol, "topics", [], where));
    expect(topics.text).toContain("📚 Topics (7 questions)");
    expect(topics.text).toMatch(/rag — RAG & retrieval: 2/);

    const suggestions = await callbackOf(fake.autocomplete(alice, "search", [{ name: "query", type: 3, value: "位置", focused: true }], where));
    expect(suggestions.type).toBe(8);
    expect(suggestions.data!.choices!.length).toBeLessThanOrEqual(25);
    expect(suggestions.data!.choices).toContainEqual({ name: "qtrf01 · 为什么 Transformer 需要位置编码？", value: "qtrf01" });
    const all = await callbackOf(fake.autocomplete(alice, "search", [{ name: "query", type: 3, value: "", focused: true }], where));
    expect(all.data!.choices!.length).toBeLessThanOrEqual(25);

    const found = await callbackOf(fake.command(alice, "search", [{ name: "query", type: 3, value: "位置编码" }], where));
    expect(isEphemeral(found.data!)).toBe(true);
    expect(found.text).toContain("`qtrf01`");
    const picked = await callbackOf(fake.command(alice, "search", [{ name: "query", type: 3, value: "qtrf01" }], where));
    expect(picked.text).toContain("自注意力对顺序不敏感");
    const byId = await callbackOf(fake.command(alice, "question", [{ name: "id", type: 3, value: "qrag02" }], where));
    expect(byId.text).toContain("交叉编码器精排");

    const reveal = await callbackOf(fake.command(alice, "reveal", [], where));
    expect(isEphemeral(reveal.data!)).toBe(true);
    expect(reveal.text).toContain("今天还没有每日一题");
    const help = await callbackOf(fake.command(carol, "help", [], where));
    expect(help.text).toContain("📖 Commands");
  });

  it("answers in a DM, where the member's own chat is the DM channel", async () => {
    const dm: Where = { dm: true, channelId: "980000000000000001" };
    const reply = await callbackOf(fake.command(bob, "daily", [], dm));
    expect(reply.text).toContain("📅 每日一题");
    // The member owns a DM: they may change its settings.
    expect((await callbackOf(fake.command(bob, "settings", [{ name: "reveal", type: 4, value: 30 }], dm))).text).toContain("设置已保存");
    expect((await engine.chat({ platform: "discord", externalId: dm.channelId! })).revealDelayMinutes).toBe(30);
  });
});

describe("hostile input", () => {
  it("escapes members' names on the leaderboard and in /stats: **name** does not render bold", async () => {
    const where = freshServer();
    const mallory: FakeUser = { id: "1009", username: "**mallory** `x`" };
    const posted = (await callbackOf(fake.command(alice, "daily", [], where))).data!;
    await callbackOf(fake.press(mallory, answerButton(posted), { id: "970000000000000020" }, where));
    const board = await callbackOf(fake.command(bob, "leaderboard", [{ name: "period", type: 3, value: "all" }], where));
    expect(board.text).toMatch(/1\\?\. \\\*\\\*mallory\\\*\\\* \\`x\\` — \d+ 分/);
    expect(board.text).not.toContain("**mallory**");
    const stats = await callbackOf(fake.command(mallory, "stats", [], where));
    expect(stats.text).toContain("📊 \\*\\*mallory\\*\\* \\`x\\` 的学习统计");
  });

  it("answers a 6,000-character /search with one ephemeral line, and echoes an unmatched query short and inert", async () => {
    const where = freshServer();
    const long = fake.command(alice, "search", [{ name: "query", type: 3, value: "注意力".repeat(2000) }], where);
    const refused = await callbackOf(long);
    expect(isEphemeral(refused.data!)).toBe(true);
    expect(refused.text).toBe("输入太长了：最多 100 个字符。");
    const unmatched = await callbackOf(fake.command(alice, "search", [{ name: "query", type: 3, value: `**无此词** ${"词".repeat(60)}` }], where));
    expect(unmatched.text).toBe(`没有找到与 “\\*\\*无此词\\*\\* ${"词".repeat(31)}…” 相关的题目。`);
    expect(fake.callsTo("POST", `/webhooks/${APPLICATION_ID}/${long.token}`)).toEqual([]);
  });
});

describe("/settings", () => {
  const channelOption = (id: string) => ({
    options: [{ name: "channel", type: 7, value: id }],
    resolved: { channels: { [id]: { id, type: 0, name: "daily", permissions: "2199023255551" } } },
  });

  it("refuses a member who may not manage the server, and changes nothing", async () => {
    const where = freshServer();
    const reply = await callbackOf(fake.command(bob, "settings", [{ name: "time", type: 3, value: "06:00" }], where));
    expect(isEphemeral(reply.data!)).toBe(true);
    expect(reply.text).toContain("只有管理员可以修改设置");
    expect((await engine.chat(chatOf(where))).dailyTime).not.toBe("06:00");
  });

  it("lets an admin pick the daily channel, time and time zone (with autocomplete), and names a bad value", async () => {
    const where = freshServer();
    const zones = await callbackOf(fake.autocomplete(alice, "settings", [{ name: "timezone", type: 3, value: "shang", focused: true }], where));
    expect(zones.data!.choices).toContainEqual({ name: "Asia/Shanghai", value: "Asia/Shanghai" });
    const anyZone = await callbackOf(fake.autocomplete(alice, "settings", [{ name: "timezone", type: 3, value: "", focused: true }], where));
    expect(anyZone.data!.choices!.length).toBe(25);

    const { options, resolved } = channelOption(DAILY_CHANNEL_ID);
    const saved = await callbackOf(
      fake.command(alice, "settings", [...options, { name: "timezone", type: 3, value: "Europe/Berlin" }, { name: "time", type: 3, value: "07:30" }, { name: "mode", type: 3, value: "recall" }], { ...where, resolved }),
    );
    expect(isEphemeral(saved.data!)).toBe(true);
    expect(saved.text).toContain("✅ 设置已保存。");
    expect(saved.text).toContain(`每日一题频道：<#${DAILY_CHANNEL_ID}>`);
    const chat = await engine.chat(chatOf(where));
    expect(chat).toMatchObject({ dailyTarget: DAILY_CHANNEL_ID, timeZone: "Europe/Berlin", dailyTime: "07:30", dailyMode: "recall" });

    const bad = await callbackOf(fake.command(alice, "settings", [{ name: "timezone", type: 3, value: "Mars/Olympus" }], where));
    expect(bad.text).toContain("timezone 的值不正确：Mars/Olympus");
    expect((await engine.chat(chatOf(where))).timeZone).toBe("Europe/Berlin");
  });

  it("tells the admin why daily posting is paused and resumes it when the daily is switched on", async () => {
    const where = freshServer();
    const chat = await engine.chat(chatOf(where));
    await db.store.setChatPause(chat.id, { at: new Date("2026-04-30T01:00:00Z"), reason: "forbidden: Missing Permissions" });
    const shown = await callbackOf(fake.command(alice, "settings", [], where));
    expect(shown.text).toContain("⏸ 每日一题已暂停：机器人没有在这里发消息的权限");
    expect(shown.text).toContain("/settings");
    expect(shown.text).toContain("每日一题频道：未设置");

    const resumed = await callbackOf(fake.command(alice, "settings", [{ name: "daily", type: 5, value: true }], where));
    expect(resumed.text).not.toContain("⏸");
    expect((await engine.chat(chatOf(where))).paused).toBeNull();
  });
});

describe("buttons", () => {
  it("answers forged, malformed and old-version custom_ids with a friendly ephemeral reply and changes nothing", async () => {
    const where = freshServer();
    const posted = (await callbackOf(fake.command(alice, "daily", [], where))).data!;
    const real = decodeAction(answerButton(posted));
    const dailyId = real?.kind === "daily" ? real.dailyId : 0;
    for (const customId of ["garbage", `1:d:${dailyId + 1000}:0`, `2:d:${dailyId}:0`, `1:d:${dailyId}:9`, "1:q:1:0:s"]) {
      const reply = await callbackOf(fake.press(bob, customId, { id: "970000000000000003" }, where));
      expect(reply.type, customId).toBe(4);
      expect(isEphemeral(reply.data!)).toBe(true);
      expect(reply.text).toContain("这个按钮已经过期了");
    }
    const daily = await engine.currentDaily(chatOf(where));
    expect(daily.ok && (await db.store.countDailyAnswers(daily.value.daily.id))).toBe(0);
  });

  it("counts handled interactions and no errors", async () => {
    const handled = (await metrics.updatesHandled.get()).values;
    expect(handled.find((v) => v.labels.kind === "button")?.value).toBeGreaterThan(0);
    expect(handled.find((v) => v.labels.kind === "autocomplete")?.value).toBeGreaterThan(0);
    expect((await metrics.updateErrors.get()).values.reduce((sum, v) => sum + v.value, 0)).toBe(0);
    expect(fake.callsTo("GET", "/gateway/bot")[0]?.authorization).toBe("Bot test-token");
    expect(adapter.owns(chatOf({}))).toBe(true); // one shard owns every chat
  });

  it("logs a failing interaction with its context, apologises to the member and goes on with the next", async () => {
    const where = freshServer();
    fake.respond("POST", /\/callback$/, { status: 400, body: { message: "Invalid Form Body", code: 50035 } });
    const failing = fake.command(alice, "topics", [], where);
    const apology = (await fake.waitForCall("POST", `/interactions/${failing.id}/${failing.token}/callback`, { count: 2 })).body as Callback;
    expect(apology.data?.flags).toBe(64);
    expect(apology.data?.content).toBe("出了点问题，这次操作没有完成，请稍后再试。");
    expect(logged).toContainEqual(expect.objectContaining({ msg: "discord interaction failed", interaction: expect.objectContaining({ command: "topics", guild: where.guildId, user: alice.id }) }));
    expect(JSON.stringify(logged)).not.toContain("test-token");
    expect((await metrics.updateErrors.get()).values[0]?.value).toBe(1);
    expect((await callbackOf(fake.command(alice, "topics", [], where))).text).toContain("📚 题库主题");
  });
});
