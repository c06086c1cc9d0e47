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

/** Clause boundaries: a negation never reaches across them. A point between digits (0.75) is no boundary. */
const CLAUSE_BREAK = /(?:[\n。．!！?？;；,，、:：]|(?<!\d)\.|\.(?!\d))+/u;

interface Clause {
  /** Normalised text, matched against. */
  text: string;
  /** Whether the clause says "not" in English. */
  englishNegation: boolean;
}

export function gradeKeyPoints(input: GradeInput, options: KeyPointGraderOptions = {}): GradeResult {
  const threshold = options.bigramThreshold ?? DEFAULT_BIGRAM_THRESHOLD;
  const clauses: Clause[] = input.answer
    .normalize("NFKC")
    .toLowerCase()
    .split(CLAUSE_BREAK)
    .map((raw) => ({ text: normalize(raw), englishNegation: ENGLISH_NEGATION.test(raw) }))
    .filter((clause) => clause.text.length > 0);
  const keyPoints = input.keyPoints.map((point) => judge(point, clauses, threshold));
  const coverage = keyPoints.length === 0 ? 0 : keyPoints.filter((k) => k.hit).length / keyPoints.length;
  return { grader: "keypoints", keyPoints, coverage: round(coverage), grade: gradeOfCoverage(coverage) };
}

function judge(point: KeyPoint, clauses: readonly Clause[], threshold: number): KeyPointVerdict {
  const spellings = [...new Set([point.text, ...point.aliases].map(normalize).filter((s) => s.length > 0))];
  let best = 0;
  let denied = false;
  for (const clause of clauses) {
    for (const spelling of spellings) {
      const at = clause.text.indexOf(spelling);
      if (at >= 0) {
        if (!negated(clause, at, spelling)) return { text: point.text, hit: true, score: 1 };
        denied = true;
        continue;
      }
      const recall = bigramRecall(spelling, clause.text);
      if (recall > best && !deniesSomewhere(clause, spelling)) best = recall;
    }
  }
  // A point the answer explicitly denies is not half-credited by its bigrams either.
  if (denied) return { text: point.text, hit: false, score: 0 };
  return { text: point.text, hit: best >= threshold, score: round(best) };
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

/** Share of the spelling's character bigrams (a one-character spelling: its character) found in the text. */
export function bigramRecall(spelling: string, text: string): number {
  const wanted = bigrams(spelling);
  if (wanted.length === 0) return 0;
  const have = new Set(bigrams(text));
  return wanted.filter((b) => have.has(b)).length / wanted.length;
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
