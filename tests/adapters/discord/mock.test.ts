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
import { APPLICATION_ID, dmChannelOf, FakeDiscord, type FakeUser, type Where } from "../../support/fake-discord.js";
import { MockTimeUps } from "../../../src/scheduler/mock-time-up.js";
import { FULL_ANSWERS, PRACTICE_QUESTIONS, practiceDeps } from "../../support/practice.js";

/** The real discord.js Client against the fake Discord: /mock, its 作答 modals, the follow-up, the report and /mock stop. */

const alice: FakeUser = { id: "2101", username: "alice" };
const bob: FakeUser = { id: "2102", username: "bob", locale: "en-US" };

let fake: FakeDiscord;
let db: TestDatabase;
let adapter: DiscordAdapter;
let clock: TestClock;
let engine: Engine;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  db = await createTestDatabase();
  clock = new TestClock("2026-05-01T02:00:00Z");
  engine = new Engine({ bank: fixtureBank(PRACTICE_QUESTIONS), store: db.store, review: db.stores.review, clock, random: seededRandom(3), practice: practiceDeps(db), mock: db.stores.mock });
  adapter = await startDiscord({ engine, config: { DISCORD_TOKEN: "test-token", DISCORD_API_BASE: fake.base }, log: pino({ level: "silent" }), metrics: createMetrics() });
});

afterAll(async () => {
  await adapter?.stop();
  await fake?.close();
  await db?.dispose();
});

let servers = 0;
const freshServer = (): Where => ({ guildId: String(962000000000000000n + BigInt(++servers)) });
let messages = 0;
const pressed = () => ({ id: String(972000000000000000n + BigInt(++messages)), flags: 64 });

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

async function followUpOf(interaction: { token: string }, count = 1): Promise<SentMessage & { text: string }> {
  const body = (await fake.waitForCall("POST", `/webhooks/${APPLICATION_ID}/${interaction.token}`, { count })).body as SentMessage;
  return { ...body, text: expectWithinLimits(body) };
}

interface Modal {
  custom_id: string;
  title: string;
  components: { components: { type: number; style: number; max_length: number; required: boolean }[] }[];
}

/** Presses 作答 and expects the modal. */
async function openForm(user: FakeUser, customId: string, where: Where): Promise<Modal> {
  const opened = await callbackOf(fake.press(user, customId, pressed(), where));
  expect(opened.type).toBe(9); // MODAL
  return opened.data as unknown as Modal;
}

