import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { checkBank, fairnessOf, fairnessProblems, optionReference, positionProblems } from "../../src/bank/check.js";
import { loadBank } from "../../src/bank/load.js";
import type { Question, QuizItem } from "../../src/bank/schema.js";

/**
 * Whether the real bank is held to the fairness rules (longest key, dominant key, absolute wording, option references
 * in explanations). They came before the rewritten items did; with the content merged (items-a, items-b) the bank
 * meets them and this is on. Set it to false only to land the rules ahead of content that does not meet them yet.
 */
const BANK_CONTENT_IS_FAIR = true;
/** The problems those rules report, so the other checks of the real bank keep running meanwhile. */
const FAIRNESS_PROBLEM = /strictly the longest|longer than every distractor|absolute wording|refers to an option/;

/** Options of equal length: no key stands out by form. */
const item = (correct: number): QuizItem => ({ stem: "RAG 先做什么？", options: ["检索相关文档", "微调整个模型", "量化全部权重", "扩大模型词表"], correct, explanation: "先检索，再把文档放进提示生成。" });
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
const bankOf = (questions: Question[]) => ({ questions, byId: new Map(), retired: new Map(), byTopic: new Map(), merged: 0 });
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

  it("passes the checked-in bank: every question complete (the fairness rules apart, see BANK_CONTENT_IS_FAIR)", () => {
    const { problems, report } = checkBank(loadBank());
    expect(problems.filter((p) => !FAIRNESS_PROBLEM.test(p))).toEqual([]);
    expect(report.total).toBeGreaterThan(450);
    expect(report.withAnswer).toBe(report.total);
    expect(report.withItem).toBe(report.total);
    expect(Object.values(report.perTopic).reduce((a, b) => a + b, 0)).toBe(report.total);
    expect(Object.keys(report.perSource)).toHaveLength(5);
  });
});

