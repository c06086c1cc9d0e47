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

/** Runs a console script on the practice questions (qkvc01 is easier, so it comes first); returns what it printed. */
async function play(script: string[]): Promise<string> {
  const clock = new ShiftableClock();
  const engine = new Engine({ bank: fixtureBank(PRACTICE_QUESTIONS), store: db.store, review: db.stores.review, clock, random: seededRandom(5), practice: practiceDeps(db), mock: db.stores.mock });
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => (printed += chunk.toString("utf8")));
  const done = runConsole({ engine, clock, input, output, log: pino({ level: "silent" }), interactive: false });
  input.end(script.join("\n") + "\n");
  await done;
  return printed;
}

function replyTo(printed: string, line: string): string {
  return (printed.split(`> ${line}\n`)[1] ?? "").split("\n> ")[0]!;
}

describe("a mock interview in the console, end to end", () => {
  it("asks n questions easiest first, follows up on the first missed key point, marks an answer past the soft limit, and reports", async () => {
    const printed = await play([
      "/time 2026-03-02T10:00",
      "/mock 2 --minutes 3",
      "KV 缓存把历史 token 的 K 和 V 存下来。", // misses 避免重复计算: a follow-up about it
      "/time +4m",
      "这样就不用重复计算了。", // the follow-up, 4 minutes later: covered, over the 3-minute limit
      FULL_ANSWERS.qlora1!, // the second question, every key point: no follow-up, the report
      "/mock review",
      "/mock review",
    ]);
    const first = replyTo(printed, "/mock 2 --minutes 3");
    expect(first).toContain("🎤 模拟面试 第 1/2 题 · 建议用时 3 分钟");
    expect(first).toContain("KV cache 为什么能加速解码？");
    const followUp = replyTo(printed, "KV 缓存把历史 token 的 K 和 V 存下来。");
    expect(followUp).toContain("要点覆盖 50%");
    expect(followUp).toContain("🔎 追问：你提到了「缓存历史 token 的 K 和 V」，那「避免重复计算」呢？");
    // Past the follow-up's 3 minutes: the console says time is up, once, and the answer still counts.
    expect(replyTo(printed, "/time +4m")).toContain("⏰ 时间到：模拟面试第 1/2 题（qkvc01）的建议用时 3 分钟已到。你仍可以提交答案");
    expect(printed.split("⏰ 时间到")).toHaveLength(2);
    const afterFollowUp = replyTo(printed, "这样就不用重复计算了。");
    expect(afterFollowUp).toContain("✅ 追问答到了：避免重复计算");
    expect(afterFollowUp).toContain("⏰ 超过了建议用时 3 分钟，你的回答照样计入。");
    expect(afterFollowUp).toContain("第 2/2 题");
    expect(afterFollowUp).toContain("LoRA 的原理是什么？");
    const report = replyTo(printed, FULL_ANSWERS.qlora1!);
    expect(report).not.toContain("追问");
    expect(report).toContain("📋 模拟面试报告 · 总分 75/100（2/2 题）");
    expect(report).toContain("1. qkvc01 覆盖 50% · 用时 4 分钟 ⏰");
    expect(report).toContain("2. qlora1 覆盖 100%");
    // The follow-up covered the missed point: nothing left missed, nothing to add to the deck.
    expect(report).not.toContain("最薄弱的要点");
    expect(replyTo(printed, "/mock review")).toContain("已把 0 道题加入你的复习卡片");
  });

  it("/mock stop reports so far, names the weakest key points with ids, and /mock review adds the missed question to the deck once", async () => {
    const printed = await play(["/time 2026-03-02T10:00", "/mock 2", "完全不知道", "还是不知道", "/mock stop", "/mock review", "/mock review", "/mock stop"]);
    const stopped = replyTo(printed, "/mock stop");
    expect(stopped).toContain("模拟面试已结束。");
    expect(stopped).toContain("总分 0/100（1/2 题）");
    expect(stopped).toContain("漏掉：缓存历史 token 的 K 和 V；避免重复计算");
    expect(stopped).toContain("最薄弱的要点：");
    expect(stopped).toContain("• 缓存历史 token 的 K 和 V（qkvc01）");
    expect(stopped).toContain("/mock review");
    expect(printed).toContain("❌ 追问没答到：缓存历史 token 的 K 和 V");
    expect(printed.split("> /mock review\n")[1]).toContain("已把 1 道题加入你的复习卡片");
    expect(printed.split("> /mock review\n")[2]).toContain("你已经回答过");
    const learner = await db.stores.review.learnerOf((await db.store.ensureMember({ platform: "console", externalId: "me", displayName: "me" })).id);
    expect((await db.stores.review.findCard(learner, "qkvc01"))?.lastRating).toBe(1);
    expect(printed.split("> /mock stop\n")[2]).toContain("你现在没有进行中的模拟面试");
  });

  it("one mock per member; it expires after 30 idle minutes", async () => {
    const printed = await play(["/time 2026-03-02T10:00", "/mock 1", "/mock 1", "/time +31m", "KV 缓存", "/mock 1"]);
    expect(printed.split("> /mock 1\n")[2]).toContain("你已经有一场进行中的模拟面试");
    expect(replyTo(printed, "KV 缓存")).not.toContain("已记录");
    expect(printed.split("> /mock 1\n")[3]).toContain("第 1/1 题");
  });
});
