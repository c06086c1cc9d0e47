import { createHash } from "node:crypto";
import type { Question, SourceRef } from "../schema.js";
import { searchKey } from "../normalize.js";
import { duplicateScore, promptFeatures, tokenWeights } from "./similarity.js";
import { classifyTopic, estimateDifficulty } from "./topics.js";
import type { RawQuestion } from "./types.js";

const ID_SPACE = 36n ** 5n;

/** `q` + 5 base-36 characters taken from sha256(searchKey(prompt)) (the hash modulo 36^5, zero-padded). */
export function questionId(prompt: string): string {
  const hash = BigInt(`0x${createHash("sha256").update(searchKey(prompt)).digest("hex")}`);
  return `q${(hash % ID_SPACE).toString(36).padStart(5, "0")}`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Order by file, then text: independent of the order of files in a directory and of questions in a file. */
function compareRaw(a: RawQuestion, b: RawQuestion): number {
  return compareText(a.file, b.file) || compareText(searchKey(a.prompt), searchKey(b.prompt)) || a.number - b.number;
}

function compareRef(a: SourceRef, b: SourceRef): number {
  return compareText(a.file, b.file) || a.number - b.number;
}

/**
 * Groups duplicate questions. Pairs are scored by duplicateScore and joined strongest first; two groups are only
 * joined when every pair across them is a duplicate (complete linkage), so a short question that matches two
 * different longer ones cannot chain them together.
 */
export function groupDuplicates(raws: readonly RawQuestion[]): RawQuestion[][] {
  const sorted = [...raws].sort(compareRaw);
  const features = sorted.map((r) => promptFeatures(r.prompt));
  const weights = tokenWeights(features.map((f) => f.tokens));
  const scores = new Map<string, number>();
  const pairs: { i: number; j: number; score: number }[] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const score = duplicateScore(features[i]!, features[j]!, weights);
      if (score > 0) {
        scores.set(`${i},${j}`, score);
        pairs.push({ i, j, score });
      }
    }
  }
  pairs.sort((p, q) => q.score - p.score || p.i - q.i || p.j - q.j);
  const isPair = (x: number, y: number): boolean => scores.has(x < y ? `${x},${y}` : `${y},${x}`);
  const groupOf = sorted.map((_, i) => [i]);
  for (const { i, j } of pairs) {
    const a = groupOf[i]!;
    const b = groupOf[j]!;
    if (a === b || !a.every((x) => b.every((y) => isPair(x, y)))) continue;
    a.push(...b);
    for (const y of b) groupOf[y] = a;
  }
  return [...new Set(groupOf)].map((g) => g.sort((x, y) => x - y).map((i) => sorted[i]!));
}

/** Lines that show an answer is structured (lists, headings, code, bold labels). */
function structureOf(answer: string): number {
  return answer.split("\n").filter((l) => /^\s*([-*+]\s|\d+\.\s|#|```|\*\*)/u.test(l)).length;
}

/** The most structured, then longest answer; ties go to the first source. */
function bestAnswered(group: readonly RawQuestion[]): RawQuestion | undefined {
  let best: RawQuestion | undefined;
  for (const r of group) {
    if (!r.answer) continue;
    const better =
      !best?.answer ||
      structureOf(r.answer) > structureOf(best.answer) ||
      (structureOf(r.answer) === structureOf(best.answer) && r.answer.length > best.answer.length);
    if (better) best = r;
  }
  return best;
}

/** The prompt that goes with the chosen answer (they match); without answers, the longest (most specific) one. */
function clearestPrompt(group: readonly RawQuestion[], answered: RawQuestion | undefined): string {
  if (answered) return answered.prompt;
  return group.reduce((a, b) => (b.prompt.length > a.prompt.length ? b : a)).prompt;
}

/**
 * Builds one bank question from a group of duplicates. The id comes from the canonical member, the smallest by
 * (file name, searchKey(prompt)), so it does not depend on directory order or on question order within a file.
 */
export function toQuestion(group: readonly RawQuestion[]): Question {
  const canonical = [...group].sort(compareRaw)[0]!;
  const answered = bestAnswered(group);
  const prompt = clearestPrompt(group, answered);
  const hints = group.flatMap((r) => (r.topicHint ? [r.topicHint] : []));
  return {
    id: questionId(canonical.prompt),
    topic: classifyTopic(prompt, hints),
    prompt,
    ...(answered?.answer ? { answer: answered.answer } : {}),
    difficulty: estimateDifficulty(prompt),
    sources: group.map((r) => ({ file: r.file, number: r.number })).sort(compareRef),
  };
}

export interface MergeResult {
  questions: Question[];
  /** Source occurrences folded into another question: parsed count minus question count. */
  merged: number;
  groups: RawQuestion[][];
}

/** Merges duplicates and builds the bank questions, sorted by id; throws when two different questions share an id. */
export function mergeQuestions(raws: readonly RawQuestion[]): MergeResult {
  const groups = groupDuplicates(raws);
  const byId = new Map<string, Question>();
  for (const question of groups.map(toQuestion)) {
    const clash = byId.get(question.id);
    if (clash) throw new Error(`question id collision ${question.id}: "${clash.prompt}" and "${question.prompt}"`);
    byId.set(question.id, question);
  }
  const questions = [...byId.values()].sort((a, b) => compareText(a.id, b.id));
  return { questions, merged: raws.length - questions.length, groups };
}
