import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDiscord, type DiscordAdapter } from "../../../src/adapters/discord/start.js";
import { Engine } from "../../../src/engine/engine.js";
import { createMetrics } from "../../../src/metrics.js";
import { decodeAction } from "../../../src/presenter/action-codec.js";
import { fixtureBank } from "../../support/bank.js";
import { DAY, seededRandom, TestClock } from "../../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { buttonsOf, expectWithinLimits, isEphemeral, type SentMessage } from "../../support/discord-messages.js";
import { APPLICATION_ID, FakeDiscord, type FakeUser, type Where } from "../../support/fake-discord.js";

const alice: FakeUser = { id: "1001", username: "alice" };
const where: Where = { guildId: "961000000000000001" };

let fake: FakeDiscord;
let db: TestDatabase;
let clock: TestClock;
let engine: Engine;
let adapter: DiscordAdapter;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  db = await createTestDatabase();
  clock = new TestClock("2026-05-01T02:00:00Z");
  engine = new Engine({ bank: fixtureBank(), store: db.store, review: db.stores.review, clock, random: seededRandom(3) });
  adapter = await startDiscord({ engine, config: { DISCORD_TOKEN: "test-token", DISCORD_API_BASE: fake.base }, log: pino({ level: "silent" }), metrics: createMetrics() });
});

afterAll(async () => {
  await adapter?.stop();
  await fake?.close();
  await db?.dispose();
});

interface Callback {
  type: number;
  data?: SentMessage & { choices?: { name: string; value: string }[] };
}

async function callbackOf(interaction: { id: string; token: string }): Promise<Callback & { text: string }> {
  const body = (await fake.waitForCall("POST", `/interactions/${interaction.id}/${interaction.token}/callback`)).body as Callback;
  return { ...body, text: body.data && body.type !== 8 ? expectWithinLimits(body.data) : "" };
}

async function followUpOf(interaction: { token: string }, count = 1): Promise<SentMessage & { text: string }> {
  const body = (await fake.waitForCall("POST", `/webhooks/${APPLICATION_ID}/${interaction.token}`, { count })).body as SentMessage;
  return { ...body, text: expectWithinLimits(body) };
}

describe("Discord review", () => {
  it("/review runs in ephemeral replies in the server: the card, 显示答案 and the four grades, and when it comes back", async () => {
    const chat = { platform: "discord" as const, externalId: where.guildId! };
    const daily = await engine.currentDaily(chat);
    if (!daily.ok) throw new Error(daily.code);
    const question = daily.value.question;
    const wrong = question.item ? { kind: "choice" as const, index: (question.item.correct + 1) % 4 } : { kind: "recall" as const, grade: "forgot" as const };
    expect((await engine.answerDaily(chat, { platform: "discord", externalId: alice.id, displayName: "alice" }, wrong)).ok).toBe(true);
    clock.advance(DAY);

    const started = await callbackOf(fake.command(alice, "review", [], where));
    expect(isEphemeral(started.data!)).toBe(true);
    expect(started.text).toContain(question.prompt);
    const buttons = buttonsOf(started.data!);
    expect(buttons.map((b) => b.label)).toEqual(["显示答案", "不会", "模糊", "会", "秒答"]);
    for (const button of buttons) expect(decodeAction(button.custom_id)?.kind).toBe("review");

    const show = fake.press(alice, buttons[0]!.custom_id, { id: "971000000000000001", flags: 64 }, where);
    await callbackOf(show);
    const shown = await followUpOf(show);
    expect(isEphemeral(shown)).toBe(true);
    expect(shown.text).toContain(question.answer!.slice(0, 10));

    const press = fake.press(alice, buttons[3]!.custom_id, { id: "971000000000000001", flags: 64 }, where);
    const reply = await callbackOf(press);
    const graded = reply.text && /再见/.test(reply.text) ? reply.data! : await followUpOf(press);
    expect(isEphemeral(graded)).toBe(true);
    expect(expectWithinLimits(graded)).toMatch(/再见/);

    // A second press of the same (now stale) button changes nothing.
    const member = await db.store.ensureMember({ platform: "discord", externalId: alice.id, displayName: "alice" });
    const learnerId = await db.stores.review.learnerOf(member.id);
    const reps = (await db.stores.review.findCard(learnerId, question.id))!.reps;
    const stale = await callbackOf(fake.press(alice, buttons[3]!.custom_id, { id: "971000000000000001", flags: 64 }, where));
    expect(isEphemeral(stale.data!)).toBe(true);
    expect((await db.stores.review.findCard(learnerId, question.id))!.reps).toBe(reps);

    const mistakes = await callbackOf(fake.command(alice, "mistakes", [], where));
    expect(isEphemeral(mistakes.data!)).toBe(true);
  });

  it("suggests topics for /review topic and /mistakes topic", async () => {
    const suggestions = await callbackOf(fake.autocomplete(alice, "review", [{ name: "topic", type: 3, value: "检索", focused: true }], where));
    expect(suggestions.type).toBe(8);
    expect(suggestions.data!.choices!.map((c) => c.value)).toEqual(["rag"]);
    const all = await callbackOf(fake.autocomplete(alice, "mistakes", [{ name: "topic", type: 3, value: "", focused: true }], where));
    expect(all.data!.choices!.length).toBeGreaterThan(10);
  });
});
