import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { checkBank, positionProblems } from "../../src/bank/check.js";
import { loadBank } from "../../src/bank/load.js";
import type { Question, QuizItem } from "../../src/bank/schema.js";

const item = (correct: number): QuizItem => ({ stem: "RAG 先做什么？", options: ["检索相关文档", "微调模型", "量化权重", "扩大词表"], correct, explanation: "先检索，再把文档放进提示生成。" });
const base: Question = {
  id: "qaaaaa",
  topic: "rag",
  prompt: "什么是 RAG？",
  answer: "检索增强生成：先从知识库检索与问题相关的文档片段，再把它们和问题一起放进提示，让模型基于这些资料生成回答，从而减少幻觉并能给出引用来源。",
  keyPoints: ["先检索", "再生成"],
  difficulty: 1,
  sources: [{ file: "000_x.txt", number: 1 }],
  item: item(0),
};
/** Complete questions whose correct options sit at A, B, C and D in turn. */
const balancedSet = (size: number) => Array.from({ length: size }, (_, n) => ({ ...base, id: `qbal0${n}`, item: item(n % 4) }));
const balanced = balancedSet(4);
const bankOf = (questions: Question[]) => ({ questions, byId: new Map(), byTopic: new Map(), merged: 0 });
const problemsOf = (questions: Question[]) => checkBank(bankOf([...balancedSet(40), ...questions])).problems;

describe("checkBank", () => {
  it("accepts complete, balanced questions", () => {
    expect(problemsOf([])).toEqual([]);
  });

  it("finds each kind of text problem", () => {
    expect(
      problemsOf([
        { ...base, id: "qbbbbb", prompt: "什么是\u2F24模型？" },
        { ...base, id: "qccccc", prompt: "**加粗**的问题？" },
        { ...base, id: "qddddd", prompt: "### 标题" },
        { ...base, id: "qeeeee", prompt: "看 [链接](http://x)" },
        { ...base, id: "qfffff", prompt: "乱码\uFFFD？" },
        { ...base, id: "qggggg", prompt: "  " },
        { ...base, id: "qhhhhh", answer: "⻓答案".repeat(40) },
      ]).filter((p) => !p.startsWith("correct option") && !p.startsWith("qbal")),
    ).toEqual([
      "qbbbbb: prompt has a radical character (U+2E80–U+2FDF)",
      "qccccc: prompt has a bold marker **",
      "qddddd: prompt has a heading marker #",
      "qddddd: prompt has a heading marker ###",
      "qeeeee: prompt has a Markdown link",
      "qfffff: prompt has U+FFFD",
      "qggggg: empty prompt",
      "qhhhhh: answer has a radical character (U+2E80–U+2FDF)",
    ]);
    expect(checkBank(bankOf([base, base])).problems).toContain("qaaaaa: duplicate id");
  });

  it("requires an answer of a sensible length, key points and a quiz item", () => {
    const problems = problemsOf([
      { ...base, id: "qiiiii", answer: undefined, keyPoints: undefined, item: undefined },
      { ...base, id: "qjjjjj", answer: "太短。" },
      { ...base, id: "qkkkkk", answer: "长".repeat(1501) },
    ]).filter((p) => !p.startsWith("correct option"));
    expect(problems).toEqual([
      "qiiiii: no reference answer",
      "qiiiii: no key points",
      "qiiiii: no quiz item",
      "qjjjjj: answer shorter than 60 characters",
      "qkkkkk: answer longer than 1500 characters",
    ]);
  });

  it("finds weak quiz items", () => {
    const weak: QuizItem = { stem: "KV cache 缓存什么？", options: ["K 和 V", "K 和 V", "以上都对", "KV cache"], correct: 0, explanation: "解码时复用。\n一\n二\n三" };
    expect(problemsOf([{ ...base, id: "qweak1", item: weak }]).filter((p) => p.startsWith("qweak1"))).toEqual([
      "qweak1: item explanation has more than 2 line breaks",
      "qweak1: item has duplicate options",
      "qweak1: item has a catch-all option: 以上都对",
      "qweak1: item option appears verbatim in the stem: KV cache",
    ]);
  });

  it("wants the correct option spread evenly over A–D", () => {
    expect(positionProblems(balanced)).toEqual([]);
    const skewed = [...balanced, { ...base, id: "qskew1" }, { ...base, id: "qskew2" }];
    expect(positionProblems(skewed)).toEqual([
      "correct option A in 50.0% of items (want 25% ± 5)",
      "correct option B in 16.7% of items (want 25% ± 5)",
      "correct option C in 16.7% of items (want 25% ± 5)",
      "correct option D in 16.7% of items (want 25% ± 5)",
    ]);
  });

  it("passes the checked-in bank: every question complete", () => {
    const { problems, report } = checkBank(loadBank());
    expect(problems).toEqual([]);
    expect(report.total).toBeGreaterThan(450);
    expect(report.withAnswer).toBe(report.total);
    expect(report.withItem).toBe(report.total);
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
      writeFileSync(path.join(dir, "rag.json"), JSON.stringify({ topic: "rag", questions: [...balanced, { ...base, prompt: "**坏**" }] }));
      const { code, stdout, stderr } = await run([], { BANK_DIR: dir });
      expect(code).toBe(1);
      expect(stderr).toContain("qaaaaa: prompt has a bold marker **");
      expect(stdout).toMatch(/\d+ problem\(s\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
