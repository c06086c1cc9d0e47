import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withoutLiteralMarkers } from "../../src/presenter/markup.js";
import { fixtureBank } from "../support/bank.js";
import { DAY, HOUR, TestClock } from "../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { RecordingMessenger } from "../support/messenger.js";
import { botProcess, chatWith, telegramChat, type BotProcess } from "../support/scheduler.js";

const MINUTE = 60_000;

let db: TestDatabase;
let clock: TestClock;
let messenger: RecordingMessenger;
let bot: BotProcess;

beforeEach(async () => {
  db = await createTestDatabase();
  clock = new TestClock("2026-03-02T00:00:00Z"); // 08:00 in Shanghai
  messenger = new RecordingMessenger();
  bot = botProcess(db, clock, messenger);
});
afterEach(() => db.dispose());

/** Daily question posts (they carry answer buttons; the results posted with a reveal do not). */
function dailyPosts(externalId?: string) {
  return (externalId === undefined ? messenger.sent : messenger.sentTo(externalId)).filter((m) => m.message.choices?.length);
}

/** Ticks once a minute from the clock's time up to `until` (exclusive); returns the instants at which a daily was posted. */
async function tickEveryMinute(until: string): Promise<{ at: string; chat: string }[]> {
  const posts: { at: string; chat: string }[] = [];
  while (clock.now() < new Date(until)) {
    const before = dailyPosts().length;
    await bot.scheduler.tick();
    for (const m of dailyPosts().slice(before)) posts.push({ at: clock.now().toISOString(), chat: m.to.chat.externalId });
    clock.advance(MINUTE);
  }
  return posts;
}

async function localDates() {
  return (await db.prisma.dailyQuestion.findMany({ orderBy: { localDate: "asc" } })).map((d) => d.localDate);
}

describe("catch-up", () => {
  async function postedYesterday() {
    await chatWith(bot.engine, telegramChat("-1"));
    clock.set("2026-03-02T01:00:00Z"); // Monday 09:00
    await bot.scheduler.tick();
    expect(messenger.sent).toHaveLength(1);
  }

  it("a process that starts after today's time posts the missing daily once, within the window", async () => {
    await postedYesterday();
    clock.set("2026-03-03T01:40:00Z"); // the process was down; it starts on Tuesday at 09:40
    const restarted = botProcess(db, clock, messenger, { seed: 5 });
    expect(await restarted.scheduler.tick()).toMatchObject({ posted: 1 });
    expect(await restarted.scheduler.tick()).toMatchObject({ posted: 0 });
    expect(await localDates()).toEqual(["2026-03-02", "2026-03-03"]);
  });

  it("a start after the window skips the day, and older missed days are never back-filled", async () => {
    await postedYesterday();
    clock.set("2026-03-03T07:01:00Z"); // Tuesday 15:01: 6 h 1 min late
    expect(await bot.scheduler.tick()).toMatchObject({ posted: 0, missed: 1 });
    expect(await localDates()).toEqual(["2026-03-02"]);
    clock.set("2026-03-04T01:00:00Z"); // Wednesday 09:00 comes as usual
    expect(await bot.scheduler.tick()).toMatchObject({ posted: 1 });

    clock.set("2026-03-07T02:00:00Z"); // down from Wednesday until Saturday 10:00
    expect(await bot.scheduler.tick()).toMatchObject({ posted: 1 });
    expect(await localDates()).toEqual(["2026-03-02", "2026-03-04", "2026-03-07"]);
  });
});

