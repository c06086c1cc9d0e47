import { gradeOfCoverage, type GradeInput, type GradeResult, type Grader, type KeyPoint, type KeyPointVerdict } from "./grader.js";

/**
 * The embedded grader: key-point coverage without word segmentation (segmenters split domain words such
 * as 显存, 权重, 参数量 wrongly) and without any model. Text is normalised (NFKC, case, full/half width,
 * punctuation, spaces) and cut into clauses; a key point is covered when one of its spellings stands in a
 * clause as a substring, or failing that when enough of its character bigrams do. A negation just before
 * the match in the same clause ("不会更新", "并不是") means the answer denies the point: not covered.
 */
export class KeyPointGrader implements Grader {
  constructor(private readonly options: KeyPointGraderOptions = {}) {}

  grade(input: GradeInput): Promise<GradeResult> {
    return Promise.resolve(gradeKeyPoints(input, this.options));
  }
}

export interface KeyPointGraderOptions {
  /** Share of a spelling's bigrams a clause must hold to count without a substring match. */
  bigramThreshold?: number;
}

export const DEFAULT_BIGRAM_THRESHOLD = 0.7;

/** Words that deny what follows them within a few characters ("不会更新", "并不是"). */
const NEGATING_WORDS = ["并不是", "并不", "并非", "不是", "不会", "不能", "不用", "不需要", "不必", "无需", "无须", "无法", "没有", "从不", "从未"];
/** One-character negators deny only what stands right after them ("不更新"), since 不同, 无论, 非常… are not negations. */
const NEGATING_CHARS = ["不", "没", "未", "非", "无", "别"];
/** What may stand between a one-character negator and the denied words: 不被更新, 没再用. */
const NEGATION_GAP = /^[会能要用被再必太]?$/u;
/** English negations, as whole words of the clause before normalisation. */
const ENGLISH_NEGATION = /\b(?:not|no|never|without|cannot)\b|n't\b/u;

/** How far before a match (in normalised characters) a negating word still denies it. */
const NEGATION_WINDOW = 4;

/** Sentence boundaries. A point between digits (0.75) is no boundary. */
const SENTENCE_BREAK = /(?:[\n。．!！?？;；]|(?<!\d)\.|\.(?!\d))+/u;
/** Clause boundaries within a sentence: a negation never reaches across them. */
const CLAUSE_BREAK = /[,，、:：]+/u;

interface Clause {
  /** Normalised text, matched against. */
  text: string;
  /** Whether the clause says "not" in English. */
  englishNegation: boolean;
  /** Which sentence it belongs to. */
  sentence: number;
}

/**
 * A key point written "subject：claim" (CBOW：上下文预测中心词) belongs to its subject. Where a question's key
 * points name two or more subjects, a claim counts only when the subject named last before it in the same
 * sentence is its own: "Skip-gram 是用上下文预测中心词" does not credit CBOW's point.
 */
const SUBJECT = /^([^：:]{1,16})[：:]/u;

function subjectOf(point: KeyPoint): string | undefined {
  const subject = SUBJECT.exec(point.text)?.[1];
  return subject === undefined ? undefined : normalize(subject) || undefined;
}

export function gradeKeyPoints(input: GradeInput, options: KeyPointGraderOptions = {}): GradeResult {
  const threshold = options.bigramThreshold ?? DEFAULT_BIGRAM_THRESHOLD;
  const clauses: Clause[] = input.answer
    .normalize("NFKC")
    .toLowerCase()
    .split(SENTENCE_BREAK)
    .flatMap((sentence, index) => sentence.split(CLAUSE_BREAK).map((raw) => ({ text: normalize(raw), englishNegation: ENGLISH_NEGATION.test(raw), sentence: index })))
    .filter((clause) => clause.text.length > 0);
  const subjects = [...new Set(input.keyPoints.map(subjectOf).filter((s): s is string => s !== undefined))];
  const attribution = subjects.length >= 2 ? { subjects } : undefined;
  const keyPoints = input.keyPoints.map((point) => judge(point, clauses, threshold, attribution && { ...attribution, own: subjectOf(point) }));
  const coverage = keyPoints.length === 0 ? 0 : keyPoints.filter((k) => k.hit).length / keyPoints.length;
  return { grader: "keypoints", keyPoints, coverage: round(coverage), grade: gradeOfCoverage(coverage) };
}

interface Attribution {
  subjects: readonly string[];
  own: string | undefined;
}

