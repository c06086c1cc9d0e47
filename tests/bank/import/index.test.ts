import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { importBank, readAuthored, writeBank } from "../../../src/bank/import/index.js";

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
    writeBank(a, importBank(SOURCES, readAuthored("questions/authored")));
    writeBank(b, importBank(SOURCES, readAuthored("questions/authored")));
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
    writeFileSync(path.join(authoredDir, "x.json"), JSON.stringify({ [first!.id]: { prompt: "not authorable" } }));
    expect(() => readAuthored(authoredDir)).toThrow(/x\.json/);
  });
});
