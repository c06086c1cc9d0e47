import { PassThrough } from "node:stream";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ShiftableClock } from "../../src/console/clock.js";
import { runConsole } from "../../src/console/console.js";
import { Engine } from "../../src/engine/engine.js";
import { fixtureBank } from "../support/bank.js";
import { seededRandom } from "../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(() => db.dispose());

describe("the console: reporting a question inline", () => {
  it("/report <id> lists the reasons to type; /report <id> <reason> <text> files it; the console's owner sees and resolves it", async () => {
    const clock = new ShiftableClock();
    const engine = new Engine({ bank: fixtureBank(), store: db.store, reports: db.stores.reports, isOwner: (member) => member.platform === "console", clock, random: seededRandom(5) });
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = "";
    output.on("data", (chunk: Buffer) => (printed += chunk.toString("utf8")));
    const done = runConsole({ engine, clock, input, output, log: pino({ level: "silent" }), interactive: false });
    input.end(["/as alice", "/report qrag01", "/report qrag01 2 两种理解都说得通", "/report qrag01 错别字", "/reports", "/reports resolve 1 已改写", "/reports"].join("\n") + "\n");
    await done;
    expect(printed).toContain("1. 答案错误  2. 有歧义  3. 已过时  4. 错别字  5. 其他");
    expect(printed).toContain("输入 /report qrag01 <序号或原因> [说明]");
    expect(printed).toContain("谢谢你的报告！题目 qrag01（有歧义）已记下");
    expect(printed).toContain("已更新你对题目 qrag01 的报告（错别字）");
    expect(printed).toMatch(/#1 · qrag01 .* · 错别字 · alice/);
    expect(printed).toContain("“两种理解都说得通”");
    expect(printed).toContain("报错 #1（题目 qrag01）已标记为已修正");
    expect(printed).toContain("没有待处理的报错");
    expect(printed).not.toMatch(/\*\*|undefined/);
  });
});
