import { describe, expect, it } from "vitest";
import { echo } from "../../src/presenter/echo.js";
import { alignedTable, displayWidth, encodeChunks, literal, parseMarkup, parseSpans, plainText, withoutLiteralMarkers, type Block } from "../../src/presenter/markup.js";

/** A small HTML-like encoder, enough to see structure and escaping. */
const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const encode = (block: Block): string =>
  block.kind === "pre"
    ? `<pre>${escape(block.text)}</pre>`
    : block.kind === "paragraph"
      ? block.spans.map((s) => (s.kind === "bold" ? `<b>${escape(s.text)}</b>` : s.kind === "code" ? `<code>${escape(s.text)}</code>` : s.kind === "math" ? `<m>${escape(s.tex)}</m>` : escape(s.text))).join("")
      : JSON.stringify(block);

describe("markup", () => {
  it("keeps literal text (a member's name, an echoed query) as written: its ** and backticks never format", () => {
    const text = `冠军 ${literal("**bob** `x`")} — **10** 分 ${literal("a\uFDD1**b**")}`;
    expect(parseMarkup(text)).toEqual([
      { kind: "paragraph", spans: [{ kind: "text", text: "冠军 **bob** `x` — " }, { kind: "bold", text: "10" }, { kind: "text", text: " 分 a**b**" }] },
    ]);
    expect(encodeChunks(`**${literal("<i>")}**`, encode, 100)).toEqual(["<b>&lt;i&gt;</b>"]);
    expect(withoutLiteralMarkers(text)).toBe("冠军 **bob** `x` — **10** 分 a**b**");
  });

  it("keeps literal text literal when an oversized paragraph is split", () => {
    const line = `${literal("**x**")} ${"字".repeat(60)}`;
    const chunks = encodeChunks([line, line, line].join("\n"), encode, 80);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk).not.toContain("<b>");
    expect(chunks.join("")).toContain("**x**");
  });

  it("echoes input on one line, cut to 40 characters", () => {
    expect(withoutLiteralMarkers(echo(`${"长".repeat(100)}\nnext`))).toBe(`${"长".repeat(39)}…`);
    expect(withoutLiteralMarkers(echo("  a\n b "))).toBe("a b");
  });

  it("parses bold, inline code, fenced blocks and paragraphs; stray markers stay text", () => {
    const blocks = parseMarkup("**Q:** a < b & `x*y`\n2 * 3 = 6 **open\n\n```python\nif a < b:\n\n    pass\n```\nafter");
    expect(blocks).toEqual([
      { kind: "paragraph", spans: [{ kind: "bold", text: "Q:" }, { kind: "text", text: " a < b & " }, { kind: "code", text: "x*y" }, { kind: "text", text: "\n2 * 3 = 6 **open" }] },
      { kind: "pre", text: "if a < b:\n\n    pass", language: "python" },
      { kind: "paragraph", spans: [{ kind: "text", text: "after" }], tight: true },
    ]);
  });

  it("splits at paragraph boundaries, never over the limit, and keeps every character", () => {
    const paragraphs = Array.from({ length: 40 }, (_, i) => `第${i}段 <tag> & ${"注意力".repeat(30)}`);
    const chunks = encodeChunks(paragraphs.join("\n\n"), encode, 500);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(500);
    expect(chunks.join("\n\n")).toBe(paragraphs.map(escape).join("\n\n"));
  });

  it("cuts a single oversized line and an oversized code block into valid pieces", () => {
    const line = "<".repeat(1200);
    const chunks = encodeChunks(`${line}\n\n\`\`\`\n${"x = 1\n".repeat(200)}\`\`\``, encode, 300);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(300);
    expect(chunks.join("").replace(/<\/?pre>|\n/g, "")).toBe("&lt;".repeat(1200) + "x = 1".repeat(200));
    expect(chunks.filter((c) => c.startsWith("<pre>")).every((c) => c.endsWith("</pre>"))).toBe(true);
  });
});

