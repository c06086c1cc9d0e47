import { PassThrough } from "node:stream";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ShiftableClock } from "../../src/console/clock.js";
import { runConsole } from "../../src/console/console.js";
import { Engine } from "../../src/engine/engine.js";
import { fixtureBank } from "../support/bank.js";
import { seededRandom } from "../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { FULL_ANSWERS, PRACTICE_QUESTIONS, practiceDeps } from "../support/practice.js";

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(() => db.dispose());

/** Runs a console script on the practice questions against a real database; returns what it printed. */
async function play(script: string[]): Promise<string> {
  const clock = new ShiftableClock();
  const engine = new Engine({ bank: fixtureBank(PRACTICE_QUESTIONS), store: db.store, review: db.stores.review, clock, random: seededRandom(5), practice: practiceDeps(db) });
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => (printed += chunk.toString("utf8")));
  const done = runConsole({ engine, clock, input, output, log: pino({ level: "silent" }), interactive: false });
  input.end(script.join("\n") + "\n");
  await done;
  return printed;
}

/** The reply printed after the echoed line `line`. */
function replyTo(printed: string, line: string, nth = 0): string {
  const parts = printed.split(`> ${line}\n`);
  return (parts[nth + 1] ?? "").split("\n> ")[0]!;
}

describe("practice in the console", () => {
  it("asks the open prompt, grades the next line that is not a command, confirms a typed grade, and earns the points", async () => {
    const printed = await play(["/time 2026-03-02T10:00", "/practice finetuning", FULL_ANSWERS.qlora1!, "/answer 会", "/leaderboard all"]);
    const asked = replyTo(printed, "/practice finetuning");
    expect(asked).toContain("LoRA 的原理是什么？");
    expect(asked).not.toContain("LoRA 训练的是哪部分？"); // the open prompt, not the multiple-choice stem
    expect(asked).toContain("下一行不是命令的文字就是答案");
    const feedback = replyTo(printed, FULL_ANSWERS.qlora1!);
    expect(feedback).toContain("要点覆盖 100%（3/3）");
    expect(feedback).toContain("✅ 冻结原模型权重");
    expect(feedback).toContain("参考答案");
    expect(feedback).toContain("建议：会");
    expect(feedback).toContain("评阅：内置要点匹配");
    expect(replyTo(printed, "/answer 会")).toContain("评分：会 · 已计入你的复习卡片。");
    expect(replyTo(printed, "/answer 会")).toContain("+2 分");
    expect(replyTo(printed, "/leaderboard all")).toMatch(/2 分/);
  });

  it("a lone letter or grade is an answer while a practice question is open; /skip skips; without one, text is not read", async () => {
    const printed = await play(["/practice inference", "B", "/practice inference", "/skip", "随便说说", "/answer 不会"]);
    expect(replyTo(printed, "B")).toContain("要点覆盖 0%（0/2）");
    expect(replyTo(printed, "B")).toContain("❌ 避免重复计算");
    expect(replyTo(printed, "/skip")).toContain("已跳过：qkvc01");
    expect(replyTo(printed, "随便说说")).not.toContain("要点覆盖");
    // The first answer's grade was never confirmed, but a newer question was asked since: nothing to confirm.
    expect(replyTo(printed, "/answer 不会")).not.toContain("已计入你的复习卡片");
  });

  it("marks a missed key point ✗, suggests 模糊, and shows the member's own answer when the card comes up in review", async () => {
    const printed = await play(["/time 2026-03-02T10:00", "/practice finetuning", "LoRA 把原权重冻结。", "/answer 模糊", "/time +3d", "/review", "/review show"]);
    const feedback = replyTo(printed, "LoRA 把原权重冻结。");
    expect(feedback).toContain("✅ 冻结原模型权重");
    expect(feedback).toContain("❌ 训练低秩矩阵 A 和 B");
    expect(feedback).toContain("建议：模糊");
    expect(replyTo(printed, "/answer 模糊")).not.toContain("+2");
    expect(replyTo(printed, "/review")).toContain("LoRA 的原理是什么？");
    const shown = replyTo(printed, "/review show");
    expect(shown).toContain("你上次的回答");
    expect(shown).toContain("LoRA 把原权重冻结。");
  });

  it("cuts an answer past 2,000 characters and says so", async () => {
    const printed = await play(["/practice finetuning", `${FULL_ANSWERS.qlora1}${"很".repeat(2100)}`]);
    expect(printed).toContain("只评阅了前 2000 个");
  });
});