describe("Discord mock interview", () => {
  it("asks each question and its follow-up ephemerally with a 作答 modal of 4,000 characters; the report comes with 加入复习", async () => {
    const where = freshServer();
    const asked = await callbackOf(fake.command(alice, "mock", [{ name: "count", type: 4, value: 2 }, { name: "minutes", type: 4, value: 3 }], where));
    expect(isEphemeral(asked.data!)).toBe(true);
    expect(asked.text).toContain("🎤 模拟面试 第 1/2 题 · 建议用时 3 分钟");
    expect(asked.text).toContain("KV cache 为什么能加速解码？");
    expect(asked.text).toContain("点“作答”写下你的回答（/mock 的“操作”选“结束面试”可提前结束）");
    const [answer] = buttonsOf(asked.data!);
    expect(answer!.label).toBe("作答");
    expect(decodeAction(answer!.custom_id)).toMatchObject({ kind: "mockAnswer", position: 0, followUp: false });

    const modal = await openForm(alice, answer!.custom_id, where);
    expect(modal.custom_id).toBe(answer!.custom_id);
    expect(modal.title).toBe("模拟面试 第 1/2 题");
    expect(modal.components[0]!.components[0]).toMatchObject({ type: 4, style: 2, max_length: 4000, required: true });

    // Half the key points: recorded, and the follow-up asked (in an ephemeral follow-up message) with its own 作答.
    clock.advance(60_000);
    const submitted = fake.modalSubmit(alice, answer!.custom_id, { answer: "KV 缓存把历史 token 的 K 和 V 存下来。" }, where);
    const recorded = await callbackOf(submitted);
    expect(recorded.type).toBe(4);
    expect(isEphemeral(recorded.data!)).toBe(true);
    expect(recorded.text).toContain("已记录：要点覆盖 50% · 用时 1 分钟");
    const followUp = await followUpOf(submitted);
    expect(isEphemeral(followUp)).toBe(true);
    expect(followUp.text).toContain("🔎 追问：你提到了「缓存历史 token 的 K 和 V」，那「避免重复计算」呢？");
    const [again] = buttonsOf(followUp);
    expect(decodeAction(again!.custom_id)).toMatchObject({ kind: "mockAnswer", position: 0, followUp: true });

    // The first question's button is stale now: neither its form nor a late submit of it answers the follow-up.
    const stale = await callbackOf(fake.press(alice, answer!.custom_id, pressed(), where));
    expect(stale.type).toBe(4);
    expect(stale.text).toContain("过期");
    const lateSubmit = await callbackOf(fake.modalSubmit(alice, answer!.custom_id, { answer: "省去重复计算" }, where));
    expect(isEphemeral(lateSubmit.data!)).toBe(true);
    expect(lateSubmit.text).toContain("过期");

    await openForm(alice, again!.custom_id, where);
    const followed = fake.modalSubmit(alice, again!.custom_id, { answer: "这样就省去重复计算了。" }, where);
    expect((await callbackOf(followed)).text).toContain("✅ 追问答到了：避免重复计算");
    const second = await followUpOf(followed);
    expect(second.text).toContain("第 2/2 题");
    expect(second.text).toContain("LoRA 的原理是什么？");
    const [last] = buttonsOf(second);

    const finished = fake.modalSubmit(alice, last!.custom_id, { answer: "完全不知道" }, where);
    await callbackOf(finished);
    // Nothing covered: the first missed key point is asked about, then the report.
    const followUpLast = await followUpOf(finished);
    const [lastFollowUp] = buttonsOf(followUpLast);
    const ended = fake.modalSubmit(alice, lastFollowUp!.custom_id, { answer: "还是不知道" }, where);
    expect((await callbackOf(ended)).text).toContain("❌ 追问没答到");
    const report = await followUpOf(ended);
    expect(isEphemeral(report)).toBe(true);
    expect(report.text).toContain("📋 模拟面试报告 · 总分 25/100（2/2 题）");
    expect(report.text).toContain("`qlora1`");
    const [review] = buttonsOf(report);
    expect(review!.label).toBe("加入复习");
    const added = await callbackOf(fake.press(alice, review!.custom_id, pressed(), where));
    expect(isEphemeral(added.data!)).toBe(true);
    expect(added.text).toContain("已把 1 道题加入你的复习卡片");
    // The interview is over: its buttons answer nothing.
    expect((await callbackOf(fake.press(alice, lastFollowUp!.custom_id, pressed(), where))).text).toContain("没有进行中的模拟面试");
  });

  it("/mock action:stop ends it with the report so far; one interview per member at a time", async () => {
    const where = freshServer();
    const asked = await callbackOf(fake.command(bob, "mock", [{ name: "topic", type: 3, value: "inference" }], where));
    expect(asked.text).toContain("Mock interview 1/1");
    const [answer] = buttonsOf(asked.data!);
    expect(answer!.label).toBe("Answer");
    const twice = fake.command(bob, "mock", [], where);
    expect((await callbackOf(twice)).text).toContain("already");
    expect(buttonsOf((await followUpOf(twice)))[0]!.custom_id).toBe(answer!.custom_id);

    const stopped = fake.command(bob, "mock", [{ name: "action", type: 3, value: "stop" }], where);
    expect(isEphemeral((await callbackOf(stopped)).data!)).toBe(true);
    expect((await followUpOf(stopped)).text).toContain("no question answered yet");
    expect((await callbackOf(fake.modalSubmit(bob, answer!.custom_id, { answer: FULL_ANSWERS.qkvc01! }, where))).text).toContain("no mock interview running");
  });

  it("time up: a DM says so once while the form may be open; the answer submitted later is graded, over time", async () => {
    const carol: FakeUser = { id: "2103", username: "carol" };
    const where = freshServer();
    const asked = await callbackOf(fake.command(carol, "mock", [{ name: "topic", type: 3, value: "inference" }, { name: "minutes", type: 4, value: 1 }], where));
    const [answer] = buttonsOf(asked.data!);
    await openForm(carol, answer!.custom_id, where);
    clock.advance(2 * 60_000);
    const timeUps = new MockTimeUps({ engine, messengers: new Map([["discord", adapter.messenger]]), log: pino({ level: "silent" }), concurrency: 1 });
    expect((await timeUps.tick()).sent).toBe(1);
    expect((await timeUps.tick()).sent).toBe(0);
    const dms = fake.callsTo("POST", `/channels/${dmChannelOf(carol.id)}/messages`);
    expect(dms).toHaveLength(1);
    expect(JSON.stringify(dms[0]!.body)).toContain("⏰ 时间到");
    const graded = await callbackOf(fake.modalSubmit(carol, answer!.custom_id, { answer: FULL_ANSWERS.qkvc01! }, where));
    expect(graded.text).toContain("已记录：要点覆盖 100% · 用时 2 分钟");
    expect(graded.text).toContain("⏰ 超过了建议用时 1 分钟，你的回答照样计入。");
  });

  it("/help lists /mock", async () => {
    const help = await callbackOf(fake.command(alice, "help", [], freshServer()));
    expect(help.text).toContain("/mock [topic] [n] [--minutes m]");
  });

  it("is registered with zh/en localisations and its options", async () => {
    const { SLASH_COMMANDS } = await import("../../../src/adapters/discord/commands/index.js");
    const definition = SLASH_COMMANDS.find((c) => c.definition.name === "mock")!.definition;
    expect(definition.name_localizations).toMatchObject({ "zh-CN": "面试", "en-US": "mock" });
    expect(definition.description_localizations?.["en-US"]).toContain("mock interview");
    expect(definition.options?.map((o) => o.name)).toEqual(["topic", "count", "minutes", "action"]);
    expect(definition.options?.find((o) => o.name === "count")).toMatchObject({ min_value: 1, max_value: 10 });
    expect(definition.options?.find((o) => o.name === "minutes")).toMatchObject({ min_value: 1, max_value: 60 });
  });
});
