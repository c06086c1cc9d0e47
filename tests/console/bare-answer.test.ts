import { PassThrough } from "node:stream";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ShiftableClock } from "../../src/console/clock.js";
import { runConsole } from "../../src/console/console.js";
import { Engine } from "../../src/engine/engine.js";
import { FIXTURE_QUESTIONS, fixtureBank } from "../support/bank.js";
import { seededRandom } from "../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(() => db.dispose());

const CHOICE_ONLY = FIXTURE_QUESTIONS.filter((q) => q.item);
const RECALL_ONLY = FIXTURE_QUESTIONS.filter((q) => q.answer && !q.item);

/** Runs a console script against a real database; returns the reply printed for each line. */
async function play(script: string[], questions = FIXTURE_QUESTIONS, locale?: string): Promise<{ printed: string; replies: Map<string, string[]> }> {
  const clock = new ShiftableClock();
  clock.set(new Date("2026-03-02T02:00:00Z")); // 10:00 in Asia/Shanghai
  const engine = new Engine({ bank: fixtureBank(questions), store: db.store, clock, random: seededRandom(5) });
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => (printed += chunk.toString("utf8")));
  const done = runConsole({ engine, clock, input, output, log: pino({ level: "silent" }), interactive: false, ...(locale ? { locale } : {}) });
  input.end(script.join("\n") + "\n");
  await done;
  // Each echoed line "> x" is followed by its reply, up to the next echo.
  const replies = new Map<string, string[]>();
  for (const part of printed.split(/^> /m).slice(1)) {
    const [line = "", ...rest] = part.split("\n");
    replies.set(line, [...(replies.get(line) ?? []), rest.join("\n").trim()]);
  }
  return { printed, replies };
}

describe("the console: hints and answers without a command", () => {
  it("asks for the letter, not a button, and a lone letter answers the daily question", async () => {
    const { printed, replies } = await play(["/daily", "c", "/stats"], CHOICE_ONLY);
    expect(printed).toContain("直接输入选项字母作答，例如 B（或 /answer B）。");
    expect(printed).not.toMatch(/点选项按钮|按钮/);
    const verdict = replies.get("c")![0]!;
    expect(verdict).toMatch(/^(✅ 回答正确！|❌ 回答错误，正确答案是 [A-D]。)\n\+\d+ 分\n🔥 连续 1 天/);
    // The answer counted: it is the one recorded for the member.
    expect(replies.get("/stats")![0]).toContain("每日一题：作答 1 次");
  });

  it("answers a quiz question by letter in any case, and the lone letter is the same answer as /answer", async () => {
    const bare = await play(["/quiz 2", "A", "b", "/stats"], CHOICE_ONLY);
    expect(bare.printed).toContain("直接输入选项字母作答（A–D）。");
    expect(bare.printed).toMatch(/🏁 测验结束：答对 \d\/2/);
    await db.dispose();
    db = await createTestDatabase();
    const typed = await play(["/quiz 2", "/answer A", "/answer B", "/stats"], CHOICE_ONLY);
    expect(bare.replies.get("/stats")).toEqual(typed.replies.get("/stats"));
    expect(bare.replies.get("A")).toEqual(typed.replies.get("/answer A"));
  });

  it("grades a recall question with a lone 会 / fuzzy, with console hints in both languages", async () => {
    const zh = await play(["/settings mode recall", "/daily", "/reveal", "会"], RECALL_ONLY);
    expect(zh.printed).toContain("先想一想，再输入 /reveal 查看参考答案，然后输入 会 / 模糊 / 不会 自评。");
    expect(zh.replies.get("会")![0]).toMatch(/^📝 已记录自评：会。\n\+5 分/);
    await db.dispose();
    db = await createTestDatabase();
    const en = await play(["/settings lang en", "/settings mode recall", "/daily", "fuzzy"], RECALL_ONLY, "en");
    expect(en.printed).toContain("Think it over, type /reveal for the reference answer, then grade yourself: type know / fuzzy / forgot.");
    expect(en.replies.get("fuzzy")![0]).toMatch(/^📝 Self-grade recorded: fuzzy\.\n\+5 points/);
  });

  it("when nothing waits, a lone letter says why; other bare text still needs a command", async () => {
    const { replies } = await play(["/daily", "A", "B", "hello", "E"], CHOICE_ONLY);
    expect(replies.get("B")![0]).toMatch(/^你已经回答过这道每日一题了（2026-03-02），以第一次为准：A。/);
    expect(replies.get("hello")![0]).toBe("命令以 / 开头。输入 /help 查看全部命令。");
    expect(replies.get("E")![0]).toBe("命令以 / 开头。输入 /help 查看全部命令。");
  });
});
