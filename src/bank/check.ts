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
  /** Share (0–1) of items whose correct option is strictly the longest. */
  longestKeyShare: number;
  /** Items whose correct option is ≥ 1.3 × longer than every distractor. */
  dominantKeys: number;
  /** Percentage points: share of distractors with absolute wording minus share of keys with it. */
  absoluteWordGap: number;
  /** The same figures per topic. */
  fairnessPerTopic: Record<string, TopicFairness>;
}

export interface TopicFairness {
  items: number;
  longestKeyShare: number;
  dominantKeys: number;
  absoluteWordGap: number;
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

/**
 * Fairness of the multiple-choice items: form must not give the key away. The definitions are the content
 * authors' yardstick (notes/fairness.py) to the letter: lengths are Unicode code points of the trimmed option.
 */
export const FAIRNESS = {
  /** At most this share of items may have a key that is strictly the longest option, bank-wide … */
  longestKeyShareMax: 0.35,
  /** … and in every topic with at least `topicMinItems` items. */
  topicLongestKeyShareMax: 0.45,
  topicMinItems: 10,
  /** No key may be this many times longer than every distractor. */
  dominantRatio: 1.3,
  /** |share of distractors with absolute wording − share of keys with it| at most this many percentage points. */
  absoluteWordGapMax: 5,
} as const;
/** Absolute wording, a tell when wrong options use it more than right ones. */
export const ABSOLUTE_WORDS = ["必须", "一定", "完全", "只能", "所有", "彻底"] as const;

export const optionLength = (option: string): number => [...option.trim()].length;
const hasAbsoluteWording = (option: string): boolean => ABSOLUTE_WORDS.some((word) => option.includes(word));

/** Whether the key is strictly longer than each distractor, and whether it is ≥ 1.3 × longer than every one. */
export function keyLength(item: QuizItem): { longest: boolean; dominant: boolean; key: number; distractors: number[] } {
  const key = optionLength(item.options[item.correct] ?? "");
  const distractors = item.options.filter((_, i) => i !== item.correct).map(optionLength);
  return { longest: distractors.every((d) => key > d), dominant: distractors.every((d) => key >= FAIRNESS.dominantRatio * d), key, distractors };
}

/** The fairness figures of a set of items (a topic or the bank). */
export function fairnessOf(items: readonly QuizItem[]): TopicFairness {
  let longest = 0;
  let dominant = 0;
  let absoluteKeys = 0;
  let absoluteDistractors = 0;
  let distractors = 0;
  for (const item of items) {
    const lengths = keyLength(item);
    if (lengths.longest) longest++;
    if (lengths.dominant) dominant++;
    item.options.forEach((option, i) => {
      if (i === item.correct) {
        if (hasAbsoluteWording(option)) absoluteKeys++;
      } else {
        distractors++;
        if (hasAbsoluteWording(option)) absoluteDistractors++;
      }
    });
  }
  const share = (n: number, of: number) => (of === 0 ? 0 : n / of);
  return {
    items: items.length,
    longestKeyShare: round(share(longest, items.length), 4),
    dominantKeys: dominant,
    absoluteWordGap: round(100 * (share(absoluteDistractors, distractors) - share(absoluteKeys, items.length)), 2),
  };
}

/** Bank-wide and per-topic fairness problems. */
export function fairnessProblems(questions: readonly Question[]): { problems: string[]; bank: TopicFairness; perTopic: Record<string, TopicFairness> } {
  const withItem = questions.filter((q): q is Question & { item: QuizItem } => q.item !== undefined);
  const bank = fairnessOf(withItem.map((q) => q.item));
  const problems: string[] = [];
  for (const q of withItem) {
    const lengths = keyLength(q.item);
    if (lengths.dominant) problems.push(`${q.id}: the correct option is ≥ ${FAIRNESS.dominantRatio}× longer than every distractor (${lengths.key} vs ${lengths.distractors.join("/")} characters)`);
  }
  if (withItem.length > 0 && bank.longestKeyShare > FAIRNESS.longestKeyShareMax) {
    problems.push(`the correct option is strictly the longest in ${percent(bank.longestKeyShare)} of items (want ≤ ${percent(FAIRNESS.longestKeyShareMax)})`);
  }
  if (Math.abs(bank.absoluteWordGap) > FAIRNESS.absoluteWordGapMax) {
    problems.push(`absolute wording (${ABSOLUTE_WORDS.join(" ")}) gap between distractors and keys is ${bank.absoluteWordGap.toFixed(1)} points (want within ±${FAIRNESS.absoluteWordGapMax})`);
  }
  const byTopic = new Map<string, QuizItem[]>();
  for (const q of withItem) byTopic.set(q.topic, [...(byTopic.get(q.topic) ?? []), q.item]);
  const perTopic: Record<string, TopicFairness> = {};
  for (const [topic, items] of [...byTopic].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const figures = fairnessOf(items);
    perTopic[topic] = figures;
    if (items.length >= FAIRNESS.topicMinItems && figures.longestKeyShare > FAIRNESS.topicLongestKeyShareMax) {
      problems.push(`topic ${topic}: the correct option is strictly the longest in ${percent(figures.longestKeyShare)} of ${items.length} items (want ≤ ${percent(FAIRNESS.topicLongestKeyShareMax)})`);
    }
  }
  return { problems, bank, perTopic };
}

/**
 * An explanation that names an option by its letter or position ("选项B", "D 项", "第二项", "B 把两者…")
 * breaks when options are shuffled. Each pattern needs an option word or a clause start, so ordinary text
 * with letters (矩阵 A、B, batch B, C-Eval, "A 随机初始化") and formula terms ("损失的第一项") does not match.
 */
const OPTION_REFERENCE: readonly RegExp[] = [
  /选项\s*[A-DＡ-Ｄ](?![A-Za-z0-9])/u,
  /(?<![A-Za-z0-9_.\-])[A-DＡ-Ｄ]\s*(?:选项|项(?![目]))/u,
  /(?:^|[。；;！？!?，,：:\s与和跟])(?:第\s*[一二三四1-4]|前\s*[两二三]|后\s*[两二三]|最后\s*一)\s*(?:个选项|项)/u,
  /(?:^|[。；;！？!?，,：:（(])\s*[A-DＡ-Ｄ]\s*(?:把两者|把二者|说反|颠倒|互换|对调|混淆|错在|描述的是|才是|是错|正确|错误)/u,
];

/** "损失的第一项" names the terms of something: then ordinals in the text count terms, not options. */
const TERMS_OF_SOMETHING = /的\s*第\s*[一二三四1-4]\s*项/u;

/** The first letter or position reference in an explanation, or undefined. */
export function optionReference(text: string): string | undefined {
  for (const pattern of OPTION_REFERENCE) {
    if (pattern === OPTION_REFERENCE[2] && TERMS_OF_SOMETHING.test(text)) continue;
    const match = pattern.exec(text);
    if (match) return match[0].replace(/^[。；;！？!?，,：:\s与和跟（(]+/u, "");
  }
  return undefined;
}

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
  const reference = optionReference(item.explanation);
  if (reference) problems.push(`item explanation refers to an option by letter or position: "${reference}"`);
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
  const fairness = fairnessProblems(bank.questions);
  problems.push(...fairness.problems);
  const report: BankReport = {
    total: bank.questions.length,
    withAnswer: bank.questions.filter((q) => q.answer !== undefined).length,
    withItem: bank.questions.filter((q) => q.item !== undefined).length,
    merged: bank.merged,
    perTopic: sortedByKey(perTopic),
    perSource: sortedByKey(perSource),
    longestKeyShare: fairness.bank.longestKeyShare,
    dominantKeys: fairness.bank.dominantKeys,
    absoluteWordGap: fairness.bank.absoluteWordGap,
    fairnessPerTopic: fairness.perTopic,
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

function round(n: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(n * scale) / scale;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

function sortedByKey(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}
