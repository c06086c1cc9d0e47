import { existsSync } from "node:fs";
import { PNG } from "pngjs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_CHART_FONT, WorkerChartRenderer } from "../../src/charts/renderer.js";
import type { Engine } from "../../src/engine/engine.js";
import type { MemberRef } from "../../src/engine/types.js";
import { decodeAction } from "../../src/presenter/action-codec.js";
import { fixtureBank } from "../support/bank.js";
import { DAY, TestClock } from "../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { RecordingMessenger } from "../support/messenger.js";
import { botProcess, chatWith, telegramChat, type BotProcess } from "../support/scheduler.js";

// Shanghai posts at 09:00 = 01:00Z. 2026-03-02 and 2026-03-09 are Mondays (ISO weeks 10 and 11).
const MONDAY_NINE = "2026-03-02T01:00:00Z";
const chat = telegramChat("recap");
/** Multiple-choice questions only, so every daily has a right and a wrong option. */
const bank = fixtureBank(fixtureBank().questions.filter((q) => q.item));
const member = (name: string): MemberRef => ({ platform: "telegram", externalId: name, displayName: name });

let db: TestDatabase;
let clock: TestClock;
let messenger: RecordingMessenger;
let bot: BotProcess;

beforeEach(async () => {
  db = await createTestDatabase();
  clock = new TestClock(MONDAY_NINE);
  messenger = new RecordingMessenger();
  bot = botProcess(db, clock, messenger, { recaps: true, bank });
});
afterEach(() => db.dispose());

const recapsSent = () => messenger.sent.filter((sent) => sent.message.text.includes("上周回顾"));

/** Answers the open daily: `right` picks the correct option, else a wrong one. */
async function answer(engine: Engine, who: MemberRef, right: boolean) {
  const current = await engine.currentDaily(chat);
  if (!current.ok) throw new Error(current.code);
  const correct = current.value.question.item!.correct;
  return engine.answerDaily(chat, who, { kind: "choice", index: right ? correct : (correct + 1) % 4 });
}

/** A week of dailies from Monday: alice answers every day right, bob the first three days wrong. */
async function playWeek() {
  for (let day = 0; day < 7; day++) {
    await bot.scheduler.tick();
    await answer(bot.engine, member("alice"), true);
    if (day < 3) await answer(bot.engine, member("bob"), false);
    clock.advance(DAY);
  }
}

describe("the weekly recap", () => {
  it("goes out with Monday's daily question, once, about last week: top 3, members, share correct, most missed with a button, longest streak", async () => {
    await chatWith(bot.engine, chat, { dailyTime: "09:00" });
    await playWeek();
    expect(recapsSent()).toHaveLength(0); // the week before had no answers: skipped
    await bot.scheduler.tick(); // Monday 2026-03-09 09:00
    await bot.scheduler.tick();
    const recaps = recapsSent();
    expect(recaps).toHaveLength(1);
    const { text, choices } = recaps[0]!.message;
    expect(text).toContain("2026-03-02");
    expect(text).toMatch(/1\. alice 90 分 · 2\. bob 9 分/); // bob: 2 a wrong answer, plus the streak bonus 0, 1, 2
    expect(text).toContain("2 人作答，共 10 次");
    expect(text).toContain("选择题正确率 70%");
    expect(text).toContain("当前最长连续：alice 7 天");
    const action = decodeAction(choices![0]!.action);
    expect(action).toMatchObject({ kind: "detail" });
    expect(text).toContain((action as { questionId: string }).questionId);
    // Posted right after the daily question.
    const index = messenger.sent.indexOf(recaps[0]!);
    expect(messenger.sent[index - 1]!.message.choices?.length).toBe(4);
  });

  it("is claimed once per chat and week across processes", async () => {
    await chatWith(bot.engine, chat, { dailyTime: "09:00" });
    const other = botProcess(db, clock, messenger, { recaps: true, seed: 2, bank });
    const record = await bot.engine.chat(chat);
    const [a, b] = await Promise.all([bot.engine.recap!.claim(record, "2026-03-09"), other.engine.recap!.claim(record, "2026-03-09")]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(await bot.engine.recap!.claim(record, "2026-03-10")).toBeNull(); // not a recap day
  });

  it("follows /settings recap: another weekday, or off", async () => {
    await chatWith(bot.engine, chat, { dailyTime: "09:00", recapDay: 3 });
    await playWeek(); // Mon 03-02 … Sun 03-08
    await bot.scheduler.tick(); // Mon 03-09: no recap on Monday now
    expect(recapsSent()).toHaveLength(0);
    clock.advance(2 * DAY); // Wed 03-11
    await bot.scheduler.tick();
    expect(recapsSent()).toHaveLength(1);
    await chatWith(bot.engine, chat, { recapDay: null });
    clock.advance(7 * DAY);
    await bot.scheduler.tick();
    expect(recapsSent()).toHaveLength(1);
  });
});

describe.runIf(existsSync(DEFAULT_CHART_FONT))("the weekly recap's picture", () => {
  it("carries the week's top 10 as a PNG", async () => {
    const charts = new WorkerChartRenderer({ fontFile: DEFAULT_CHART_FONT });
    try {
      bot = botProcess(db, clock, messenger, { recaps: true, charts, bank });
      await chatWith(bot.engine, chat, { dailyTime: "09:00" });
      await playWeek();
      await bot.scheduler.tick();
      const image = recapsSent()[0]!.message.file!;
      expect(image.name).toBe("recap.png");
      expect(PNG.sync.read(Buffer.from(image.bytes)).width).toBeGreaterThan(500);
    } finally {
      await charts.close();
    }
  });
});
