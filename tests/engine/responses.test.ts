import { describe, expect, it } from "vitest";
import { encodeResponse, fitsMode } from "../../src/engine/responses.js";

describe("responses", () => {
  it("stores a choice as its letter and a grade by name", () => {
    expect(encodeResponse({ kind: "choice", index: 2 })).toBe("C");
    expect(encodeResponse({ kind: "recall", grade: "fuzzy" })).toBe("fuzzy");
  });

  it("accepts only responses of the question's mode, and only options A–D", () => {
    expect(fitsMode({ kind: "choice", index: 3 }, "choice")).toBe(true);
    expect(fitsMode({ kind: "choice", index: 4 }, "choice")).toBe(false);
    expect(fitsMode({ kind: "choice", index: 1.5 }, "choice")).toBe(false);
    expect(fitsMode({ kind: "recall", grade: "know" }, "choice")).toBe(false);
    expect(fitsMode({ kind: "recall", grade: "know" }, "recall")).toBe(true);
  });
});
