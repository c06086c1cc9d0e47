import { readFileSync } from "node:fs";
import { z } from "zod";
import { keyPointsOf, type KeyPointAliases } from "../bank/aliases.js";
import type { Question } from "../bank/schema.js";
import type { Grader } from "../engine/practice/grader.js";

/**
 * A labelled candidate answer: what a person judged each of the question's key points to be (covered
 * or not), to measure a grader against. Kinds: a full answer, a partial one, a paraphrase (the points in
 * other words), and a fluent answer that misstates the points ("LoRA 会更新全部参数").
 */
export const ANSWER_KINDS = ["full", "partial", "paraphrased", "wrong"] as const;
export type AnswerKind = (typeof ANSWER_KINDS)[number];

export const LabelledAnswerSchema = z.object({
  questionId: z.string().regex(/^q[0-9a-z]{5}$/),
  kind: z.enum(ANSWER_KINDS),
  answer: z.string().min(1),
  /** One label per key point, in the question's order. */
  covered: z.array(z.boolean()).min(1),
});
export type LabelledAnswer = z.infer<typeof LabelledAnswerSchema>;

/** The development set: the answers the matcher and the aliases were tuned against. */
export const DEFAULT_LABELS_FILE = "tests/fixtures/grader-labels.json";
/**
 * The held-out set: answers for other questions, written and labelled before the grader was run on them and
 * never tuned against. The targets are judged on both sets together.
 */
export const HELDOUT_LABELS_FILE = "tests/fixtures/grader-labels-heldout.json";

/** The labelled sets the bench reports, by name; "combined" is the two together. */
export const LABEL_SETS = { dev: DEFAULT_LABELS_FILE, heldout: HELDOUT_LABELS_FILE } as const;
export type LabelSetName = keyof typeof LABEL_SETS | "combined";

export function loadLabels(file = DEFAULT_LABELS_FILE): LabelledAnswer[] {
  return z.array(LabelledAnswerSchema).parse(JSON.parse(readFileSync(file, "utf8")));
}

export interface KindQuality {
  answers: number;
  keyPoints: number;
  precision: number;
  recall: number;
  f1: number;
  /** Share of all key points the grader credited (for misstated answers: credit it should not give). */
  credited: number;
}

export interface GraderQuality {
  overall: KindQuality;
  byKind: Record<AnswerKind, KindQuality>;
}

/** Key-point precision, recall and F1 of a grader on labelled answers, overall and by kind. */
export async function evaluateGrader(grader: Grader, labels: readonly LabelledAnswer[], byId: ReadonlyMap<string, Question>, aliases: KeyPointAliases): Promise<GraderQuality> {
  const tallies = new Map<AnswerKind | "overall", { answers: number; tp: number; fp: number; fn: number; points: number; hits: number }>();
  const tally = (key: AnswerKind | "overall") => tallies.get(key) ?? tallies.set(key, { answers: 0, tp: 0, fp: 0, fn: 0, points: 0, hits: 0 }).get(key)!;
  for (const label of labels) {
    const question = byId.get(label.questionId);
    if (!question?.keyPoints) throw new Error(`labelled answer for ${label.questionId}, which has no key points in the bank`);
    if (question.keyPoints.length !== label.covered.length) throw new Error(`${label.questionId}: ${label.covered.length} labels for ${question.keyPoints.length} key points`);
    const result = await grader.grade({ prompt: question.prompt, referenceAnswer: question.answer, keyPoints: keyPointsOf(question, aliases), answer: label.answer });
    for (const key of [label.kind, "overall"] as const) {
      const t = tally(key);
      t.answers++;
      result.keyPoints.forEach((verdict, i) => {
        const truth = label.covered[i]!;
        t.points++;
        if (verdict.hit) t.hits++;
        if (verdict.hit && truth) t.tp++;
        else if (verdict.hit && !truth) t.fp++;
        else if (!verdict.hit && truth) t.fn++;
      });
    }
  }
  const quality = (key: AnswerKind | "overall"): KindQuality => {
    const t = tally(key);
    // No positive verdicts: precision is vacuous (1); no true points: recall is vacuous (1).
    const precision = t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp);
    const recall = t.tp + t.fn === 0 ? 1 : t.tp / (t.tp + t.fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { answers: t.answers, keyPoints: t.points, precision: r(precision), recall: r(recall), f1: r(f1), credited: t.points === 0 ? 0 : r(t.hits / t.points) };
  };
  return { overall: quality("overall"), byKind: Object.fromEntries(ANSWER_KINDS.map((kind) => [kind, quality(kind)])) as Record<AnswerKind, KindQuality> };
}