function judge(point: KeyPoint, clauses: readonly Clause[], threshold: number, attribution: Attribution | undefined): KeyPointVerdict {
  const spellings = [...new Set([point.text, ...point.aliases].map(normalize).filter((s) => s.length > 0))];
  let best = 0;
  let denied = false;
  clauses.forEach((clause, index) => {
    for (const spelling of spellings) {
      const at = clause.text.indexOf(spelling);
      if (at >= 0) {
        if (negated(clause, at, spelling) || !attributed(clauses, index, at, spelling, attribution)) {
          denied = true;
          continue;
        }
        best = 2; // a plain match: covered
        return;
      }
      const recall = bigramRecall(spelling, clause.text);
      if (recall > best && !deniesSomewhere(clause, spelling) && attributed(clauses, index, clause.text.length, spelling, attribution)) best = recall;
    }
  });
  if (best === 2) return { text: point.text, hit: true, score: 1 };
  // A point the answer explicitly denies (or gives to another subject) is not half-credited by its bigrams either.
  if (denied) return { text: point.text, hit: false, score: 0 };
  return { text: point.text, hit: best >= threshold, score: round(best) };
}

/** Whether the subject named last before the match, in its sentence, is the key point's own (or none is named). */
function attributed(clauses: readonly Clause[], index: number, at: number, spelling: string, attribution: Attribution | undefined): boolean {
  if (!attribution?.own) return true;
  // The spelling may itself name the subject ("cbow上下文预测中心词"): then it is attributed.
  if (spelling.includes(attribution.own)) return true;
  const sentence = clauses[index]!.sentence;
  for (let i = index; i >= 0 && clauses[i]!.sentence === sentence; i--) {
    const text = i === index ? clauses[i]!.text.slice(0, at) : clauses[i]!.text;
    let last: { subject: string; at: number } | undefined;
    for (const subject of attribution.subjects) {
      const found = text.lastIndexOf(subject);
      if (found >= 0 && (!last || found > last.at)) last = { subject, at: found };
    }
    if (last) return last.subject === attribution.own;
  }
  return true;
}

/** Whether the words just before `at` deny the spelling found there (a negation the spelling itself holds does not count). */
function negated(clause: Clause, at: number, spelling: string): boolean {
  if (clause.englishNegation && isAscii(spelling)) return true;
  const before = clause.text.slice(Math.max(0, at - NEGATION_WINDOW - 3), at);
  const word = NEGATING_WORDS.some((w) => {
    const index = before.lastIndexOf(w);
    return index >= 0 && before.length - (index + w.length) <= NEGATION_WINDOW;
  });
  if (word) return true;
  return NEGATING_CHARS.some((c) => {
    const index = before.lastIndexOf(c);
    return index >= 0 && NEGATION_GAP.test(before.slice(index + 1));
  });
}

/**
 * For a bigram match there is no position, so polarity decides: a clause with a negating word the spelling
 * does not hold denies it, and so does a clause that lacks the negation the spelling itself states
 * ("无 UNK" is not said by "仍会出现 UNK", though most of its bigrams are).
 */
function deniesSomewhere(clause: Clause, spelling: string): boolean {
  if (clause.englishNegation && isAscii(spelling)) return true;
  if (NEGATING_WORDS.some((w) => clause.text.includes(w) && !spelling.includes(w))) return true;
  return NEGATING_CHARS.some((c) => spelling.includes(c) && !clause.text.includes(c));
}

function isAscii(text: string): boolean {
  return /^[\x00-\x7f]+$/u.test(text);
}

/** NFKC (full-width → half-width, radicals → ideographs), lower case, no punctuation or spaces. */
export function normalize(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]+/gu, "");
}

/**
 * Share of the spelling's character bigrams (a one-character spelling: its character) found in the text in
 * the spelling's order: the longest run of them at increasing positions. Order matters, since a swap keeps
 * every bigram ("用周围词预测中间词" is not "用中间词预测周围词").
 */
export function bigramRecall(spelling: string, text: string): number {
  const wanted = bigrams(spelling);
  if (wanted.length === 0) return 0;
  const positions = new Map<string, number[]>();
  bigrams(text).forEach((b, i) => positions.set(b, [...(positions.get(b) ?? []), i]));
  // Longest chain of wanted bigrams at strictly increasing text positions (DP over the few candidates).
  const chains: { at: number; length: number }[] = [];
  for (const b of wanted) {
    const found = positions.get(b);
    if (!found) continue;
    const next: { at: number; length: number }[] = [];
    for (const at of found) {
      const before = chains.filter((c) => c.at < at).reduce((longest, c) => Math.max(longest, c.length), 0);
      next.push({ at, length: before + 1 });
    }
    chains.push(...next);
  }
  return chains.reduce((longest, c) => Math.max(longest, c.length), 0) / wanted.length;
}

function bigrams(text: string): string[] {
  const chars = [...text];
  if (chars.length === 1) return chars;
  const result: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) result.push(chars[i]! + chars[i + 1]!);
  return result;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
