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

const RECALL_ONLY = FIXTURE_QUESTIONS.filter((q) => q.answer && !q.item);

/** Runs a console script against a real database and returns what it printed. */
async function play(script: string[], questions = FIXTURE_QUESTIONS, output = new PassThrough()): Promise<string> {
  const clock = new ShiftableClock();
  const engine = new Engine({ bank: fixtureBank(questions), store: db.store, clock, random: seededRandom(5) });
  const input = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => (printed += chunk.toString("utf8")));
  const done = runConsole({ engine, clock, input, output, log: pino({ level: "silent" }), interactive: false });
  input.end(script.join("\n") + "\n");
  await done;
  return printed;
}

describe("the console chat", () => {
  it("plays three days with two members: streaks and the leaderboard", async () => {
    const printed = await play(
      [
        "/time 2026-03-02T10:00",
        "/as alice",
        "/daily",
        "/reveal",
        "/answer 会",
        "/as bob",
        "/answer 模糊",
        "/time +1d",
        "/as alice",
        "/daily",
        "/answer 会",
        "/time +1d",
        "/daily",
        "/answer 不会",
        "/as bob",
        "/answer 会",
        "/stats",
        "/as alice",
        "/stats",
        "/leaderboard",
      ],
      RECALL_ONLY,
    );
    expect(printed).toContain("📅 每日一题 · 2026-03-02");
    expect(printed).toContain("📅 每日一题 · 2026-03-04");
    expect(printed).toContain("参考答案");
    // alice: 5 + (5+1) + (5+2) on three straight days; bob: 5 on day one, 5 again after missing day two.
    expect(printed).toContain("🔥 连续 3 天（最长 3 天）");
    expect(printed).toMatch(/1\. alice — 18 分\n2\. bob — 10 分\n你：第 1 名，18 分/);
    expect(printed).toContain("🔥 当前连续 1 天 · 最长 1 天"); // bob's /stats
    expect(printed).toContain("🔥 当前连续 3 天 · 最长 3 天"); // alice's /stats
  });

  it("answers a repeated answer, bad input and unknown commands with one line each and goes on", async () => {
    const printed = await play(["/time 2026-03-02T10:00", "/daily", "/answer 会", "/answer 会", "/answer maybe", "/frobnicate", "hello", "/quiz nosuchtopic", "/quiz 99", "/leaderboard forever", "/question qzzzzz", "/stats"], RECALL_ONLY);
    expect(printed).toContain("你已经回答过这道每日一题了（2026-03-02），以第一次为准：会。");
    expect(printed).toContain("用法：/answer <A|B|C|D|会|模糊|不会|秒答>");
    expect(printed).toContain("未知命令 /frobnicate。输入 /help 查看全部命令。");
    expect(printed).toContain("命令以 / 开头。");
    expect(printed).toContain("没有这个主题。");
    expect(printed).toContain("用法：/quiz [topic] [n] [choice|recall] | /quiz stop");
    expect(printed).toContain("用法：/leaderboard [week|month|all]");
    expect(printed).toContain("没有题号为 qzzzzz 的题目。");
    expect(printed).toContain("📊 me 的学习统计");
    expect(printed).not.toMatch(/\bat \S+:\d+:\d+/); // no stack trace
  });

  it("runs a quiz to its summary and speaks English when asked", async () => {
    const printed = await play(["/settings lang en", "/quiz rag 2", "/reveal", "/answer know", "/answer fuzzy", "/quiz stop", "/topics", "/search 位置编码", "/help"], RECALL_ONLY);
    expect(printed).toContain("🧠 Quiz question 1/2");
    expect(printed).toContain("🧠 Quiz question 2/2");
    expect(printed).toContain("🏁 Quiz over: 0/2 correct, 2 points.");
    expect(printed).toContain("You have no quiz running.");
    expect(printed).toMatch(/rag — RAG & retrieval: 2/);
    expect(printed).toContain("qtrf01 为什么 Transformer 需要位置编码？");
    expect(printed).toContain("/time <ISO date-time | +1d | +2h | -30m>");
  });

  it("lets /question show a question with its answer, plain when piped (no Markdown markers, no escape codes)", async () => {
    const printed = await play(["/question QTRF01"]);
    expect(printed).toContain("为什么 Transformer 需要位置编码？");
    expect(printed).toContain("自注意力对顺序不敏感");
    expect(printed).not.toContain("**");
    expect(printed).not.toContain("\u001b[");
  });

  it("styles bold and code with ANSI escapes on a terminal", async () => {
    const terminal = Object.assign(new PassThrough(), { isTTY: true });
    const printed = await play(["/question QTRF01", "/search 位置编码"], FIXTURE_QUESTIONS, terminal);
    expect(printed).toContain("\u001b[1m为什么 Transformer 需要位置编码？\u001b[22m");
    expect(printed).toContain("\u001b[36mqtrf01\u001b[39m");
    expect(printed).not.toContain("**");
  });
});

describe("the console: your data", () => {
  it("/link shows a code, /mydata writes the export to a file and prints its path, /forgetme confirm erases", async () => {
    const { readFileSync } = await import("node:fs");
    const clock = new ShiftableClock();
    const engine = new Engine({ bank: fixtureBank(RECALL_ONLY), store: db.store, review: db.stores.review, identity: db.stores.identity, clock, random: seededRandom(5) });
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = "";
    output.on("data", (chunk: Buffer) => (printed += chunk.toString("utf8")));
    const done = runConsole({ engine, clock, input, output, log: pino({ level: "silent" }), interactive: false, memberName: "alice" });
    input.end(["/daily", "/reveal", "/answer 会", "/link", "/mydata", "/forgetme", "/forgetme confirm", "/stats"].join("\n") + "\n");
    await done;
    expect(printed).toMatch(/绑定码：[0-9A-Z]{8}/);
    const file = /文件已保存：(\S+studybot-data\.json)/.exec(printed)?.[1];
    expect(file).toBeDefined();
    const exported = JSON.parse(readFileSync(file!, "utf8")) as { identities: { platform: string; displayName: string }[]; dailyAnswers: unknown[]; cards: unknown[] };
    expect(exported.identities).toEqual([expect.objectContaining({ platform: "console", displayName: "alice" })]);
    expect(exported.dailyAnswers).toHaveLength(1);
    expect(exported.cards).toHaveLength(1);
    expect(printed).toContain("确定删除你的个人数据吗");
    expect(printed).toContain("🗑 已删除 1 个账号的个人数据；1 条群内作答已匿名保留。");
    expect(await db.prisma.reviewCard.count()).toBe(0);
    expect(await db.prisma.dailyAnswer.count()).toBe(1);
  });
});
