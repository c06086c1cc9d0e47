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

describe("/settings thread", () => {
  it("switches the discussion thread per daily post on and off, for admins only", async () => {
    const threaded = new Engine({ bank: fixtureBank(), store: db.store, threads: db.threads, clock: new TestClock("2026-03-02T00:00:00Z") });
    expect((await command(threaded, chat, "/settings thread on")).map((r) => r.text)).toEqual(["✅ Settings saved.", expect.stringContaining("Chat settings")]);
    expect(await threaded.threads.enabled(await threaded.chat(chat))).toBe(true);
    expect((await command(threaded, chat, "/settings thread maybe"))[0]?.text).toContain("Usage: /settings");
    await command(threaded, chat, "/settings thread off");
    expect(await threaded.threads.enabled(await threaded.chat(chat))).toBe(false);
    const member = { platform: "telegram" as const, externalId: "m", displayName: "m", isAdmin: false };
    expect(await threaded.threads.set(chat, member, true)).toEqual({ ok: false, code: "NOT_ADMIN" });
    expect(await threaded.threads.enabled(await threaded.chat(chat))).toBe(false);
  });
});
