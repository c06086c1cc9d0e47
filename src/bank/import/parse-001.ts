import { splitNumberedSections, toAnswer, toPrompt } from "./markdown.js";
import type { RawQuestion } from "./types.js";

const ANSWER_MARKER = /^\s*\*\*回答[：:]\*\*\s*(.*)$/u;

/**
 * Format 001: `### N. question` sections whose body starts with `**回答：**`. The answer is everything after the
 * marker, kept as Markdown. Sections end at the next `### N.` or at a `## ` part heading, which also keeps the table
 * of contents and the closing summary part out.
 */
export function parse001(text: string, file: string): RawQuestion[] {
  return splitNumberedSections(text).map((section) => {
    const markerAt = section.body.findIndex((line) => ANSWER_MARKER.test(line));
    const sameLine = markerAt >= 0 ? (ANSWER_MARKER.exec(section.body[markerAt] ?? "")?.[1] ?? "") : "";
    const bodyLines = markerAt >= 0 ? [sameLine, ...section.body.slice(markerAt + 1)] : section.body;
    const answer = toAnswer(bodyLines);
    return {
      file,
      number: section.number,
      prompt: toPrompt(section.title),
      ...(answer ? { answer } : {}),
      ...(section.part ? { topicHint: section.part } : {}),
    };
  });
}
