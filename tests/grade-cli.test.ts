import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { keyPointsOf, loadAliases } from "../src/bank/aliases.js";
import { loadBank } from "../src/bank/load.js";
import { gradeKeyPoints } from "../src/engine/practice/keypoints.js";

/** The real CLI as a maintainer runs it (`npm run --silent grade`), with no grader endpoint configured. */
function grade(args: string[], input: string) {
  const env = { ...process.env };
  delete env.GRADER_BASE_URL;
  delete env.GRADER_MODEL;
  const run = spawnSync("npx", ["tsx", "src/grade-cli.ts", ...args], { input, encoding: "utf8", env });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const bank = loadBank();
const aliases = loadAliases();
const question = bank.byId.get("q1sgu8")!;
const ANSWER = "草稿模型先猜 k 个 token，目标模型一次前向并行验证，拒绝采样保证分布不变。";

describe("npm run grade", () => {
  it("prints exactly one JSON object: the same verdict the chat's grader gives", () => {
    const { code, stdout, stderr } = grade(["q1sgu8"], ANSWER);
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const verdict = JSON.parse(lines[0]!) as Record<string, unknown>;
    const expected = gradeKeyPoints({ prompt: question.prompt, referenceAnswer: question.answer, keyPoints: keyPointsOf(question, aliases), answer: ANSWER });
    expect(verdict).toEqual({ questionId: "q1sgu8", grader: "keypoints", keyPoints: expected.keyPoints, coverage: expected.coverage, grade: expected.grade });
    expect(Object.keys(verdict)).toEqual(["questionId", "grader", "keyPoints", "coverage", "grade"]);
    expect((verdict.keyPoints as { hit: boolean }[]).filter((k) => k.hit).length).toBeGreaterThanOrEqual(2);
  });

  it("exits 2 with one line on stderr for an unknown id", () => {
    const { code, stdout, stderr } = grade(["qzzzzz"], "whatever");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toEqual(["unknown question id: qzzzzz"]);
  });

  it("grades JSON Lines in one process, one object per input line, in order", () => {
    const input = [
      JSON.stringify({ questionId: "q1sgu8", answer: ANSWER }),
      JSON.stringify({ questionId: "qzzzzz", answer: "x" }),
      "not json",
      JSON.stringify({ questionId: "Q1SGU8", answer: "完全无关" }),
    ].join("\n");
    const { code, stdout } = grade(["--batch"], `${input}\n`);
    const out = stdout.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(out).toHaveLength(4);
    expect(out[0]).toMatchObject({ questionId: "q1sgu8", grader: "keypoints" });
    expect(out[1]).toEqual({ line: 2, questionId: "qzzzzz", error: "unknown question id" });
    expect(out[2]).toEqual({ line: 3, error: "not JSON" });
    expect(out[3]).toMatchObject({ questionId: "q1sgu8", coverage: 0, grade: 0 });
    expect(code).toBe(1);
  });
});
