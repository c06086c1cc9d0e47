import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { handleAction } from "../../src/commands/actions.js";
import type { CommandContext } from "../../src/commands/command.js";
import { CHAT_COMMANDS } from "../../src/commands/index.js";
import { Engine } from "../../src/engine/engine.js";
import type { ChatRef, MemberRef } from "../../src/engine/types.js";
import { encodeAction, type ActionStep } from "../../src/presenter/action-codec.js";
import { fixtureBank } from "../support/bank.js";
import { seededRandom, TestClock } from "../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const chat: ChatRef = { platform: "telegram", externalId: "-100" };
const alice: MemberRef = { platform: "telegram", externalId: "1", displayName: "alice" };
const bob: MemberRef = { platform: "telegram", externalId: "2", displayName: "bob" };

let db: TestDatabase;
let engine: Engine;
const ctxFor = (member: MemberRef): CommandContext => ({ engine, chat, member, lang: "en", commands: CHAT_COMMANDS });

beforeEach(async () => {
  db = await createTestDatabase();
  engine = new Engine({ bank: fixtureBank(), store: db.store, clock: new TestClock("2026-05-01T02:00:00Z"), random: seededRandom(3) });
});
afterEach(() => db.dispose());

describe("handleAction", () => {
  it("answers the daily question from its button, once per member, and refreshes the count", async () => {
    const daily = await engine.currentDaily(chat);
    if (!daily.ok) throw new Error("no daily");
    const { id: dailyId, mode } = daily.value.daily;
    const answer = mode === "choice" ? { kind: "choice" as const, index: 0 } : { kind: "recall" as const, grade: "know" as const };
    const data = encodeAction({ kind: "daily", dailyId, step: { answer } });

    const first = await handleAction(ctxFor(alice), data);
    expect(first.notice).toMatch(/\+\d+ points/);
    expect(first.detail?.secret).toBe(true);
    // The shared message stays in the chat's language (zh by default) whatever the member's locale.
    expect(first.refresh?.text).toContain("已有 1 人作答");
    const second = await handleAction(ctxFor(bob), data);
    expect(second.refresh?.text).toContain("已有 2 人作答");
    const again = await handleAction(ctxFor(alice), data);
    expect(again.refresh).toBeUndefined();
    expect(again.notice).toContain("already");
    expect(await db.store.countDailyAnswers(dailyId)).toBe(2);
  });

  it("answers forged, malformed and stale buttons with a notice and changes nothing", async () => {
    const daily = await engine.currentDaily(chat);
    if (!daily.ok) throw new Error("no daily");
    for (const data of ["garbage", "1:d:999:0", "1:d:abc:0", encodeAction({ kind: "quiz", sessionId: 42, position: 0, step: { show: true } })]) {
      const reply = await handleAction(ctxFor(alice), data);
      expect(reply.notice, data).toContain("expired");
      expect(reply.refresh).toBeUndefined();
    }
    expect(await db.store.countDailyAnswers(daily.value.daily.id)).toBe(0);
  });

  it("walks a quiz by its buttons; a button from an earlier question is stale", async () => {
    const started = await engine.startQuiz(chat, alice, { count: 2, mode: "recall" });
    if (!started.ok) throw new Error("quiz did not start");
    const sessionId = started.value.session.id;
    const at0 = (step: ActionStep) => encodeAction({ kind: "quiz", sessionId, position: 0, step });

    const shown = await handleAction(ctxFor(alice), at0({ show: true }));
    expect(shown.shown?.text).toContain("Reference answer");
    expect(shown.shown?.secret).toBeFalsy();
    const graded = await handleAction(ctxFor(alice), at0({ answer: { kind: "recall", grade: "fuzzy" } }));
    expect(graded.messages[0]?.text).toContain("2/2");
    expect((await handleAction(ctxFor(alice), at0({ answer: { kind: "recall", grade: "know" } }))).notice).toContain("expired");
    // Bob pressing Alice's button touches nothing of hers.
    expect((await handleAction(ctxFor(bob), encodeAction({ kind: "quiz", sessionId, position: 1, step: { show: true } }))).notice).toContain("expired");
  });
});
