import { normalizeMarkdown, normalizeText } from "../normalize.js";

export function toLines(text: string): string[] {
  return text.replace(/\r\n?/gu, "\n").split("\n");
}

/** Removes inline Markdown (bold, code, links, heading marks) so a title can be shown as a plain prompt. */
export function stripInlineMarkdown(s: string): string {
  return s
    .replace(/^\s*#+\s*/u, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/gu, "$1")
    .replace(/\*\*|__|`/gu, "");
}

/** Plain one-line prompt from Markdown-ish source text. */
export function toPrompt(s: string): string {
  return normalizeText(stripInlineMarkdown(s));
}

/** Markdown answer body: common indentation removed, trailing `---` separators dropped; undefined when empty. */
export function toAnswer(lines: readonly string[]): string | undefined {
  const body = [...lines];
  while (body.length > 0 && /^\s*(-{3,}|\*{3,})?\s*$/u.test(body[body.length - 1] ?? "")) body.pop();
  const answer = normalizeMarkdown(dedent(body).join("\n"));
  return answer === "" ? undefined : answer;
}

function dedent(lines: readonly string[]): string[] {
  const indents = lines.filter((l) => l.trim() !== "").map((l) => /^[ \t]*/u.exec(l)?.[0].length ?? 0);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(common, /^[ \t]*/u.exec(l)?.[0].length ?? 0)));
}

/** A `### N. title` section of a Markdown document, with the `## ` part heading it belongs to. */
export interface NumberedSection {
  number: number;
  title: string;
  body: string[];
  part?: string;
}

const NUMBERED_HEADING = /^###\s+(\d+)[.．]\s*(.+)$/u;
const PART_HEADING = /^#{1,2}\s+(.+)$/u;

/**
 * Splits a document into `### N. title` sections. A section ends at the next numbered heading or at a level 1–2
 * heading (a new part, or closing material such as a summary), so non-question parts never leak into answers.
 */
export function splitNumberedSections(text: string): NumberedSection[] {
  const sections: NumberedSection[] = [];
  let current: NumberedSection | undefined;
  let part: string | undefined;
  for (const line of toLines(text)) {
    const numbered = NUMBERED_HEADING.exec(line);
    const partHeading = numbered ? null : PART_HEADING.exec(line);
    if (numbered) {
      current = { number: Number(numbered[1]), title: numbered[2] ?? "", body: [], part };
      sections.push(current);
    } else if (partHeading) {
      current = undefined;
      part = normalizeText(stripInlineMarkdown(partHeading[1] ?? ""));
    } else {
      current?.body.push(line);
    }
  }
  return sections;
}
