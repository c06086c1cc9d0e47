import { REST } from "discord.js";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiscordMessenger } from "../../../src/adapters/discord/messenger.js";
import { startDiscord, type DiscordAdapter } from "../../../src/adapters/discord/start.js";
import type { Question } from "../../../src/bank/schema.js";
import type { DailyView } from "../../../src/engine/daily.js";
import { Engine } from "../../../src/engine/engine.js";
import { DeliveryError, type ChatRef, type Destination } from "../../../src/engine/types.js";
import { createMetrics } from "../../../src/metrics.js";
import { renderDaily } from "../../../src/presenter/question.js";
import { fixtureBank } from "../../support/bank.js";
import { seededRandom, TestClock } from "../../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { buttonsOf, expectWithinLimits, type SentMessage } from "../../support/discord-messages.js";
import { DAILY_CHANNEL_ID, FakeDiscord, GUILD_ID } from "../../support/fake-discord.js";

/**
 * The messenger the daily scheduler uses, through the real discord.js REST client against the fake:
 * what it posts and edits, how long answers are split, and how Discord's refusals become DeliveryErrors.
 */

const PARAGRAPH = (n: number) => `第 ${n} 段：${"注意力把每个位置的查询与所有键比较，再按权重汇总值。".repeat(36)}`;
/** A question whose reference answer is far beyond one embed, with Markdown-special characters everywhere. */
const LONG: Question = {
  id: "qlong1",
  topic: "transformer",
  prompt: "# 为什么 *attention* 要除以 √d_k？__init__ ~~x~~ ||剧透|| > [链接](https://example.com)",
  difficulty: 3,
  sources: [{ file: "fixture.txt", number: 1 }],
  answer: [PARAGRAPH(1), PARAGRAPH(2), PARAGRAPH(3), "```python\nscores = q @ k.T / math.sqrt(d_k)  # **not bold**\n```", PARAGRAPH(4), PARAGRAPH(5), PARAGRAPH(6), PARAGRAPH(7)].join("\n\n"),
};

let fake: FakeDiscord;
let db: TestDatabase;
let engine: Engine;
let adapter: DiscordAdapter;
const metrics = createMetrics();
const chat: ChatRef = { platform: "discord", externalId: GUILD_ID };
const daily: Destination = { chat, place: DAILY_CHANNEL_ID };
const channelMessages = `/channels/${DAILY_CHANNEL_ID}/messages`;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  db = await createTestDatabase();
  engine = new Engine({ bank: fixtureBank([LONG]), store: db.store, clock: new TestClock("2026-05-01T02:00:00Z"), random: seededRandom(1) });
  adapter = await startDiscord({ engine, config: { DISCORD_TOKEN: "test-token", DISCORD_API_BASE: fake.base }, log: pino({ level: "silent" }), metrics });
});

afterAll(async () => {
  await adapter?.stop();
  await fake?.close();
  await db?.dispose();
});

async function todaysDaily(): Promise<DailyView> {
  const view = await engine.currentDaily(chat);
  if (!view.ok) throw new Error(view.code);
  return view.value;
}

const bodies = (since: number, method = "POST", path: string | RegExp = channelMessages) => fake.callsTo(method, path, since).map((call) => call.body as SentMessage);

