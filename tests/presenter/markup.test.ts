import { describe, expect, it } from "vitest";
import { encodeChunks, parseMarkup, type Block } from "../../src/presenter/markup.js";

/** A small HTML-like encoder, enough to see structure and escaping. */
const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const encode = (block: Block): string =>
  block.kind === "pre"
    ? `<pre>${escape(block.text)}</pre>`
    : block.kind === "paragraph"
      ? block.spans.map((s) => (s.kind === "bold" ? `<b>${escape(s.text)}</b>` : s.kind === "code" ? `<code>${escape(s.text)}</code>` : s.kind === "math" ? `<m>${escape(s.tex)}</m>` : escape(s.text))).join("")
      : JSON.stringify(block);

describe("markup", () => {
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