describe("time zones and DST", () => {
  it("posts a time skipped by spring-forward at the next valid instant (02:30 → 03:00 in New York)", async () => {
    await chatWith(bot.engine, telegramChat("-ny"), { timeZone: "America/New_York", dailyTime: "02:30" });
    clock.set("2026-03-07T17:00:00Z"); // Saturday noon in New York
    await bot.scheduler.tick();
    clock.set("2026-03-08T06:30:00Z"); // Sunday 01:30 EST; 02:00 EST jumps to 03:00 EDT at 07:00Z
    expect(await tickEveryMinute("2026-03-08T08:00:00Z")).toEqual([{ at: "2026-03-08T07:00:00.000Z", chat: "-ny" }]);
    expect(await localDates()).toEqual(["2026-03-08"]);
  });

  it("posts a time that occurs twice on fall-back day once (01:30 in New York)", async () => {
    await chatWith(bot.engine, telegramChat("-ny"), { timeZone: "America/New_York", dailyTime: "01:30" });
    clock.set("2026-10-31T16:00:00Z");
    await bot.scheduler.tick();
    clock.set("2026-11-01T05:00:00Z"); // 01:00 EDT; 01:30 comes at 05:30Z (EDT) and again at 06:30Z (EST)
    expect(await tickEveryMinute("2026-11-01T08:00:00Z")).toEqual([{ at: "2026-11-01T05:30:00.000Z", chat: "-ny" }]);
    expect(await localDates()).toEqual(["2026-11-01"]);
  });

  it("posts chats in Shanghai, London and Los Angeles at their own local times from one process", async () => {
    await chatWith(bot.engine, telegramChat("-sh"), { timeZone: "Asia/Shanghai", dailyTime: "17:10" });
    await chatWith(bot.engine, telegramChat("-ldn"), { timeZone: "Europe/London", dailyTime: "09:20" });
    await chatWith(bot.engine, telegramChat("-la"), { timeZone: "America/Los_Angeles", dailyTime: "01:30" });
    clock.set("2026-01-14T20:00:00Z"); // every chat's time today is past or more than 6 h ago
    await bot.scheduler.tick();
    clock.set("2026-01-15T09:00:00Z");
    expect(await tickEveryMinute("2026-01-15T10:00:00Z")).toEqual([
      { at: "2026-01-15T09:10:00.000Z", chat: "-sh" },
      { at: "2026-01-15T09:20:00.000Z", chat: "-ldn" },
      { at: "2026-01-15T09:30:00.000Z", chat: "-la" },
    ]);
    expect(await localDates()).toEqual(["2026-01-15", "2026-01-15", "2026-01-15"]);
  });
});

describe("settings", () => {
  it("a new time, zone or on/off takes effect on the next tick, without a restart", async () => {
    const ref = telegramChat("-1");
    await chatWith(bot.engine, ref);
    await bot.scheduler.tick(); // 08:00: due at 09:00
    clock.set("2026-03-02T00:01:00Z");
    await chatWith(bot.engine, ref, { dailyTime: "08:05" });
    expect(await tickEveryMinute("2026-03-02T00:10:00Z")).toEqual([{ at: "2026-03-02T00:05:00.000Z", chat: "-1" }]);

    // Tokyo is an hour ahead: Tuesday 08:05 there is 23:05Z on Monday.
    await chatWith(bot.engine, ref, { timeZone: "Asia/Tokyo" });
    clock.set("2026-03-02T23:00:00Z");
    expect(await tickEveryMinute("2026-03-02T23:10:00Z")).toEqual([{ at: "2026-03-02T23:05:00.000Z", chat: "-1" }]);

    await chatWith(bot.engine, ref, { dailyEnabled: false });
    clock.set("2026-03-03T23:00:00Z");
    expect(await tickEveryMinute("2026-03-03T23:10:00Z")).toEqual([]);
    await chatWith(bot.engine, ref, { dailyEnabled: true }); // on again at 08:10, inside the catch-up window
    expect(await tickEveryMinute("2026-03-03T23:12:00Z")).toEqual([{ at: "2026-03-03T23:10:00.000Z", chat: "-1" }]);
    expect(await localDates()).toEqual(["2026-03-02", "2026-03-03", "2026-03-04"]);
  });

  it("does not repeat a question until every eligible one was posted, and keeps to the chat's topics", async () => {
    const askable = fixtureBank().questions.filter((q) => q.answer || q.item);
    const everything = telegramChat("-all");
    const limited = telegramChat("-rag");
    await chatWith(bot.engine, everything);
    await chatWith(bot.engine, limited, { dailyTopics: ["rag", "inference"] });
    await bot.scheduler.tick();
    for (let day = 0; day < askable.length; day++) {
      clock.set(new Date(Date.parse("2026-03-02T01:00:00Z") + day * DAY));
      await bot.scheduler.tick();
    }
    const questionsOf = async (ref: typeof everything) => {
      const chat = await bot.engine.chat(ref);
      const rows = await db.prisma.dailyQuestion.findMany({ where: { chatId: chat.id }, orderBy: { localDate: "asc" } });
      return rows.map((r) => r.questionId);
    };
    const all = await questionsOf(everything);
    expect(all).toHaveLength(askable.length);
    expect(new Set(all).size).toBe(askable.length);
    const topics = (await questionsOf(limited)).map((id) => fixtureBank().byId.get(id)?.topic);
    expect(new Set(topics)).toEqual(new Set(["rag", "inference"]));
    expect(dailyPosts("-rag")).toHaveLength(askable.length);
  });
});

