import { toAnswer, toLines, toPrompt } from "./markdown.js";
import type { RawQuestion } from "./types.js";

/** `1. **question？**` followed by the indented answer (one or more lines). */
const QUESTION_LINE = /^(\d+)[.．]\s*\*\*(.+?)\*\*\s*$/u;

/** Format 000: numbered bold questions, each with its answer indented below it. */
export function parse000(text: string, file: string): RawQuestion[] {
  const found: { number: number; prompt: string; answerLines: string[] }[] = [];
  for (const line of toLines(text)) {
    const question = QUESTION_LINE.exec(line.trim());
    if (question) found.push({ number: Number(question[1]), prompt: toPrompt(question[2] ?? ""), answerLines: [] });
    else found.at(-1)?.answerLines.push(line);
  }
  return found.map(({ number, prompt, answerLines }) => {
    const answer = toAnswer(answerLines);
    return { file, number, prompt, ...(answer ? { answer } : {}) };
  });
}
