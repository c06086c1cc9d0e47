import { describe, expect, it } from "vitest";
import { loadBank } from "../../src/bank/load.js";
import { createSearch } from "../../src/bank/search.js";

describe("search", () => {
  const bank = loadBank();
  const search = createSearch(bank.questions);

  it("finds questions from the radical-laden document by ordinary characters", () => {
    const found = search("大模型", 500);
    expect(found.some((q) => q.sources.some((s) => s.file.startsWith("003_")))).toBe(true);
  });

  it("requires every term, ranks prompt hits first, and respects the limit", () => {
    const found = search("kv cache", 5);
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThanOrEqual(5);
    expect(found[0]?.prompt.toLowerCase().replace(/\s/g, "")).toContain("kvcache");
    expect(search("flashattention 量子力学")).toEqual([]);
    expect(search("   ")).toEqual([]);
  });
});
