import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadBank } from "../../src/bank/load.js";

describe("loadBank", () => {
  it("loads the checked-in bank indexed by id and topic", () => {
    const bank = loadBank();
    expect(bank.byId.size).toBe(bank.questions.length);
    expect([...bank.byTopic.values()].reduce((n, qs) => n + qs.length, 0)).toBe(bank.questions.length);
    expect(bank.merged).toBeGreaterThan(0);
  });

  it("names the file and field of an invalid question", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "studybot-load-"));
    try {
      writeFileSync(path.join(dir, "rag.json"), JSON.stringify({ topic: "rag", questions: [{ id: "Q-1", topic: "rag", prompt: "x", difficulty: 1, sources: [{ file: "f", number: 1 }] }] }));
      expect(() => loadBank(dir)).toThrow(/rag\.json: questions\.0\.id/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
