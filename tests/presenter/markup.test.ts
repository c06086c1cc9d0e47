import { describe, expect, it } from "vitest";
import { echo } from "../../src/presenter/echo.js";
import { encodeChunks, literal, parseMarkup, plainText, type Block } from "../../src/presenter/markup.js";

/** A small HTML-like encoder, enough to see structure and escaping. */
const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const encode = (block: Block): string =>
  block.kind === "pre"
    ? `<pre>${escape(block.text)}</pre>`
    : block.spans.map((s) => (s.kind === "bold" ? `<b>${escape(s.text)}</b>` : s.kind === "code" ? `<code>${escape(s.text)}</code>` : escape(s.text))).join("");

describe("markup", () => {
  it("keeps literal text (a member's name, an echoed query) as written: its ** and backticks never format", () => {
    const text = `1. ${literal("**bob** `x`")} — **10** 分 ${literal("a\uFDD1**b**")}`;
    expect(parseMarkup(text)).toEqual([
      { kind: "paragraph", spans: [{ kind: "text", text: "1. **bob** `x` — " }, { kind: "bold", text: "10" }, { kind: "text", text: " 分 a**b**" }] },
    ]);
    expect(encodeChunks(`**${literal("<i>")}**`, encode, 100)).toEqual(["<b>&lt;i&gt;</b>"]);
    expect(plainText(text)).toBe("1. **bob** `x` — **10** 分 a**b**");
  });

  it("keeps literal text literal when an oversized paragraph is split", () => {
    const line = `${literal("**x**")} ${"字".repeat(60)}`;
    const chunks = encodeChunks([line, line, line].join("\n"), encode, 80);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk).not.toContain("<b>");
    expect(chunks.join("")).toContain("**x**");
  });

  it("echoes input on one line, cut to 40 characters", () => {
    expect(plainText(echo(`${"长".repeat(100)}\nnext`))).toBe(`${"长".repeat(39)}…`);
    expect(plainText(echo("  a\n b "))).toBe("a b");
  });

  it("parses bold, inline code, fenced blocks and paragraphs; stray markers stay text", () => {
    const blocks = parseMarkup("**Q:** a < b & `x*y`\n2 * 3 = 6 **open\n\n```python\nif a < b:\n\n    pass\n```\nafter");
    expect(blocks).toEqual([
      { kind: "paragraph", spans: [{ kind: "bold", text: "Q:" }, { kind: "text", text: " a < b & " }, { kind: "code", text: "x*y" }, { kind: "text", text: "\n2 * 3 = 6 **open" }] },
      { kind: "pre", text: "if a < b:\n\n    pass", language: "python" },
      { kind: "paragraph", spans: [{ kind: "text", text: "after" }] },
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
