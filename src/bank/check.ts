import { lineBreaksIn, TELEGRAM_LIMITS } from "../platform-limits.js";
import { TOPIC_SLUGS, type Question, type QuizItem } from "./schema.js";
import type { Bank } from "./load.js";

export interface BankReport {
  total: number;
  withAnswer: number;
  withItem: number;
  merged: number;
  perTopic: Record<string, number>;
  /** How many bank questions cite each source file. */
  perSource: Record<string, number>;
}

/** Radical look-alikes (CJK Radicals Supplement and Kangxi Radicals) must have been mapped to ideographs. */
const RADICAL_RANGE = /[\u2E80-\u2FDF]/u;
const REPLACEMENT_CHAR = /\uFFFD/u;
/** Markdown markers that must not survive into a prompt (prompts are plain text). */
const MARKDOWN_IN_PROMPT: readonly [RegExp, string][] = [
  [/\*\*/u, "bold marker **"],
  [/^#+\s/u, "heading marker #"],
  [/###/u, "heading marker ###"],
  [/`/u, "backtick"],
  [/\[[^\]]*\]\([^)]*\)/u, "Markdown link"],
];

/** Catch-all options teach nothing and make items guessable. */
const CATCH_ALL_OPTION = /以上(都|皆|均|全)(对|不对|正确|错误|是|不是)|都不对|全都对|all of the above|none of the above/iu;
export const ANSWER_MIN_CHARS = 60;
export const ANSWER_MAX_CHARS = 1500;
/** The correct option's position must be spread evenly: each of A–D within 25% ± 5 percentage points. */
export const POSITION_TOLERANCE = 0.05;

/** Problems of a quiz item beyond its schema limits (which the loader enforces). */
export function itemProblems(item: QuizItem): string[] {
  const problems: string[] = [];
  const options = item.options.map((o) => o.trim());
  const maxLineBreaks = TELEGRAM_LIMITS.pollExplanationLineBreaks;
  if (lineBreaksIn(item.explanation) > maxLineBreaks) problems.push(`item explanation has more than ${maxLineBreaks} line breaks`);
  if (new Set(options).size !== options.length) problems.push("item has duplicate options");
  for (const option of options) {
    if (item.stem.includes(option)) problems.push(`item option appears verbatim in the stem: ${option}`);
    if (CATCH_ALL_OPTION.test(option)) problems.push(`item has a catch-all option: ${option}`);
  }
  return problems;
}

/** Problems of one question, each a short phrase. Schema-level validity is the loader's job (zod). */
export function questionProblems(question: Question): string[] {
  const problems: string[] = [];
  if (question.prompt.trim() === "") problems.push("empty prompt");
  if (!(TOPIC_SLUGS as readonly string[]).includes(question.topic)) problems.push(`unknown topic ${question.topic}`);
  for (const [field, text] of [["prompt", question.prompt], ["answer", question.answer ?? ""]] as const) {
    if (RADICAL_RANGE.test(text)) problems.push(`${field} has a radical character (U+2E80–U+2FDF)`);
    if (REPLACEMENT_CHAR.test(text)) problems.push(`${field} has U+FFFD`);
  }
  for (const [pattern, what] of MARKDOWN_IN_PROMPT) if (pattern.test(question.prompt)) problems.push(`prompt has a ${what}`);
  if (question.answer === undefined) problems.push("no reference answer");
  else if (question.answer.length < ANSWER_MIN_CHARS) problems.push(`answer shorter than ${ANSWER_MIN_CHARS} characters`);
  else if (question.answer.length > ANSWER_MAX_CHARS) problems.push(`answer longer than ${ANSWER_MAX_CHARS} characters`);
  if (question.keyPoints === undefined) problems.push("no key points");
  if (question.item) problems.push(...itemProblems(question.item));
  else problems.push("no quiz item");
  return problems;
}

/** Every problem in the bank ("qabcde: …"), and its totals. */
export function checkBank(bank: Bank): { problems: string[]; report: BankReport } {
  const problems: string[] = [];
  const seen = new Set<string>();
  const perTopic: Record<string, number> = {};
  const perSource: Record<string, number> = {};
  for (const question of bank.questions) {
    if (seen.has(question.id)) problems.push(`${question.id}: duplicate id`);
    seen.add(question.id);
    for (const problem of questionProblems(question)) problems.push(`${question.id}: ${problem}`);
    perTopic[question.topic] = (perTopic[question.topic] ?? 0) + 1;
    for (const file of new Set(question.sources.map((s) => s.file))) perSource[file] = (perSource[file] ?? 0) + 1;
  }
  problems.push(...positionProblems(bank.questions));
  const report: BankReport = {
    total: bank.questions.length,
    withAnswer: bank.questions.filter((q) => q.answer !== undefined).length,
    withItem: bank.questions.filter((q) => q.item !== undefined).length,
    merged: bank.merged,
    perTopic: sortedByKey(perTopic),
    perSource: sortedByKey(perSource),
  };
  return { problems, report };
}

/** Whether the correct option sits at each of A–D for about a quarter of the items. */
export function positionProblems(questions: readonly Question[]): string[] {
  const items = questions.flatMap((q) => (q.item ? [q.item] : []));
  if (items.length === 0) return [];
  return ["A", "B", "C", "D"].flatMap((letter, index) => {
    const share = items.filter((item) => item.correct === index).length / items.length;
    return Math.abs(share - 0.25) > POSITION_TOLERANCE ? [`correct option ${letter} in ${(share * 100).toFixed(1)}% of items (want 25% ± ${POSITION_TOLERANCE * 100})`] : [];
  });
}

function sortedByKey(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}
