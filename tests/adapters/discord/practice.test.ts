import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDiscord, type DiscordAdapter } from "../../../src/adapters/discord/start.js";
import { Engine } from "../../../src/engine/engine.js";
import { createMetrics } from "../../../src/metrics.js";
import { decodeAction } from "../../../src/presenter/action-codec.js";
import { fixtureBank } from "../../support/bank.js";
import { seededRandom, TestClock } from "../../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { buttonsOf, expectWithinLimits, isEphemeral, type SentMessage } from "../../support/discord-messages.js";
import { FakeDiscord, type FakeUser, type Where } from "../../support/fake-discord.js";
import { FULL_ANSWERS, PRACTICE_QUESTIONS, practiceDeps } from "../../support/practice.js";

/** The real discord.js Client against the fake Discord: /practice, the 作答 modal, its submit and the grade buttons. */

const alice: FakeUser = { id: "2001", username: "alice" };
const bob: FakeUser = { id: "2002", username: "bob" };

let fake: FakeDiscord;
let db: TestDatabase;
let adapter: DiscordAdapter;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  db = await createTestDatabase();
  const engine = new Engine({ bank: fixtureBank(PRACTICE_QUESTIONS), store: db.store, review: db.stores.review, clock: new TestClock("2026-05-01T02:00:00Z"), random: seededRandom(3), practice: practiceDeps(db) });
  adapter = await startDiscord({ engine, config: { DISCORD_TOKEN: "test-token", DISCORD_API_BASE: fake.base }, log: pino({ level: "silent" }), metrics: createMetrics() });
});

afterAll(async () => {
  await adapter?.stop();
  await fake?.close();
  await db?.dispose();
});

let servers = 0;
const freshServer = (): Where => ({ guildId: String(961000000000000000n + BigInt(++servers)) });

interface Callback {
  type: number;
  data?: SentMessage & Record<string, unknown>;
}

async function callbackOf(interaction: { id: string; token: string }): Promise<Callback & { text: string }> {
  const call = await fake.waitForCall("POST", `/interactions/${interaction.id}/${interaction.token}/callback`);
  const body = call.body as Callback;
  expect(call.status).toBeLessThan(300);
  return { ...body, text: body.data && body.type !== 9 ? expectWithinLimits(body.data) : "" };
}

/** /practice and the 作答 button on its (ephemeral) question. */
async function askPractice(user: FakeUser, where: Where, topic = "finetuning") {
  const asked = await callbackOf(fake.command(user, "practice", [{ name: "topic", type: 3, value: topic }], where));
  const [button] = buttonsOf(asked.data!);
  return { asked, button: button! };
}

describe("Discord practice", () => {
  it("/practice asks privately with a 作答 button; the button opens a modal with a paragraph input of 4,000 characters", async () => {
    const where = freshServer();
    const { asked, button } = await askPractice(alice, where);
    expect(isEphemeral(asked.data!)).toBe(true);
    expect(asked.text).toContain("LoRA 的原理是什么？");
    expect(asked.text).not.toContain("LoRA 训练的是哪部分？");
    expect(button.label).toBe("作答");
    expect(decodeAction(button.custom_id)?.kind).toBe("practice");

    const opened = await callbackOf(fake.press(alice, button.custom_id, { id: "971000000000000001", flags: 64 }, where));
    expect(opened.type).toBe(9); // MODAL
    const modal = opened.data as unknown as { custom_id: string; title: string; components: { components: { type: number; style: number; max_length: number; required: boolean }[] }[] };
    expect(modal.custom_id).toBe(button.custom_id);
    expect(modal.title).toContain("作答");
    expect(modal.components[0]!.components[0]).toMatchObject({ type: 4, style: 2, max_length: 4000, required: true });
  });

  it("the modal submit is graded and the feedback is ephemeral, with the grade buttons; a grade press confirms it", async () => {
    const where = freshServer();
    const { button } = await askPractice(alice, where);
    const submitted = fake.modalSubmit(alice, button.custom_id, { answer: FULL_ANSWERS.qlora1! }, where);
    const feedback = await callbackOf(submitted);
    expect(feedback.type).toBe(4);
    expect(isEphemeral(feedback.data!)).toBe(true);
    expect(feedback.text).toContain("要点覆盖 100%（3/3）");
    expect(feedback.text).toContain("冻结原模型权重");
    const grades = buttonsOf(feedback.data!);
    expect(grades.map((b) => b.label)).toEqual(["不会", "模糊", "👉 会", "秒答", "🚩 报错"]);

    const pressed = fake.press(alice, grades[2]!.custom_id, { id: "971000000000000002", flags: 64 }, where);
    const confirmed = await callbackOf(pressed);
    expect(isEphemeral(confirmed.data!)).toBe(true);
    expect(confirmed.text).toContain("评分：会");
    expect(confirmed.text).toContain("+2 分");
    expect(await db.prisma.practiceAttempt.findFirst({ where: { confirmedGrade: "know" } })).not.toBeNull();
  });

  it("/skip closes the question: its 作答 button and its modal grade nothing any more", async () => {
    const where = freshServer();
    const { button } = await askPractice(alice, where, "inference");
    const skipped = await callbackOf(fake.command(alice, "skip", [], where));
    expect(isEphemeral(skipped.data!)).toBe(true);
    expect(skipped.text).toContain("已跳过");
    expect((await callbackOf(fake.press(alice, button.custom_id, { id: "971000000000000004", flags: 64 }, where))).type).toBe(4);
    expect((await callbackOf(fake.modalSubmit(alice, button.custom_id, { answer: FULL_ANSWERS.qkvc01! }, where))).text).toContain("没有待回答的练习题");
  });

  it("a second submit of the same modal, or somebody else's, grades nothing", async () => {
    const where = freshServer();
    const { button } = await askPractice(bob, where, "inference");
    expect((await callbackOf(fake.modalSubmit(bob, button.custom_id, { answer: "KV 缓存" }, where))).text).toContain("要点覆盖 50%");
    const again = await callbackOf(fake.modalSubmit(bob, button.custom_id, { answer: FULL_ANSWERS.qkvc01! }, where));
    expect(isEphemeral(again.data!)).toBe(true);
    expect(again.text).toContain("没有待回答的练习题");
    const other = await callbackOf(fake.press(alice, button.custom_id, { id: "971000000000000003", flags: 64 }, where));
    expect(other.type).toBe(4);
    expect(other.text).toContain("没有待回答的练习题");
  });

  it("is registered with zh/en localisations, beside /skip", async () => {
    const { SLASH_COMMANDS } = await import("../../../src/adapters/discord/commands/index.js");
    const definition = SLASH_COMMANDS.find((c) => c.definition.name === "practice")!.definition;
    expect(definition.name_localizations).toMatchObject({ "zh-CN": "练习", "en-US": "practice" });
    expect(definition.description_localizations?.["en-US"]).toContain("own words");
    expect(definition.options?.map((o) => o.name)).toEqual(["topic"]);
    expect(SLASH_COMMANDS.find((c) => c.definition.name === "skip")?.definition.name_localizations).toMatchObject({ "zh-CN": "跳过" });
  });

  it("a long answer in the modal is graded on its first 2,000 characters, and the feedback says so", async () => {
    const where = freshServer();
    const { button } = await askPractice(alice, where, "inference");
    const feedback = await callbackOf(fake.modalSubmit(alice, button.custom_id, { answer: `${FULL_ANSWERS.qkvc01}${"长".repeat(3900)}` }, where));
    expect(feedback.text).toContain("只评阅了前 2000 个");
  });
});