describe("reveal", () => {
  const alice = { platform: "telegram" as const, externalId: "a", displayName: "alice" };
  const bob = { platform: "telegram" as const, externalId: "b", displayName: "bob" };
  const carol = { platform: "telegram" as const, externalId: "c", displayName: "carol" };

  it("reveals after the delay (12 h by default): edits the post to show the answer and posts the day's results", async () => {
    const ref = telegramChat("-1");
    // The fixture's multiple-choice questions: a choice daily, answered right and wrong.
    bot = botProcess(db, clock, messenger, { bank: fixtureBank(fixtureBank().questions.filter((q) => q.item)) });
    await chatWith(bot.engine, ref, { language: "en" });
    await bot.scheduler.tick();
    clock.set("2026-03-02T01:00:00Z"); // Monday 09:00
    await bot.scheduler.tick();
    const answerRight = async (member: typeof alice) => {
      const view = await bot.engine.currentDaily(ref);
      if (!view.ok) throw new Error(view.code);
      return bot.engine.answerDaily(ref, member, { kind: "choice", index: view.value.question.item!.correct });
    };
    await answerRight(alice); // a streak for alice
    clock.set("2026-03-03T01:00:00Z"); // Tuesday 09:00
    await bot.scheduler.tick();
    const tuesday = messenger.sent.at(-1)!;
    clock.set("2026-03-03T01:02:00Z");
    const daily = await bot.engine.currentDaily(ref);
    if (!daily.ok) throw new Error(daily.code);
    const wrong = (daily.value.question.item!.correct + 1) % 4;
    await bot.engine.answerDaily(ref, bob, { kind: "choice", index: wrong });
    clock.set("2026-03-03T01:05:30Z");
    await answerRight(alice);
    clock.set("2026-03-03T01:10:00Z");
    await answerRight(carol);

    clock.set(new Date(Date.parse("2026-03-03T01:00:00Z") + 12 * HOUR - MINUTE));
    const editsBefore = messenger.edits.length;
    expect(await bot.scheduler.tick()).toMatchObject({ revealed: 0 });
    clock.advance(MINUTE); // 21:00
    expect(await bot.scheduler.tick()).toMatchObject({ revealed: 1 });
    expect(await bot.scheduler.tick()).toMatchObject({ revealed: 0 });

    const edit = messenger.edits.slice(editsBefore);
    expect(edit).toHaveLength(1);
    expect(edit[0]?.messageId).toBe(tuesday.id);
    expect(edit[0]?.message.text).toContain("Reference answer");
    expect(edit[0]?.message.text).toContain(daily.value.question.item!.explanation);
    expect(withoutLiteralMarkers(messenger.sent.at(-1)?.message.text ?? "")).toBe(
      ["📊 Question of the day 2026-03-03: the answer", "3 answered · 67% correct", "⚡ Fastest correct answer: alice (5 min after the post)", "🔥 Streaks: alice 2 d"].join("\n"),
    );
    // After the reveal anyone may see the answer.
    const dave = { platform: "telegram" as const, externalId: "d", displayName: "dave" };
    expect(await bot.engine.reveal(ref, dave)).toMatchObject({ ok: true });
  });

  it("never reveals later than the next post, even on a 23-hour day with the longest delay", async () => {
    const ref = telegramChat("-ny");
    await chatWith(bot.engine, ref, { timeZone: "America/New_York", revealDelayMinutes: 23 * 60 + 59 });
    clock.set("2026-03-06T22:00:00Z"); // Friday 17:00: today's 09:00 is out of the catch-up window
    await bot.scheduler.tick();
    clock.set("2026-03-07T14:00:00Z"); // Saturday 09:00 EST
    await bot.scheduler.tick();
    const saturday = await db.prisma.dailyQuestion.findFirstOrThrow();
    // 09:00 + 23 h 59 min would be Sunday 09:59 EDT; Sunday's post is at 09:00 EDT = 13:00Z.
    expect(saturday.revealDueAt).toEqual(new Date("2026-03-08T13:00:00Z"));
    clock.set("2026-03-08T12:59:00Z");
    expect(await bot.scheduler.tick()).toMatchObject({ revealed: 0, posted: 0 });
    clock.set("2026-03-08T13:00:00Z");
    expect(await bot.scheduler.tick()).toMatchObject({ revealed: 1, posted: 1 });
    const texts = messenger.sent.map((m) => m.message.text.split("\n")[0]);
    expect(texts).toEqual(["📅 每日一题 · 2026-03-07", "📊 2026-03-07 每日一题揭晓", "📅 每日一题 · 2026-03-08"]);
  });

  it("brings the reveal forward when the next post moves earlier", async () => {
    const ref = telegramChat("-1");
    await chatWith(bot.engine, ref);
    await bot.scheduler.tick();
    clock.set("2026-03-02T01:00:00Z"); // 09:00, reveal due at 21:00
    await bot.scheduler.tick();
    clock.set("2026-03-02T02:00:00Z");
    await chatWith(bot.engine, ref, { dailyTime: "20:00" }); // the next posting time is now 20:00, before the 21:00 reveal
    await bot.scheduler.tick();
    const [row] = await db.prisma.dailyQuestion.findMany();
    expect(row?.revealDueAt).toEqual(new Date("2026-03-02T12:00:00Z"));
  });
});
