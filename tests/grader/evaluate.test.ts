import { describe, expect, it } from "vitest";
import { keyPointsOf, loadAliases } from "../../src/bank/aliases.js";
import { loadBank } from "../../src/bank/load.js";
import type { GradeInput, GradeResult, Grader } from "../../src/engine/practice/grader.js";
import { KeyPointGrader } from "../../src/engine/practice/keypoints.js";
import { ANSWER_KINDS, bankChecks, DEFAULT_LABELS_FILE, evaluateGrader, evaluateLabelSets, GRADER_TARGETS, HELDOUT_LABELS_FILE, loadLabels } from "../../src/grader/evaluate.js";

const bank = loadBank();
const aliases = loadAliases();
const dev = loadLabels(DEFAULT_LABELS_FILE);
const heldout = loadLabels(HELDOUT_LABELS_FILE);

/** A grader that gives the same verdict on every key point: the figures it earns follow from the labels alone. */
function constant(hit: boolean): Grader {
  return {
    grade: (input: GradeInput): Promise<GradeResult> =>
      Promise.resolve({ grader: "keypoints", keyPoints: input.keyPoints.map((k) => ({ text: k.text, hit, score: hit ? 1 : 0 })), coverage: hit ? 1 : 0, grade: hit ? 2 : 0 }),
  };
}

describe("the held-out labelled set", () => {
  it("has at least 40 answers of every kind for at least 10 questions the development set does not have", () => {
    expect(heldout.length).toBeGreaterThanOrEqual(40);
    const questions = new Set(heldout.map((l) => l.questionId));
    expect(questions.size).toBeGreaterThanOrEqual(10);
    for (const id of questions) expect(dev.some((l) => l.questionId === id)).toBe(false);
    for (const kind of ANSWER_KINDS) expect(heldout.filter((l) => l.kind === kind).length).toBeGreaterThanOrEqual(10);
  });

  it("labels every key point of a question the bank has", () => {
    for (const label of heldout) expect(label.covered).toHaveLength(bank.byId.get(label.questionId)!.keyPoints!.length);
  });
});

describe("the evaluation", () => {
  it("computes precision, recall and the share credited from the labels", async () => {
    const positives = heldout.flatMap((l) => l.covered).filter(Boolean).length;
    const points = heldout.flatMap((l) => l.covered).length;
    const all = await evaluateGrader(constant(true), heldout, bank.byId, aliases);
    expect(all.overall).toMatchObject({ answers: heldout.length, keyPoints: points, recall: 1, credited: 1 });
    expect(all.overall.precision).toBeCloseTo(positives / points, 3);
    expect(all.byKind.wrong.precision).toBe(0);
    const none = await evaluateGrader(constant(false), heldout, bank.byId, aliases);
    expect(none.overall).toMatchObject({ precision: 1, recall: 0, f1: 0, credited: 0 });
  });

  it("reports the development, held-out and combined sets, the combined one holding both", async () => {
    const sets = await evaluateLabelSets(constant(true), bank.byId, aliases);
    expect(sets.dev.overall.answers).toBe(dev.length);
    expect(sets.heldout.overall.answers).toBe(heldout.length);
    expect(sets.combined.overall.answers).toBe(dev.length + heldout.length);
    expect(sets.combined.questions).toBe(sets.dev.questions + sets.heldout.questions);
  });

  it("holds the embedded grader to the precision, full-recall, paraphrase-recall and wrong-answer targets on the combined set", async () => {
    const { combined, heldout: held } = await evaluateLabelSets(new KeyPointGrader(), bank.byId, aliases);
    expect(combined.overall.precision).toBeGreaterThanOrEqual(GRADER_TARGETS.precision);
    expect(combined.byKind.full.recall).toBeGreaterThanOrEqual(GRADER_TARGETS.fullRecall);
    expect(combined.byKind.paraphrased.recall).toBeGreaterThanOrEqual(GRADER_TARGETS.paraphrasedRecall);
    expect(combined.byKind.wrong.credited).toBeLessThanOrEqual(GRADER_TARGETS.wrongCredited);
    // The held-out set alone meets the precision, full- and paraphrase-recall targets (not the wrong-answer one: 10.3 %).
    expect(held.overall.precision).toBeGreaterThanOrEqual(GRADER_TARGETS.precision);
    expect(held.byKind.full.recall).toBeGreaterThanOrEqual(GRADER_TARGETS.fullRecall);
    expect(held.byKind.paraphrased.recall).toBeGreaterThanOrEqual(GRADER_TARGETS.paraphrasedRecall);
  });
});

describe("the bank's aliases", () => {
  it("credit no key point of any question to an answer that only restates the question", async () => {
    const grader = new KeyPointGrader();
    const credited: string[] = [];
    for (const question of bank.questions.filter((q) => q.keyPoints?.length)) {
      const result = await grader.grade({ prompt: question.prompt, referenceAnswer: question.answer, keyPoints: keyPointsOf(question, aliases), answer: question.prompt });
      credited.push(...result.keyPoints.filter((k) => k.hit).map((k) => `${question.id}: ${k.text}`));
    }
    expect(credited).toEqual([]);
  });
});

describe("the bank's reference answers", () => {
  it("cover at least nine in ten of their own key points, and far fewer of their subjects' points once two subjects are swapped", async () => {
    const checks = await bankChecks(new KeyPointGrader(), bank.questions, aliases);
    expect(checks.referenceCredited / checks.referencePoints).toBeGreaterThanOrEqual(0.9);
    expect(checks.swappedQuestions).toBeGreaterThanOrEqual(20);
    expect(checks.swappedCredited / checks.swappedPoints).toBeLessThan(0.35);
  });
});