describe("markup: tables, lists, headings and math", () => {
  it("parses a GitHub table with alignment, cells split outside code and math, and the paragraph after it", () => {
    const [intro, table, after] = parseMarkup("对比：\n| 方法 | 复杂度 | 备注 |\n|:---|---:|:-:|\n| MHA | $O(n^2)$ | `a|b` |\n| GQA \\| MQA | $|V|$ | |\n\n结论");
    expect(intro).toEqual({ kind: "paragraph", spans: [{ kind: "text", text: "对比：" }] });
    expect(table).toMatchObject({ kind: "table", tight: true, align: ["left", "right", "center"] });
    if (table?.kind !== "table") throw new Error("no table");
    expect(table.header.map(plainText)).toEqual(["方法", "复杂度", "备注"]);
    expect(table.rows.map((row) => row.map(plainText))).toEqual([
      ["MHA", "O(n²)", "a|b"],
      ["GQA | MQA", "|V|", ""],
    ]);
    expect(after).toEqual({ kind: "paragraph", spans: [{ kind: "text", text: "结论" }] });
  });

  it("a pipe in ordinary text, or a header without its rule, is not a table", () => {
    expect(parseMarkup("a | b | c\nd | e").map((b) => b.kind)).toEqual(["paragraph"]);
    expect(parseMarkup("| a | b |\n| c | d |").map((b) => b.kind)).toEqual(["paragraph"]);
  });

  it("parses nested bullet and numbered lists with continuation lines, and headings", () => {
    const blocks = parseMarkup("## 要点\n1. **第一**：说明\n   接着说\n   - 子项 $x^2$\n2. 第二\n- 另一列表");
    expect(blocks[0]).toEqual({ kind: "heading", level: 2, spans: [{ kind: "text", text: "要点" }] });
    expect(blocks[1]).toMatchObject({ kind: "list", tight: true });
    if (blocks[1]?.kind !== "list") throw new Error("no list");
    expect(blocks[1].items.map((item) => [item.ordered, item.number, item.depth, plainText(item.spans)])).toEqual([
      [true, 1, 0, "第一：说明\n接着说"],
      [false, undefined, 1, "子项 x²"],
      [true, 2, 0, "第二"],
      [false, undefined, 0, "另一列表"],
    ]);
  });

  it("reads $…$ as math only when the dollars touch their content, and $$…$$ lines as display math", () => {
    expect(parseSpans("价格 $5 和 $10，公式 $QK^T$ 与 $$x$$")).toEqual([
      { kind: "text", text: "价格 $5 和 $10，公式 " },
      { kind: "math", tex: "QK^T" },
      { kind: "text", text: " 与 " },
      { kind: "math", tex: "x" },
    ]);
    expect(parseMarkup("公式如下\n$$\n\\frac{a}{b}\n$$\n后文")).toEqual([
      { kind: "paragraph", spans: [{ kind: "text", text: "公式如下" }] },
      { kind: "math", tex: "\\frac{a}{b}", tight: true },
      { kind: "paragraph", spans: [{ kind: "text", text: "后文" }], tight: true },
    ]);
  });

  it("keeps code and formulas written inside bold in the bold run", () => {
    expect(parseSpans("**推广到 $d$ 维** 与 **n** 参数和 **top-p**")).toEqual([
      { kind: "bold", text: "推广到 " },
      { kind: "math", tex: "d", inBold: true },
      { kind: "bold", text: " 维" },
      { kind: "text", text: " 与 " },
      { kind: "bold", text: "n" },
      { kind: "text", text: " 参数和 " },
      { kind: "bold", text: "top-p" },
    ]);
  });

  it("aligns a table in monospace columns, counting CJK characters as two columns", () => {
    const [table] = parseMarkup("| 模型 | d |\n|---|---:|\n| GPT-2 | 768 |\n| 千问 | 4096 |");
    if (table?.kind !== "table") throw new Error("no table");
    expect(alignedTable(table).split("\n")).toEqual(["模型  │    d", "──────┼─────", "GPT-2 │  768", "千问  │ 4096"]);
    for (const line of alignedTable(table).split("\n")) expect(displayWidth(line)).toBe(12);
  });

  it("splits an oversized table by rows, repeating the header, and a long list by items", () => {
    const rows = Array.from({ length: 40 }, (_, i) => `| 行${i} | ${"内容".repeat(10)} |`).join("\n");
    const chunks = encodeChunks(`| 名 | 值 |\n|---|---|\n${rows}`, (block) => (block.kind === "table" ? alignedTable(block) : JSON.stringify(block)), 400);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(400);
      expect(chunk.startsWith("名")).toBe(true);
    }
    expect(chunks.join("\n").match(/行\d+/g)).toHaveLength(40);
  });
});
