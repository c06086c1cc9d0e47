import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDiscord, type DiscordAdapter } from "../../../src/adapters/discord/start.js";
import { Engine } from "../../../src/engine/engine.js";
import { createMetrics } from "../../../src/metrics.js";
import { decodeAction } from "../../../src/presenter/action-codec.js";
import { ReportNotes } from "../../../src/scheduler/report-notes.js";
import { fixtureBank } from "../../support/bank.js";
import { seededRandom, TestClock } from "../../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { buttonsOf, expectWithinLimits, isEphemeral, type SentMessage } from "../../support/discord-messages.js";
import { APPLICATION_ID, dmChannelOf, FakeDiscord, type FakeUser, type Where } from "../../support/fake-discord.js";

const alice: FakeUser = { id: "1001", username: "alice" };
const bob: FakeUser = { id: "1002", username: "bob" };
const owner: FakeUser = { id: "6789", username: "owner" };
const where: Where = { guildId: "962000000000000001" };

let fake: FakeDiscord;
let db: TestDatabase;
let engine: Engine;
let adapter: DiscordAdapter;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  db = await createTestDatabase();
  engine = new Engine({
    bank: fixtureBank(),
    store: db.store,
    reports: db.stores.reports,
    isOwner: (member) => member.platform === "discord" && member.externalId === owner.id,
    clock: new TestClock("2026-05-01T02:00:00Z"),
    random: seededRandom(3),
  });
  adapter = await startDiscord({ engine, config: { DISCORD_TOKEN: "test-token", DISCORD_API_BASE: fake.base }, log: pino({ level: "silent" }), metrics: createMetrics() });
});

afterAll(async () => {
  await adapter?.stop();
  await fake?.close();
  await db?.dispose();
});

interface Callback {
  type: number;
  data?: SentMessage & { custom_id?: string; title?: string; components?: unknown[] };
}

async function callbackOf(interaction: { id: string; token: string }): Promise<Callback> {
  return (await fake.waitForCall("POST", `/interactions/${interaction.id}/${interaction.token}/callback`)).body as Callback;
}

async function followUpOf(interaction: { token: string }, count = 1): Promise<SentMessage & { text: string }> {
  const body = (await fake.waitForCall("POST", `/webhooks/${APPLICATION_ID}/${interaction.token}`, { count })).body as SentMessage;
  return { ...body, text: expectWithinLimits(body) };
}

interface ModalLabel {
  type: number;
  label: string;
  component: { type: number; custom_id: string; options?: { label: string; value: string }[]; required?: boolean; max_length?: number };
}

describe("Discord: reporting a question", () => {
  it("🚩 opens a modal with a reason select and a text; the submission is thanked; an owner sees and resolves it; the reporter gets a DM", async () => {
    const detail = await callbackOf(fake.command(alice, "question", [{ name: "id", type: 3, value: "qrag01" }], where));
    const flag = buttonsOf(detail.data!).find((b) => b.label === "🚩 报错")!;
    expect(decodeAction(flag.custom_id)).toEqual({ kind: "report", questionId: "qrag01" });

    const opened = await callbackOf(fake.press(alice, flag.custom_id, { id: "972000000000000001", flags: 64 }, where));
    expect(opened.type).toBe(9);
    expect(opened.data!.custom_id).toBe(flag.custom_id);
    expect(opened.data!.title!.length).toBeLessThanOrEqual(45);
    const [reason, text] = opened.data!.components as ModalLabel[];
    expect([reason!.type, reason!.component.type, reason!.component.custom_id]).toEqual([18, 3, "reason"]);
    expect(reason!.component.options!.map((o) => o.label)).toEqual(["答案错误", "有歧义", "已过时", "错别字", "其他"]);
    expect([text!.type, text!.component.type, text!.component.custom_id, text!.component.required]).toEqual([18, 4, "text", false]);

    const submitted = await callbackOf(fake.submitModal(alice, flag.custom_id, { reason: ["ambiguous"], text: "两种说法都说得通" }, where));
    expect(submitted.type).toBe(4);
    expect(isEphemeral(submitted.data!)).toBe(true);
    expect(expectWithinLimits(submitted.data!)).toContain("谢谢你的报告");
    const stored = await db.prisma.questionReport.findFirstOrThrow();
    expect([stored.questionId, stored.reason, stored.text]).toEqual(["qrag01", "ambiguous", "两种说法都说得通"]);

    const refused = await callbackOf(fake.command(bob, "reports", [], where));
    expect(expectWithinLimits(refused.data!)).toContain("只有机器人的维护者");
    const list = await callbackOf(fake.command(owner, "reports", [], where));
    expect(isEphemeral(list.data!)).toBe(true);
    expect(expectWithinLimits(list.data!)).toContain("qrag01");
    expect(expectWithinLimits(list.data!)).toContain("两种说法都说得通");
    const resolve = buttonsOf(list.data!).find((b) => b.label.startsWith("✅"))!;
    const press = fake.press(owner, resolve.custom_id, { id: "972000000000000002", flags: 64 }, where);
    const updated = await callbackOf(press);
    expect(updated.type).toBe(7);
    expect(expectWithinLimits(updated.data!)).toContain("没有待处理的报错");
    expect((await followUpOf(press)).text).toContain("已标记为已修正");

    const notes = new ReportNotes({ engine, messengers: new Map([["discord", adapter.messenger]]), log: pino({ level: "silent" }), concurrency: 2 });
    expect(await notes.tick()).toEqual({ sent: 1, failed: 0 });
    const dm = await fake.waitForCall("POST", `/channels/${dmChannelOf(alice.id)}/messages`);
    expect(expectWithinLimits(dm.body as SentMessage)).toContain("你对题目 qrag01 的报告（有歧义）已处理");
  });

  it("/report without a reason opens the modal; with one it files the report at once", async () => {
    const modal = await callbackOf(fake.command(bob, "report", [{ name: "id", type: 3, value: "qtrf01" }], where));
    expect(modal.type).toBe(9);
    expect(modal.data!.custom_id).toBe("1:f:qtrf01");
    const filed = await callbackOf(fake.command(bob, "report", [{ name: "id", type: 3, value: "qtrf01" }, { name: "reason", type: 3, value: "typo" }, { name: "text", type: 3, value: "位置 写成了 位至" }], where));
    expect(expectWithinLimits(filed.data!)).toContain("谢谢你的报告");
    const report = await db.prisma.questionReport.findFirstOrThrow({ where: { questionId: "qtrf01" } });
    expect([report.reason, report.text]).toEqual(["typo", "位置 写成了 位至"]);
  });
});
