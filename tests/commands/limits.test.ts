import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { INPUT_LIMITS } from "../../src/commands/limits.js";
import { Engine } from "../../src/engine/engine.js";
import { withoutLiteralMarkers } from "../../src/presenter/markup.js";
import { fixtureBank } from "../support/bank.js";
import { seededRandom, TestClock } from "../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { command, telegramChat } from "../support/scheduler.js";

/** The shared commands enforce their input limits whatever the adapter lets through (here: typed text, as on Telegram and the console). */

let db: TestDatabase;
let engine: Engine;
const chat = telegramChat("-7");
const texts = async (line: string) => (await command(engine, chat, line)).map((reply) => withoutLiteralMarkers(reply.text));

beforeEach(async () => {
  db = await createTestDatabase();
  engine = new Engine({ bank: fixtureBank(), store: db.store, threads: db.threads, clock: new TestClock("2026-03-02T00:00:00Z"), random: seededRandom(1) });
});
afterEach(() => db.dispose());

describe("input limits", () => {
  it("answers a 6,000-character /search with one clear line, and echoes no part of it", async () => {
    const replies = await texts(`/search ${"注意力".repeat(2000)}`);
    expect(replies).toEqual([`输入太长了：最多 ${INPUT_LIMITS.query} 个字符。`]);
  });

  it("searches a query at the limit, and cuts the echo of an unmatched one short", async () => {
    const query = "不存在的词".repeat(20);
    const [reply] = await texts(`/search ${query}`);
    expect(reply).toContain(`没有找到与 “${query.slice(0, 39)}…” 相关的题目。`);
  });

  it("limits /question ids and every free-text setting, and changes nothing", async () => {
    expect(await texts(`/question ${"q".repeat(101)}`)).toEqual(["输入太长了：最多 100 个字符。"]);
    expect(await texts(`/settings tz ${"Europe/".repeat(10)}`)).toEqual(["输入太长了：最多 64 个字符。"]);
    expect(await texts("/settings time 09:00:00")).toEqual(["输入太长了：最多 5 个字符。"]);
    expect(await texts(`/settings topics ${"rag,".repeat(60)}`)).toEqual(["输入太长了：最多 200 个字符。"]);
    const record = await engine.chat(chat);
    expect(record).toMatchObject({ timeZone: "Asia/Shanghai", dailyTime: "09:00", dailyTopics: null });
  });

  it("repeats an unknown command short, with its markup inert", async () => {
    const [reply] = await command(engine, chat, `/**${"x".repeat(80)}**`);
    expect(withoutLiteralMarkers(reply!.text)).toBe(`未知命令 /**${"x".repeat(36)}…。输入 /help 查看全部命令。`);
  });
});