describe("DiscordMessenger", () => {
  it("posts the daily to its channel as an embed with buttons, then edits the reference answer in at the reveal", async () => {
    const view = await todaysDaily();
    const since = fake.calls.length;
    const messageId = await adapter.messenger.send(daily, renderDaily(view, "zh"));

    const [posted, ...more] = bodies(since);
    expect(more).toEqual([]);
    expect(fake.message(messageId)).toBeDefined();
    const text = expectWithinLimits(posted!);
    expect(text).toContain("📅 每日一题 · 2026-05-01");
    expect(text).not.toContain("**参考答案**");
    expect(posted!.flags).toBeUndefined();
    expect(buttonsOf(posted!).map((b) => b.label)).toEqual(["显示答案", "会", "模糊", "不会"]);
    expect(fake.callsTo("POST", channelMessages, since)[0]!.authorization).toBe("Bot test-token");

    const revealedSince = fake.calls.length;
    await adapter.messenger.edit(daily, messageId, renderDaily({ ...view, daily: { ...view.daily, revealedAt: new Date("2026-05-01T03:00:00Z") } }, "zh"));
    const edits = bodies(revealedSince, "PATCH", `${channelMessages}/${messageId}`);
    expect(edits.length).toBe(1);
    const edited = expectWithinLimits(edits[0]!);
    expect(edited).toContain("**参考答案**");
    // The answer buttons stay, and 🚩 报错 joins them once the answer is shown.
    expect(buttonsOf(edits[0]!).map((b) => b.label)).toEqual(["显示答案", "会", "模糊", "不会", "🚩 报错"]);
    // The answer (about 9,000 characters) does not fit one message: the rest follows as new messages.
    const overflow = bodies(revealedSince);
    expect(overflow.length).toBeGreaterThan(0);
    const all = [edited, ...overflow.map(expectWithinLimits)].join("\n");
    for (let n = 1; n <= 7; n++) expect(all).toContain(`第 ${n} 段`);
    for (const message of overflow) expect(message.components).toEqual([]);
  });

  it("splits a reference answer longer than 4,096 characters into embeds within every limit, code kept in its block, Markdown escaped", async () => {
    const view = await todaysDaily();
    expect(LONG.answer!.length).toBeGreaterThan(4096);
    const since = fake.calls.length;
    await adapter.messenger.send(daily, renderDaily({ ...view, daily: { ...view.daily, revealedAt: new Date() } }, "zh"));
    const sent = bodies(since);
    const embeds = sent.flatMap((message) => message.embeds ?? []);
    expect(embeds.length).toBeGreaterThanOrEqual(2);
    expect(sent.length).toBeGreaterThanOrEqual(2); // 6,000 characters per message
    for (const message of sent) expectWithinLimits(message);
    const all = embeds.map((embed) => embed.description).join("\n\n");
    expect(all).toContain("```python\nscores = q @ k.T / math.sqrt(d_k)  # **not bold**\n```");
    expect(all).toContain("**\\# 为什么 \\*attention\\* 要除以 √d\\_k？\\_\\_init\\_\\_ \\~\\~x\\~\\~ \\|\\|剧透\\|\\| > \\[链接](https://example.com)**");
  });

  it("waits out a 429 with retry_after and succeeds (discord.js's REST queue retries)", async () => {
    const view = await todaysDaily();
    fake.respond("POST", channelMessages, {
      status: 429,
      body: { message: "You are being rate limited.", retry_after: 0.25, global: false },
      headers: { "retry-after": "0.25", "x-ratelimit-scope": "user", "x-ratelimit-limit": "5", "x-ratelimit-remaining": "0", "x-ratelimit-reset-after": "0.25" },
    });
    const since = fake.calls.length;
    const started = Date.now();
    const id = await adapter.messenger.send(daily, renderDaily(view, "zh"));
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(fake.callsTo("POST", channelMessages, since).length).toBe(2);
    expect(fake.message(id)).toBeDefined();
  });

  it.each([
    [403, 50013, "Missing Permissions", "forbidden", true],
    [403, 50001, "Missing Access", "forbidden", true],
    [404, 10003, "Unknown Channel", "not_found", true],
    [400, 50035, "Invalid Form Body", "rejected", false],
  ] as const)("maps a %i (code %i) on the daily channel into DeliveryError %s", async (status, code, message, failure, permanent) => {
    const view = await todaysDaily();
    fake.respond("POST", channelMessages, { status, body: { message, code } });
    const error = await adapter.messenger.send(daily, renderDaily(view, "zh")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ failure, permanent });
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain("test-token");
  });

  it("maps an edit of a deleted message to not_found and an unreachable API to network", async () => {
    fake.respond("PATCH", `${channelMessages}/1234`, { status: 404, body: { message: "Unknown Message", code: 10008 } });
    await expect(adapter.messenger.edit(daily, "1234", { text: "x" })).rejects.toMatchObject({ failure: "not_found" });
    const offline = new DiscordMessenger(new REST({ api: "http://127.0.0.1:9/api", retries: 0 }).setToken("test-token"));
    await expect(offline.send(daily, { text: "x" })).rejects.toMatchObject({ failure: "network" });
    const failures = (await metrics.apiErrors.get()).values.map((v) => v.labels.failure);
    expect(failures).toEqual(expect.arrayContaining(["forbidden", "not_found", "rejected"]));
  });

  it("posts to the chat's own channel when no place is given (a DM)", async () => {
    const since = fake.calls.length;
    await adapter.messenger.send({ chat: { platform: "discord", externalId: "980000000000000009" } }, { text: "hi **there** _you_" });
    const [body] = bodies(since, "POST", "/channels/980000000000000009/messages");
    expect(expectWithinLimits(body!)).toBe("hi **there** \\_you\\_");
  });
});
