import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadBank } from "../../src/bank/load.js";
import { createSearch } from "../../src/bank/search.js";
import { Engine } from "../../src/engine/engine.js";
import { TestClock } from "../support/clock.js";
import { createTestDatabase } from "../support/database.js";

describe("loadBank", () => {
  it("loads the checked-in bank indexed by id and topic", () => {
    const bank = loadBank();
    expect(bank.byId.size).toBe(bank.questions.length + bank.retired.size);
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

  it("resolves a retired id to the question that replaced it, which alone is in rotation", () => {
    const bank = loadBank();
    expect(bank.retired.get("q32ef6")).toBe("qh39x5");
    expect(bank.byId.get("q32ef6")).toBe(bank.byId.get("qh39x5"));
    expect(bank.byId.get("q39vlz")!.id).toBe("qq3j3c");
    expect(bank.byId.get("qiv81b")!.id).toBe("qkr225");
    expect(bank.questions.map((q) => q.id)).not.toContain("q32ef6");
    // The replacement carries the retired question's source references.
    expect(bank.byId.get("qh39x5")!.sources.length).toBeGreaterThanOrEqual(2);
  });

  it("refuses an alias to a question that is not in its file, and a retired id that is still a live question", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "studybot-load-"));
    const question = (id: string) => ({ id, topic: "rag", prompt: "x", difficulty: 1, sources: [{ file: "f", number: 1 }] });
    try {
      writeFileSync(path.join(dir, "rag.json"), JSON.stringify({ topic: "rag", questions: [question("qaaaaa")], retired: { qbbbbb: "qccccc" } }));
      expect(() => loadBank(dir)).toThrow(/retired id qbbbbb names qccccc/);
      writeFileSync(path.join(dir, "rag.json"), JSON.stringify({ topic: "rag", questions: [question("qaaaaa"), question("qbbbbb")], retired: { qbbbbb: "qaaaaa" } }));
      expect(() => loadBank(dir)).toThrow(/retired id qbbbbb is also a live question/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("/question <retired id> shows the replacement", async () => {
    const db = await createTestDatabase();
    try {
      const loaded = loadBank();
      const engine = new Engine({ bank: { ...loaded, search: createSearch(loaded.questions) }, store: db.store, clock: new TestClock("2026-12-01T02:00:00Z") });
      const shown = engine.question("Q32EF6");
      expect(shown.ok && shown.value.id).toBe("qh39x5");
    } finally {
      await db.dispose();
    }
  });
});
