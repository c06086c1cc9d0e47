import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commandContext } from "../../src/adapters/context.js";
import { CHAT_COMMANDS } from "../../src/commands/index.js";
import { dispatch } from "../../src/commands/dispatch.js";
import { Engine } from "../../src/engine/engine.js";
import { withoutLiteralMarkers } from "../../src/presenter/markup.js";
import type { ChatRef, MemberRef } from "../../src/engine/types.js";
import type { ChartRenderer, StatsChart } from "../../src/engine/ports/charts.js";
import { fixtureBank } from "../support/bank.js";
import { DAY, seededRandom, TestClock } from "../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const chat: ChatRef = { platform: "telegram", externalId: "g" };
const alice: MemberRef = { platform: "telegram", externalId: "1", displayName: "Alice" };
const bob: MemberRef = { platform: "telegram", externalId: "2", displayName: "Bob" };
const admin: MemberRef = { platform: "telegram", externalId: "3", displayName: "Admin", isAdmin: true };

let db: TestDatabase;
let clock: TestClock;
let engine: Engine;

beforeEach(async () => {
  db = await createTestDatabase();
  clock = new TestClock("2026-03-02T02:00:00Z");
  engine = new Engine({ bank: fixtureBank(), store: db.store, progress: db.stores.progress, clock, random: seededRandom(7) });
});
afterEach(() => db.dispose());

async function run(member: MemberRef, text: string) {
  return dispatch(await commandContext(engine, chat, member, CHAT_COMMANDS), CHAT_COMMANDS, text, pino({ level: "silent" }));
}

async function answerDays(member: MemberRef, days: number) {
  for (let day = 0; day < days; day++) {
    const current = await engine.currentDaily(chat);
    if (!current.ok) throw new Error(current.code);
    const input = current.value.daily.mode === "choice" ? { kind: "choice" as const, index: current.value.question.item!.correct } : { kind: "recall" as const, grade: "know" as const };
    await engine.answerDaily(chat, member, input);
    clock.advance(DAY);
  }
}

describe("/stats", () => {
  it("shows the derived streak, freezes held, 完美连续 and days studied; the text version without a renderer", async () => {
    await answerDays(alice, 7);
    const [reply] = await run(alice, "/stats");
    expect(reply!.image).toBeUndefined();
    expect(reply!.text).toContain("当前连续 7 天 · 最长 7 天 · 完美连续");
    expect(reply!.text).toContain("连续保护卡 1 张 · 累计学习 7 天");
    clock.advance(DAY); // a missed day: the freeze covers it, the streak is no longer perfect
    const [after] = await run(alice, "/stats");
    expect(after!.text).toContain("当前连续 7 天");
    expect(after!.text).not.toContain("完美连续");
    expect(after!.text).toContain("连续保护卡 0 张");
  });

  it("the mastery bars carry the review deck's retention per topic: the share of review grades Good or better", async () => {
    const drawn: StatsChart[] = [];
    const recording: ChartRenderer = { renderStats: async (c) => (drawn.push(c), null), renderLeaderboard: async () => null };
    engine = new Engine({ bank: fixtureBank(), store: db.store, progress: db.stores.progress, review: db.stores.review, charts: recording, clock, random: seededRandom(7) });
    await answerDays(alice, 1);
    await run(alice, "/stats");
    expect(drawn[0]!.topics.length).toBeGreaterThan(0);
    expect(drawn[0]!.topics.every((topic) => topic.reviewRetention === null)).toBe(true); // no review yet
    // Two review sessions of the daily's card: forgot, then knew.
    const dm: ChatRef = { platform: "telegram", externalId: alice.externalId };
    for (const grade of ["forgot", "know"] as const) {
      clock.advance(3 * DAY);
      const started = await engine.review.start(dm, alice);
      if (!started.ok) throw new Error(started.code);
      const graded = await engine.review.answer(dm, alice, { kind: "recall", grade });
      if (!graded.ok) throw new Error(graded.code);
      if (grade === "forgot") await engine.review.stop(dm, alice);
    }
    await run(alice, "/stats");
    const topics = drawn[1]!.topics;
    expect(topics.filter((topic) => topic.reviewRetention !== null)).toHaveLength(1);
    expect(topics.find((topic) => topic.reviewRetention !== null)!.reviewRetention).toBe(0.5);
    // The deck is the member's: Bob, who never reviewed, has no retention.
    await run(bob, "/stats");
    expect(drawn[2]!.topics.every((topic) => topic.reviewRetention === null)).toBe(true);
  });

  it("/stats @member: an admin may, another member may not, and an unknown name is said so", async () => {
    await answerDays(alice, 2);
    expect(withoutLiteralMarkers((await run(admin, "/stats @Alice"))[0]!.text)).toContain("Alice 的学习统计");
    expect(withoutLiteralMarkers((await run(alice, "/stats @alice"))[0]!.text)).toContain("Alice 的学习统计");
    expect(withoutLiteralMarkers((await run(bob, "/stats @Alice"))[0]!.text)).toBe("只有管理员可以查看其他成员的统计。");
    expect(withoutLiteralMarkers((await run(admin, "/stats @Nobody"))[0]!.text)).toBe("本群没有名为 Nobody 的成员的记录。");
  });

  it("/settings freezes off, restdays and recap change the chat and show in /settings", async () => {
    await run(admin, "/settings freezes off");
    await run(admin, "/settings restdays sat,sun");
    const [saved, shown] = await run(admin, "/settings recap fri");
    expect(saved!.text).toContain("设置已保存");
    expect(shown!.text).toContain("连续保护卡 关闭 · 休息日 周六, 周日 · 每周回顾 周五");
    expect(await engine.chat(chat)).toMatchObject({ streakFreezes: false, restDays: [6, 7], recapDay: 5 });
    expect((await run(admin, "/settings restdays someday"))[0]!.text).toMatch(/restdays/);
    await run(admin, "/settings restdays none");
    await run(admin, "/settings recap off");
    expect(await engine.chat(chat)).toMatchObject({ restDays: [], recapDay: null });
  });
});
