import { describe, expect, it } from "vitest";
import { normalizeMarkdown, normalizeText, searchKey } from "../../src/bank/normalize.js";

describe("normalizeText", () => {
  it("maps Kangxi radicals and CJK Radicals Supplement look-alikes to ideographs", () => {
    // ⼤ U+2F24 (Kangxi), ⻓ U+2ED3 and ⻅ U+2EC5 (Supplement, which NFKC leaves alone)
    expect(normalizeText("\u2F24模型的\u2ED3度外推，常\u2EC5问题")).toBe("大模型的长度外推，常见问题");
    expect("\u2ED3".normalize("NFKC")).toBe("\u2ED3"); // why the Supplement needs its own table
  });

  it("keeps full-width punctuation, drops invisible characters and wrap spaces inside CJK text", () => {
    expect(normalizeText("什么是 RAG？（检索\u200B增强）")).toBe("什么是 RAG？（检索增强）");
    expect(normalizeText("请从  模型输入、\n 泛化能力 分析\uFFFD")).toBe("请从模型输入、泛化能力分析");
  });
});

describe("normalizeMarkdown", () => {
  it("keeps line structure and code blocks", () => {
    const md = "1. **要点**：说明\n\n\n\n```python\nx  =  1\n```\n- 项目";
    expect(normalizeMarkdown(md)).toBe("1. **要点**：说明\n\n```python\nx  =  1\n```\n- 项目");
  });
});

describe("searchKey", () => {
  it("folds case, width, punctuation and radicals so equal questions compare equal", () => {
    expect(searchKey("什么是 KV Cache？")).toBe(searchKey("什么是kv cache"));
    expect(searchKey("\u2F24模型")).toBe("大模型");
    expect(searchKey("ＧＰＴ－４")).toBe("gpt4");
  });
});