describe("fairness of the items", () => {
  /** An item whose options have these lengths (code points), the key first unless `correct` says otherwise. */
  const sized = (lengths: number[], correct = 0, words: string[] = ["", "", "", ""]): QuizItem => ({
    stem: "哪一项正确？",
    options: lengths.map((n, i) => `${words[i] ?? ""}${"甲乙丙丁"[i]!.repeat(n - (words[i] ?? "").length)}`),
    correct,
    explanation: "说明。",
  });
  const q = (id: string, topic: Question["topic"], quiz: QuizItem): Question => ({ ...base, id, topic, item: quiz });
  const SMALL_TOPICS = ["agent", "multimodal", "safety", "tooling", "evaluation"] as const;
  /** Neutral items (keys never the longest) spread over topics of fewer than 10 items. */
  const neutral = (n: number) => Array.from({ length: n }, (_, i) => q(`qn${String(i).padStart(4, "0")}`, SMALL_TOPICS[i % 5]!, sized([10, 10, 10, 10], i % 4)));

  it("measures lengths in code points of the trimmed option", () => {
    const figures = fairnessOf([{ stem: "?", options: ["  𝒩(0,1) ", "abcdef", "abcdef", "abcdef"], correct: 0, explanation: "." }]);
    expect(figures.longestKeyShare).toBe(0); // "𝒩(0,1)" is 6 code points (8 UTF-16 units): not longer than "abcdef"
  });

  it("wants at most 35% of keys strictly the longest bank-wide", () => {
    const longest = (n: number) => Array.from({ length: n }, (_, i) => q(`ql${String(i).padStart(4, "0")}`, SMALL_TOPICS[i % 5]!, sized([11, 10, 10, 10])));
    expect(fairnessProblems([...longest(35), ...neutral(65)]).problems).toEqual([]);
    expect(fairnessProblems([...longest(36), ...neutral(64)]).problems).toEqual(["the correct option is strictly the longest in 36.0% of items (want ≤ 35.0%)"]);
    // A tie is not "strictly the longest".
    expect(fairnessOf([sized([10, 10, 9, 9])]).longestKeyShare).toBe(0);
  });

  it("wants at most 45% per topic, for topics of at least 10 items", () => {
    const topic = (name: Question["topic"], items: number, longest: number) => Array.from({ length: items }, (_, i) => q(`q${name.slice(0, 2)}${String(i).padStart(3, "0")}`, name, i < longest ? sized([11, 10, 10, 10]) : sized([10, 10, 10, 10], i % 4)));
    const rest = neutral(200);
    expect(fairnessProblems([...topic("rag", 10, 5), ...rest]).problems).toEqual(["topic rag: the correct option is strictly the longest in 50.0% of 10 items (want ≤ 45.0%)"]);
    expect(fairnessProblems([...topic("rag", 20, 9), ...rest]).problems).toEqual([]);
    expect(fairnessProblems([...topic("rag", 9, 9), ...rest]).problems).toEqual([]); // under 10 items: reported, not enforced
    expect(fairnessProblems([...topic("rag", 9, 9), ...rest]).perTopic["rag"]).toEqual({ items: 9, longestKeyShare: 1, dominantKeys: 0, absoluteWordGap: 0 });
  });

  it("allows no key 1.3× longer than every distractor", () => {
    expect(fairnessProblems([q("qdom01", "rag", sized([13, 10, 9, 8])), ...neutral(10)]).problems).toEqual(["qdom01: the correct option is ≥ 1.3× longer than every distractor (13 vs 10/9/8 characters)"]);
    expect(fairnessProblems([q("qdom02", "rag", sized([12, 10, 9, 8])), ...neutral(10)]).problems).toEqual([]);
    expect(fairnessProblems([q("qdom04", "rag", sized([26, 10, 20, 8])), ...neutral(10)]).problems).toEqual(["qdom04: the correct option is ≥ 1.3× longer than every distractor (26 vs 10/20/8 characters)"]); // exactly 1.3×
    expect(fairnessProblems([q("qdom03", "rag", sized([25, 10, 20, 8], 0)), ...neutral(10)]).problems).toEqual([]);
  });

  it("wants absolute wording in distractors and keys within 5 percentage points", () => {
    // 20 items, 60 distractors: 6 absolute distractors (10%) vs 1 absolute key (5%) = 5 points: allowed.
    const items = (absoluteDistractors: number, absoluteKeys: number) =>
      Array.from({ length: 20 }, (_, i) => {
        const words = ["", "", "", ""];
        if (i < absoluteKeys) words[0] = "必须";
        if (i < absoluteDistractors) words[1 + (i % 3)] = ["一定", "完全", "所有"][i % 3]!;
        return q(`qab${String(i).padStart(3, "0")}`, "rag", sized([10, 10, 10, 10], 0, words));
      });
    expect(fairnessProblems(items(6, 1)).perTopic["rag"]!.absoluteWordGap).toBe(5);
    expect(fairnessProblems(items(6, 1)).problems).toEqual([]);
    expect(fairnessProblems(items(7, 1)).problems).toEqual(["absolute wording (必须 一定 完全 只能 所有 彻底) gap between distractors and keys is 6.7 points (want within ±5)"]);
    expect(fairnessProblems(items(0, 2)).problems).toEqual(["absolute wording (必须 一定 完全 只能 所有 彻底) gap between distractors and keys is -10.0 points (want within ±5)"]);
  });

  it("finds explanations that name an option by letter or position", () => {
    for (const text of ["选项B 把两者混淆了。", "选项 C 不对。", "D 项前半正确。", "B选项错在方向。", "第二项把两者角色颠倒了。", "正确。第一项是 LayerNorm。", "与第一项描述正相反。", "前两项把预训练与 SFT 混淆。", "价格不是关键，B 把两者的词表对调了。", "（C 才是 RMSNorm）", "最后一项描述的是解码阶段。"]) {
      expect(optionReference(text), text).toBeDefined();
    }
    expect(checkBank(bankOf([...balancedSet(40), { ...base, id: "qref01", item: { ...item(0), explanation: "第二项把两者角色颠倒了。" } }])).problems).toContain('qref01: item explanation refers to an option by letter or position: "第二项"');
  });

  it("does not mistake ordinary text with letters or ordinals for option references", () => {
    for (const text of ["LoRA 新增低秩矩阵 A、B 表示权重增量；A 随机保证 B 的梯度非零。", "batch B 时每参数约 2B FLOPs。", "C-Eval 是中文多学科评测。", "与参数量 N、数据量 D、算力 C（≈6ND）之间的幂律关系。", "每步保留得分最高的 B 条序列。", "ELBO 的第一项是重构误差，第二项是 KL。", "A 把输入降到 r 维，B 再升回 d 维。", "其余三项都是路径规划的典型做法。", "第一个 token 已是高概率。", "项目 A 项目 B"]) {
      expect(optionReference(text), text).toBeUndefined();
    }
    // Nor in the bank's ordinary text: every prompt, answer and stem (thousands of sentences about A/B matrices, terms, steps).
    const bank = loadBank();
    const hits = bank.questions.flatMap((question) => [question.prompt, question.answer ?? "", question.item?.stem ?? "", ...(question.item?.options ?? [])].flatMap((text) => (optionReference(text) ? [`${question.id}: ${optionReference(text)}`] : [])));
    expect(hits).toEqual([]);
  });
});

describe("npm run questions:check", () => {
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    promisify(execFile)("node_modules/.bin/tsx", ["src/bank/check-cli.ts", ...args], { env: { ...process.env, ...env } }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it("prints exactly one JSON object with --json, with the fairness figures bank-wide and per topic", async () => {
    const { code, stdout } = await run(["--json"]);
    expect(code).toBe(BANK_CONTENT_IS_FAIR ? 0 : 1);
    const report = JSON.parse(stdout) as { perTopic: Record<string, number>; fairnessPerTopic: Record<string, Record<string, number>> };
    expect(Object.keys(report)).toEqual(["total", "withAnswer", "withItem", "merged", "perTopic", "perSource", "longestKeyShare", "dominantKeys", "absoluteWordGap", "fairnessPerTopic"]);
    expect(Object.keys(report.fairnessPerTopic)).toEqual(Object.keys(report.perTopic));
    expect(Object.keys(report.fairnessPerTopic["rag"]!)).toEqual(["items", "longestKeyShare", "dominantKeys", "absoluteWordGap"]);
  });

  it.skipIf(!BANK_CONTENT_IS_FAIR)("the checked-in bank meets the fairness targets (enable with BANK_CONTENT_IS_FAIR after the content merge)", async () => {
    const { problems, report } = checkBank(loadBank());
    expect(problems).toEqual([]);
    expect(report.longestKeyShare).toBeLessThanOrEqual(0.35);
    expect(report.dominantKeys).toBe(0);
    expect(Math.abs(report.absoluteWordGap)).toBeLessThanOrEqual(5);
    for (const [topic, figures] of Object.entries(report.fairnessPerTopic)) if (figures.items >= 10) expect(figures.longestKeyShare, topic).toBeLessThanOrEqual(0.45);
    expect((await run(["--json"])).code).toBe(0);
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
