import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { applyRetirements, importBank, parseSources, readAuthored, readRetired, writeBank } from "../../../src/bank/import/index.js";

const SOURCES = "questions/sources";
const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "studybot-import-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function filesOf(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name), "utf8")]));
}

describe("importBank", () => {
  it("parses about 500 source questions and merges duplicates deterministically", () => {
    const { questions, meta } = importBank(SOURCES);
    expect(meta.parsed).toBeGreaterThanOrEqual(480);
    expect(meta.parsed).toBeLessThanOrEqual(505);
    expect(meta.merged).toBe(meta.parsed - questions.length);
    expect(meta.merged).toBeGreaterThan(0);
  });

  it("writes byte-identical bank files on every run, matching the checked-in bank", () => {
    const a = tempDir();
    const b = tempDir();
    writeBank(a, importBank(SOURCES, readAuthored("questions/authored"), readRetired("questions/retired.json")));
    writeBank(b, importBank(SOURCES, readAuthored("questions/authored"), readRetired("questions/retired.json")));
    expect(filesOf(a)).toEqual(filesOf(b));
    expect(filesOf(a)).toEqual(filesOf("questions/bank"));
  });

  it("keeps ids stable when questions are reordered inside a document", () => {
    const sources = tempDir();
    for (const name of readdirSync(SOURCES)) copyFileSync(path.join(SOURCES, name), path.join(sources, name));
    const file = path.join(sources, "002_98bcfcaa417a1827.txt");
    const lines = readFileSync(file, "utf8").split("\n");
    const numbered = lines.filter((l) => /^\d+\. /.test(l)).reverse();
    let next = 0;
    writeFileSync(file, lines.map((l) => (/^\d+\. /.test(l) ? numbered[next++]! : l)).join("\n"));
    const ids = (dir: string) => importBank(dir).questions.map((q) => q.id).sort();
    expect(ids(sources)).toEqual(ids(SOURCES));
  });

  it("lays authored content over imported questions by id, so re-importing keeps it", () => {
    const authoredDir = tempDir();
    const [first] = importBank(SOURCES).questions;
    const item = { stem: "哪一项正确？", options: ["甲", "乙", "丙", "丁"], correct: 2, explanation: "因为丙。" };
    mkdirSync(authoredDir, { recursive: true });
    writeFileSync(path.join(authoredDir, "x.json"), JSON.stringify({ [first!.id]: { answer: "新的参考答案", item } }));
    const merged = importBank(SOURCES, readAuthored(authoredDir)).questions.find((q) => q.id === first!.id);
    expect(merged).toMatchObject({ id: first!.id, prompt: first!.prompt, answer: "新的参考答案", item });
    writeFileSync(path.join(authoredDir, "x.json"), JSON.stringify({ [first!.id]: { sources: [{ file: "x.txt", number: 1 }] } }));
    expect(() => readAuthored(authoredDir)).toThrow(/x\.json/);
  });

  it("lays a clean prompt over a garbled one: the id stays the source's, every source reference keeps its parsed prompt", () => {
    const authoredDir = tempDir();
    const plain = importBank(SOURCES).questions;
    const merged = plain.find((q) => q.sources.length > 1)!;
    const single = plain.find((q) => q.sources.length === 1 && q.id !== merged.id)!;
    const review = [{ by: "content-review", on: "2026-12-01", note: "prompt cleaned" }];
    writeFileSync(
      path.join(authoredDir, "x.json"),
      JSON.stringify({ [merged.id]: { prompt: "干净的题目？", review }, [single.id]: { prompt: "另一道干净的题目？" } }),
    );
    const questions = importBank(SOURCES, readAuthored(authoredDir)).questions;
    const cleaned = questions.find((q) => q.id === merged.id)!;
    expect(cleaned.prompt).toBe("干净的题目？");
    expect(cleaned.provenance).toMatchObject({ prompt: "source-edited", review });
    // Each reference carries what that document says, so a merged question keeps every wording it was found under.
    const raws = parseSources(SOURCES);
    expect(cleaned.sources).toEqual(
      merged.sources.map((ref) => ({ ...ref, prompt: raws.find((r) => r.file === ref.file && r.number === ref.number)!.prompt })),
    );
    expect(cleaned.sources.some((ref) => ref.prompt === merged.prompt)).toBe(true);
    expect(questions.find((q) => q.id === single.id)).toMatchObject({ prompt: "另一道干净的题目？", sources: [{ ...single.sources[0], prompt: single.prompt }] });
    // Ids, the question count and every other question are untouched.
    expect(questions.map((q) => q.id)).toEqual(plain.map((q) => q.id));
    const others = (qs: typeof plain) => qs.filter((q) => q.id !== merged.id && q.id !== single.id).map((q) => [q.prompt, q.sources]);
    expect(others(questions)).toEqual(others(plain));
    // An override that repeats the parsed prompt is a mistake, not a no-op.
    writeFileSync(path.join(authoredDir, "x.json"), JSON.stringify({ [single.id]: { prompt: single.prompt } }));
    expect(() => importBank(SOURCES, readAuthored(authoredDir))).toThrow(new RegExp(`${single.id}.*parsed prompt`));
  });

  it("the checked-in bank: every cleaned prompt keeps its parsed originals in sources, and only cleaned prompts do", () => {
    const plain = new Map(importBank(SOURCES).questions.map((q) => [q.id, q]));
    const bank = importBank(SOURCES, readAuthored("questions/authored"), readRetired("questions/retired.json")).questions;
    const cleaned = bank.filter((q) => q.provenance?.prompt === "source-edited");
    expect(cleaned.length).toBeGreaterThan(0);
    for (const q of bank) {
      const original = plain.get(q.id)!;
      if (q.provenance?.prompt === "source-edited") {
        expect(q.prompt).not.toBe(original.prompt);
        expect(q.sources.every((ref) => ref.prompt !== undefined)).toBe(true);
        expect(q.sources.map((ref) => ref.prompt)).toContain(original.prompt);
      } else {
        expect(q.prompt).toBe(original.prompt);
        expect(q.sources.every((ref) => ref.prompt === undefined)).toBe(true);
      }
    }
  });

  it("retires near-duplicates: the retired question leaves, its sources move to its replacement, the bank file carries the alias", () => {
    const plain = importBank(SOURCES);
    const result = importBank(SOURCES, {}, { q32ef6: { replacedBy: "qh39x5", note: "same question" } });
    const retiredSources = plain.questions.find((q) => q.id === "q32ef6")!.sources;
    expect(result.questions.map((q) => q.id)).not.toContain("q32ef6");
    expect(result.questions).toHaveLength(plain.questions.length - 1);
    expect(result.questions.find((q) => q.id === "qh39x5")!.sources).toEqual(expect.arrayContaining(retiredSources));
    expect(result.retired).toEqual({ q32ef6: "qh39x5" });
    expect(result.meta.retired).toBe(1);
    const dir = tempDir();
    writeBank(dir, result);
    const topic = result.questions.find((q) => q.id === "qh39x5")!.topic;
    expect(JSON.parse(readFileSync(path.join(dir, `${topic}.json`), "utf8")).retired).toEqual({ q32ef6: "qh39x5" });
  });

  it("refuses a retirement of an unknown id, to an unknown id, or to a retired id", () => {
    const { questions } = importBank(SOURCES);
    const [a, b, c] = questions.map((q) => q.id);
    expect(() => applyRetirements(questions, { qzzzzz: { replacedBy: a!, note: "n" } })).toThrow(/qzzzzz is not a question/);
    expect(() => applyRetirements(questions, { [a!]: { replacedBy: "qzzzzz", note: "n" } })).toThrow(/replacement qzzzzz is not a question/);
    expect(() => applyRetirements(questions, { [a!]: { replacedBy: b!, note: "n" }, [b!]: { replacedBy: c!, note: "n" } })).toThrow(/retired too/);
  });

  it("carries second-reader reviews from the authored content into provenance", () => {
    const authoredDir = tempDir();
    const [first] = importBank(SOURCES).questions;
    const review = [{ by: "reviewer-2", on: "2026-12-01", note: "checked against Llama 3 and Qwen3" }];
    writeFileSync(path.join(authoredDir, "x.json"), JSON.stringify({ [first!.id]: { answer: "新的参考答案", review } }));
    const merged = importBank(SOURCES, readAuthored(authoredDir)).questions.find((q) => q.id === first!.id);
    expect(merged!.provenance).toEqual({ answer: first!.answer ? "source-edited" : "authored", difficulty: "heuristic", review });
    expect(merged).not.toHaveProperty("review");
    writeFileSync(path.join(authoredDir, "x.json"), JSON.stringify({ [first!.id]: { review: [{ by: "r", on: "1 Dec 2026", note: "n" }] } }));
    expect(() => readAuthored(authoredDir)).toThrow(/x\.json: .*review/);
    writeFileSync(path.join(authoredDir, "x.json"), JSON.stringify({ [first!.id]: { review: [{ by: "r", on: "2026-12-01" }] } }));
    expect(() => readAuthored(authoredDir)).toThrow(/x\.json/);
  });
});
