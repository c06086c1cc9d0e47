import { describe, expect, it } from "vitest";
import { simplifyInlineLatex } from "../../../src/bank/import/latex.js";

describe("simplifyInlineLatex", () => {
  it("turns OCR'd inline TeX into plain text and leaves other text alone", () => {
    expect(simplifyInlineLatex("复杂度从${ \\mathsf { O } } ( { \\mathsf { n } } ^ { 2 } )$ 降低到O(n)")).toBe("复杂度从O(n^2) 降低到O(n)");
    expect(simplifyInlineLatex("错误率低于 $1 \\%$ 的模型")).toBe("错误率低于 1% 的模型");
    expect(simplifyInlineLatex("没有公式")).toBe("没有公式");
  });
});