function r(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** The development, held-out and combined figures, from the labelled sets on disk. */
export async function evaluateLabelSets(grader: Grader, byId: ReadonlyMap<string, Question>, aliases: KeyPointAliases, files: { dev: string; heldout: string } = LABEL_SETS): Promise<Record<LabelSetName, GraderQuality & { questions: number }>> {
  const dev = loadLabels(files.dev);
  const heldout = loadLabels(files.heldout);
  const shared = [...new Set(dev.map((l) => l.questionId))].filter((id) => heldout.some((l) => l.questionId === id));
  if (shared.length > 0) throw new Error(`the held-out set must be about other questions than the development set: ${shared.join(", ")}`);
  const sets = { dev, heldout, combined: [...dev, ...heldout] };
  const result = {} as Record<LabelSetName, GraderQuality & { questions: number }>;
  for (const [name, labels] of Object.entries(sets) as [LabelSetName, LabelledAnswer[]][]) {
    result[name] = { ...(await evaluateGrader(grader, labels, byId, aliases)), questions: new Set(labels.map((l) => l.questionId)).size };
  }
  return result;
}

/** The targets of issue 14, one place for the bench and the test that holds them; judged on the combined set. */
export const GRADER_TARGETS = { precision: 0.85, fullRecall: 0.75, paraphrasedRecall: 0.25, wrongCredited: 0.1 } as const;

/**
 * Bank-wide checks that need no labels: each question's reference answer graded against its own key points
 * (a full answer by construction: the share credited is a recall), and the same answer with the question's
 * two "subject：claim" subjects swapped (CBOW ↔ Skip-gram: the share of those subjects' points still credited
 * is credit a swapped answer should not get).
 */
export interface BankChecks {
  referencePoints: number;
  referenceCredited: number;
  swappedQuestions: number;
  swappedPoints: number;
  swappedCredited: number;
}

const SUBJECT_OF_POINT = /^([^：:=]{1,16})[：:=]/u;

export async function bankChecks(grader: Grader, questions: readonly Question[], aliases: KeyPointAliases): Promise<BankChecks> {
  const checks: BankChecks = { referencePoints: 0, referenceCredited: 0, swappedQuestions: 0, swappedPoints: 0, swappedCredited: 0 };
  for (const question of questions) {
    const keyPoints = keyPointsOf(question, aliases);
    if (keyPoints.length === 0 || !question.answer) continue;
    const grade = (answer: string) => grader.grade({ prompt: question.prompt, referenceAnswer: question.answer, keyPoints, answer });
    const reference = await grade(question.answer);
    checks.referencePoints += keyPoints.length;
    checks.referenceCredited += reference.keyPoints.filter((k) => k.hit).length;
    const subjects = [...new Set(keyPoints.map((k) => SUBJECT_OF_POINT.exec(k.text)?.[1]?.trim()).filter((s): s is string => Boolean(s)))];
    if (subjects.length !== 2) continue;
    const [a, b] = subjects as [string, string];
    if (!question.answer.includes(a) || !question.answer.includes(b) || a.includes(b) || b.includes(a)) continue;
    const swapped = question.answer
      .split(a)
      .map((piece) => piece.split(b).join("\u0000"))
      .join(b)
      .split("\u0000")
      .join(a);
    const result = await grade(swapped);
    checks.swappedQuestions++;
    keyPoints.forEach((point, i) => {
      if (!SUBJECT_OF_POINT.test(point.text)) return;
      checks.swappedPoints++;
      if (result.keyPoints[i]!.hit) checks.swappedCredited++;
    });
  }
  return checks;
}
