import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { checkBank } from "../../src/bank/check.js";
import { loadBank } from "../../src/bank/load.js";
import type { Question } from "../../src/bank/schema.js";

const base: Question = { id: "qaaaaa", topic: "rag", prompt: "什么是 RAG？", difficulty: 1, sources: [{ file: "000_x.txt", number: 1 }] };
const bankOf = (questions: Question[]) => ({ questions, byId: new Map(), byTopic: new Map(), merged: 0 });

describe("checkBank", () => {
  it("finds each kind of problem", () => {
    const { problems } = checkBank(
      bankOf([
        base,
        { ...base },
        { ...base, id: "qbbbbb", prompt: "什么是\u2F24模型？" },
        { ...base, id: "qccccc", prompt: "**加粗**的问题？" },
        { ...base, id: "qddddd", prompt: "### 标题" },
        { ...base, id: "qeeeee", prompt: "看 [链接](http://x)" },
        { ...base, id: "qfffff", prompt: "乱码\uFFFD？" },
        { ...base, id: "qggggg", prompt: "  " },
        { ...base, id: "qhhhhh", answer: "⻓答案" },
      ]),
    );
    expect(problems).toEqual([
      "qaaaaa: duplicate id",
      "qbbbbb: prompt has a radical character (U+2E80–U+2FDF)",
      "qccccc: prompt has a bold marker **",
      "qddddd: prompt has a heading marker #",
      "qddddd: prompt has a heading marker ###",
      "qeeeee: prompt has a Markdown link",
      "qfffff: prompt has U+FFFD",
      "qggggg: empty prompt",
      "qhhhhh: answer has a radical character (U+2E80–U+2FDF)",
    ]);
  });

  it("finds weak quiz items", () => {
    const item = { stem: "KV cache 缓存什么？", options: ["K 和 V", "K 和 V", "以上都对", "KV cache"], correct: 0, explanation: "解码时复用。" };
    expect(checkBank(bankOf([{ ...base, item }])).problems).toEqual([
      "qaaaaa: item has duplicate options",
      "qaaaaa: item has a catch-all option: 以上都对",
      "qaaaaa: item option appears verbatim in the stem: KV cache",
    ]);
  });

  it("passes the checked-in bank and counts it", () => {
    const { problems, report } = checkBank(loadBank());
    expect(problems).toEqual([]);
    expect(report.total).toBeGreaterThan(450);
    expect(report.withAnswer).toBeGreaterThan(100);
    expect(Object.values(report.perTopic).reduce((a, b) => a + b, 0)).toBe(report.total);
    expect(Object.keys(report.perSource)).toHaveLength(5);
  });
});

describe("npm run questions:check", () => {
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    promisify(execFile)("node_modules/.bin/tsx", ["src/bank/check-cli.ts", ...args], { env: { ...process.env, ...env } }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it("prints exactly one JSON object with --json", async () => {
    const { code, stdout } = await run(["--json"]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(["total", "withAnswer", "withItem", "merged", "perTopic", "perSource"]);
  });

  it("exits non-zero and names the problem for a broken bank", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "studybot-check-"));
    try {
      writeFileSync(path.join(dir, "rag.json"), JSON.stringify({ topic: "rag", questions: [{ ...base, prompt: "**坏**" }] }));
      const { code, stdout, stderr } = await run([], { BANK_DIR: dir });
      expect(code).toBe(1);
      expect(stderr).toContain("qaaaaa: prompt has a bold marker **");
      expect(stdout).toContain("1 problem(s)");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
