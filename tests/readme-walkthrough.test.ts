import { readFileSync } from "node:fs";
import { PassThrough } from "node:stream";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadBank } from "../src/bank/load.js";
import { createSearch } from "../src/bank/search.js";
import { ShiftableClock } from "../src/console/clock.js";
import { runConsole } from "../src/console/console.js";
import { Engine } from "../src/engine/engine.js";
import { zh } from "../src/i18n/zh.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";

/** The lines of the README's "Five minutes with studybot" walkthrough, after its `$ npm start` line. */
function walkthroughLines(): string[] {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const section = readme.split(/^## Five minutes with studybot$/m)[1]?.split(/^## /m)[0];
  const block = section && /```console\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error("README: no ```console block under ## Five minutes with studybot");
  const [start, ...lines] = block.trim().split("\n");
  expect(start).toMatch(/^\$ npm start -- --db \S+$/);
  return lines;
}

const bank = loadBank();
const realBank = { ...bank, search: createSearch(bank.questions) };

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(() => db.dispose());

/** Runs the lines through the real console (piped, as `npm start < lines.txt`): each line with its reply. */
async function play(lines: string[], at: string): Promise<[string, string][]> {
  const clock = new ShiftableClock();
  clock.set(new Date(at));
  const engine = new Engine({ bank: realBank, store: db.store, clock });
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => (printed += chunk.toString("utf8")));
  const done = runConsole({ engine, clock, input, output, log: pino({ level: "silent" }), interactive: false });
  input.end(lines.join("\n") + "\n");
  await done;
  return printed
    .split(/^> /m)
    .slice(1)
    .map((part) => {
      const [line = "", ...reply] = part.split("\n");
      return [line, reply.join("\n").trim()];
    });
}

/** How every refusal begins: the error texts, usage lines, unknown commands, a repeated answer. */
const REFUSALS = Object.entries(zh)
  .filter(([key]) => key.startsWith("error.") || ["usage", "unknownCommand", "notACommand", "answer.already"].includes(key))
  .map(([, text]) => text.split("{")[0]!);

const VERDICT = /^(✅ 回答正确！|❌ 回答错误，正确答案是 [A-D]。)\n\+\d+ 分/;

describe("the README's five-minute walkthrough", () => {
  // Before and after the 09:00 posting time, on a Monday and on a Sunday (the week's table resets on Mondays).
  for (const at of ["2026-03-02T02:00:00Z", "2026-03-07T23:30:00Z", "2026-03-08T12:00:00Z"]) {
    it(`works as described when started at ${at}`, async () => {
      const lines = walkthroughLines();
      const replies = await play(lines, at);
      expect(replies.map(([line]) => line)).toEqual(lines);
      for (const [line, reply] of replies) {
        for (const refusal of REFUSALS) expect(reply.startsWith(refusal), `${line} → ${reply.slice(0, 80)}`).toBe(false);
      }
      const replyTo = (line: string, nth = 0) => replies.filter(([l]) => l === line)[nth]![1];

      // /daily, then a lone letter answers it; /reveal shows the reference answer.
      expect(replyTo("/daily")).toMatch(/^📅 每日一题 · \d{4}-\d{2}-\d{2}\n[\s\S]*\nA\. [\s\S]*\nD\. [\s\S]*直接输入选项字母作答/);
      expect(lines[1]).toMatch(/^[A-D]$/);
      expect(replyTo(lines[1]!)).toMatch(VERDICT);
      expect(replyTo("/reveal")).toContain("参考答案");

      // A three-question RAG quiz, a letter each, with a summary after the last.
      const quiz = lines.indexOf("/quiz rag 3");
      expect(replyTo("/quiz rag 3")).toMatch(/^🧠 测验 第 1\/3 题/);
      const quizAnswers = replies.slice(quiz + 1, quiz + 4).map(([, reply]) => reply);
      for (const reply of quizAnswers) expect(reply).toMatch(VERDICT);
      expect(quizAnswers[0]).toContain("🧠 测验 第 2/3 题");
      expect(quizAnswers[2]).toMatch(/🏁 测验结束：答对 \d\/3，获得 \d+ 分。/);

      // The leaderboard: me alone, then me and bob, who answered the same daily question.
      expect(replyTo("/leaderboard")).toMatch(/🏆 排行榜 · 本周\n1\. me — \d+ 分\n你：第 1 名/);
      expect(replyTo("/as bob")).toBe("现在的身份是 bob。");
      expect(replyTo("/daily", 1).split("\n")[0]).toBe(replyTo("/daily").split("\n")[0]);
      expect(replyTo("D")).toMatch(VERDICT);
      const table = replyTo("/leaderboard", 1);
      // The same points share a rank: "1. … 1. …" and "并列第 1 名" when the quiz earned me nothing.
      expect(table).toMatch(/^🏆 排行榜 · 本周\n1\. (me|bob) — \d+ 分\n[12]\. (me|bob) — \d+ 分\n你：(并列)?第 [12] 名/);
      expect(replyTo("/stats")).toMatch(/^📊 bob 的学习统计[\s\S]*每日一题：作答 1 次/);
    });
  }
});
