import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkAliases, keyPointsOf, loadAliases } from "../../src/bank/aliases.js";
import type { Question } from "../../src/bank/schema.js";

const QUESTION: Question = { id: "qaaaaa", topic: "finetuning", prompt: "LoRA？", difficulty: 2, sources: [{ file: "x.txt", number: 1 }], keyPoints: ["冻结原权重", "低秩矩阵"] };

function aliasDir(content: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), "aliases-"));
  writeFileSync(path.join(dir, "finetuning.json"), JSON.stringify(content));
  return dir;
}

describe("key-point aliases", () => {
  it("loads each question's aliases by key point text and hands them to the grader's key points", () => {
    const aliases = loadAliases(aliasDir({ qaaaaa: { 冻结原权重: ["原权重冻结", "freeze the base weights"] } }));
    expect(keyPointsOf(QUESTION, aliases)).toEqual([
      { text: "冻结原权重", aliases: ["原权重冻结", "freeze the base weights"] },
      { text: "低秩矩阵", aliases: [] },
    ]);
  });

  it("reports key points with fewer than two aliases, one-character aliases, and aliases of key points the bank no longer has", () => {
    const aliases = loadAliases(
      aliasDir({ qaaaaa: { 冻结原权重: ["原权重冻结", "冻"], 低秩: ["a", "b"] }, qbbbbb: { x: ["yy", "zz"] } }),
    );
    expect(checkAliases([QUESTION], aliases)).toEqual([
      'qaaaaa: alias "冻" of "冻结原权重" is shorter than 2 characters',
      'qaaaaa: key point "低秩矩阵" has 0 aliases (at least 2)',
      'qaaaaa: aliases for "低秩", which is not one of its key points',
      "aliases for qbbbbb, which the bank does not have",
    ]);
  });

  it("accepts a one-letter ASCII acronym, and a complete set", () => {
    const aliases = loadAliases(aliasDir({ qaaaaa: { 冻结原权重: ["原权重冻结", "W"], 低秩矩阵: ["low-rank", "LoRA 的 A、B"] } }));
    expect(checkAliases([QUESTION], aliases)).toEqual([]);
  });

  it("names the file of a malformed alias list", () => {
    expect(() => loadAliases(aliasDir({ "not-an-id": {} }))).toThrow(/finetuning\.json/);
  });
});
