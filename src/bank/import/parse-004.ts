import { normalizeText } from "../normalize.js";
import { splitNumberedSections, toAnswer, toPrompt } from "./markdown.js";
import type { RawQuestion } from "./types.js";

type Part = "题目" | "答案" | "解析";
const PART_LABEL = /^\s*\*\*(题目|答案|解析)[：:]\*\*\s*(.*)$/u;

/** Groups a section body by its `**题目：**` / `**答案：**` / `**解析：**` labels (text after a label included). */
function splitParts(body: readonly string[]): Map<Part, string[]> {
  const parts = new Map<Part, string[]>();
  let current: string[] | undefined;
  for (const line of body) {
    const label = PART_LABEL.exec(line);
    if (label) {
      current = [label[2] ?? ""];
      parts.set(label[1] as Part, current);
    } else {
      current?.push(line);
    }
  }
  return parts;
}

/**
 * Format 004: `### N. title` sections with 题目 (the prompt), 答案 (Markdown answer) and 解析 (appended to the
 * answer as a final `**解析：**` paragraph). Falls back to the title when a section has no 题目.
 */
export function parse004(text: string, file: string): RawQuestion[] {
  return splitNumberedSections(text).map((section) => {
    const parts = splitParts(section.body);
    const task = toPrompt((parts.get("题目") ?? []).join(" "));
    const answer = toAnswer(parts.get("答案") ?? []);
    const explanation = normalizeText((parts.get("解析") ?? []).join(" "));
    const combined = [answer, explanation ? `**解析：** ${explanation}` : ""].filter((s) => s).join("\n\n");
    return {
      file,
      number: section.number,
      prompt: task || toPrompt(section.title),
      ...(combined ? { answer: combined } : {}),
    };
  });
}
