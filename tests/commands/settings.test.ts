import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Engine } from "../../src/engine/engine.js";
import { fixtureBank } from "../support/bank.js";
import { seededRandom, TestClock } from "../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { command, telegramChat } from "../support/scheduler.js";

let db: TestDatabase;
let engine: Engine;
const chat = telegramChat("-1");

beforeEach(async () => {
  db = await createTestDatabase();
  engine = new Engine({ bank: fixtureBank(), store: db.store, clock: new TestClock("2026-03-02T00:00:00Z"), random: seededRandom(1) });
  await command(engine, chat, "/settings lang en");
});
afterEach(() => db.dispose());

describe("/settings topics", () => {
  it("limits the daily question to topics named by slug or title, and shows them", async () => {
    const replies = await command(engine, chat, "/settings topics rag, Inference & serving");
    expect(replies.map((r) => r.text)).toEqual(["✅ Settings saved.", expect.stringContaining("Daily question topics: RAG & retrieval, Inference & serving")]);
    expect((await engine.chat(chat)).dailyTopics).toEqual(["rag", "inference"]);
  });

  it("goes back to every topic with 'all'", async () => {
    await command(engine, chat, "/settings topics rag");
    const replies = await command(engine, chat, "/settings topics all");
    expect(replies[1]?.text).toContain("Daily question topics: all");
    expect((await engine.chat(chat)).dailyTopics).toBeNull();
  });

  it("names an unknown topic's problem and changes nothing", async () => {
    await command(engine, chat, "/settings topics rag");
    expect((await command(engine, chat, "/settings topics rag,astrology"))[0]?.text).toBe("No such topic. See /topics.");
    expect((await engine.chat(chat)).dailyTopics).toEqual(["rag"]);
  });
});
