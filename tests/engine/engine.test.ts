import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Engine } from "../../src/engine/engine.js";
import type { ChatRef, MemberRef } from "../../src/engine/types.js";
import { fixtureBank } from "../support/bank.js";
import { seededRandom, TestClock } from "../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const chat: ChatRef = { platform: "discord", externalId: "settings" };
const admin: MemberRef = { platform: "discord", externalId: "1", displayName: "admin", isAdmin: true };
const member: MemberRef = { platform: "discord", externalId: "2", displayName: "member" };

let db: TestDatabase;
let engine: Engine;
beforeEach(async () => {
  db = await createTestDatabase();
  engine = new Engine({ bank: fixtureBank(), store: db.store, clock: new TestClock("2026-05-01T00:00:00Z"), random: seededRandom(1) });
});
afterEach(() => db.dispose());

describe("Engine.updateSettings", () => {
  it("lets admins change settings and keeps them", async () => {
    const result = await engine.updateSettings(chat, admin, { timeZone: "Europe/Berlin", dailyTime: "07:30", language: "en", revealDelayMinutes: 60 });
    expect(result).toMatchObject({ ok: true, value: { timeZone: "Europe/Berlin", dailyTime: "07:30", language: "en", revealDelayMinutes: 60 } });
    expect(await engine.chat(chat)).toMatchObject({ timeZone: "Europe/Berlin", dailyTime: "07:30" });
  });

  it("refuses non-admins and invalid values, changing nothing", async () => {
    expect(await engine.updateSettings(chat, member, { language: "en" })).toEqual({ ok: false, code: "NOT_ADMIN" });
    expect(await engine.updateSettings(chat, admin, { timeZone: "Mars/Olympus" })).toMatchObject({ ok: false, code: "INVALID_ARGUMENT", details: { field: "timeZone" } });
    expect(await engine.updateSettings(chat, admin, { dailyTime: "25:00" })).toMatchObject({ ok: false, code: "INVALID_ARGUMENT", details: { field: "dailyTime" } });
    expect(await engine.updateSettings(chat, admin, { revealDelayMinutes: 24 * 60 })).toMatchObject({ ok: false, code: "INVALID_ARGUMENT" });
    expect(await engine.chat(chat)).toMatchObject({ timeZone: "Asia/Shanghai", dailyTime: "09:00", language: "zh", revealDelayMinutes: 720 });
  });
});

describe("Engine.question", () => {
  it("finds a question by id, whatever the case and spacing", () => {
    expect(engine.question(" QRAG01 ")).toMatchObject({ ok: true, value: { id: "qrag01" } });
    expect(engine.question("qnope1")).toEqual({ ok: false, code: "UNKNOWN_QUESTION", details: { id: "qnope1" } });
  });
});
