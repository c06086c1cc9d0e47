import { loadAliases } from "../../src/bank/aliases.js";
import { loadBank } from "../../src/bank/load.js";
import { KeyPointGrader } from "../../src/engine/practice/keypoints.js";
import { bankChecks, evaluateLabelSets, GRADER_TARGETS, type LabelSetName } from "../../src/grader/evaluate.js";
import type { Figure, Scenario } from "../support.js";

/**
 * The embedded grader's key-point precision, recall and F1 on the labelled answers in tests/fixtures: the
 * development set (what the matcher and aliases were tuned on), the held-out set (other questions, never
 * tuned on) and both together, where the targets are judged.
 */
export const graderScenario: Scenario = {
  name: "grader",
  async run() {
    const bank = loadBank("questions/bank");
    const aliases = loadAliases();
    const grader = new KeyPointGrader();
    const sets = await evaluateLabelSets(grader, bank.byId, aliases);
    const figures: Figure[] = [];
    for (const name of ["combined", "dev", "heldout"] as const satisfies readonly LabelSetName[]) {
      const quality = sets[name];
      const params = { set: name, answers: quality.overall.answers, questions: quality.questions };
      const judged = name === "combined";
      const target = (value: number) => (judged ? value : null);
      const prefix = name === "combined" ? "" : `${name}: `;
      const figure = (metric: string, value: number, goal: number | null, better: Figure["better"] = "higher"): Figure => ({ scenario: "grader", metric: prefix + metric, value, unit: "", target: goal, better, params });
      figures.push(figure("precision overall", quality.overall.precision, target(GRADER_TARGETS.precision)), figure("recall overall", quality.overall.recall, null), figure("F1 overall", quality.overall.f1, null));
      for (const [kind, q] of Object.entries(quality.byKind)) {
        const goal = kind === "full" ? GRADER_TARGETS.fullRecall : kind === "paraphrased" ? GRADER_TARGETS.paraphrasedRecall : null;
        figures.push(figure(`precision ${kind}`, q.precision, null), figure(`recall ${kind}`, q.recall, goal === null ? null : target(goal)), figure(`F1 ${kind}`, q.f1, null));
      }
      figures.push(figure("key points credited, wrong answers", quality.byKind.wrong.credited, target(GRADER_TARGETS.wrongCredited), "lower"));
    }
    // Bank-wide, without labels: reference answers as full answers, and the same with two subjects swapped.
    const checks = await bankChecks(grader, bank.questions, aliases);
    const share = (n: number, of: number) => Math.round((n / Math.max(1, of)) * 1000) / 1000;
    figures.push(
      { scenario: "grader", metric: "bank: reference answers, own key points credited", value: share(checks.referenceCredited, checks.referencePoints), unit: "", target: null, better: "higher", params: { keyPoints: checks.referencePoints } },
      { scenario: "grader", metric: "bank: reference answers with two subjects swapped, their points credited", value: share(checks.swappedCredited, checks.swappedPoints), unit: "", target: null, better: "lower", params: { questions: checks.swappedQuestions, keyPoints: checks.swappedPoints } },
    );
    return figures;
  },
};
