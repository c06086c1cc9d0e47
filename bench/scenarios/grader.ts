import { loadAliases } from "../../src/bank/aliases.js";
import { loadBank } from "../../src/bank/load.js";
import { KeyPointGrader } from "../../src/engine/practice/keypoints.js";
import { evaluateGrader, GRADER_TARGETS, loadLabels } from "../../src/grader/evaluate.js";
import type { Figure, Scenario } from "../support.js";

/** The embedded grader's key-point precision, recall and F1 on the labelled answers in tests/fixtures. */
export const graderScenario: Scenario = {
  name: "grader",
  async run() {
    const bank = loadBank("questions/bank");
    const labels = loadLabels();
    const quality = await evaluateGrader(new KeyPointGrader(), labels, bank.byId, loadAliases());
    const params = { answers: labels.length, questions: new Set(labels.map((l) => l.questionId)).size };
    const figure = (metric: string, value: number, target: number | null, better: Figure["better"] = "higher"): Figure => ({ scenario: "grader", metric, value, unit: "", target, better, params });
    const figures = [figure("precision overall", quality.overall.precision, GRADER_TARGETS.precision), figure("recall overall", quality.overall.recall, null), figure("F1 overall", quality.overall.f1, null)];
    for (const [kind, q] of Object.entries(quality.byKind)) {
      figures.push(figure(`precision ${kind}`, q.precision, null), figure(`recall ${kind}`, q.recall, kind === "full" ? GRADER_TARGETS.fullRecall : kind === "paraphrased" ? GRADER_TARGETS.paraphrasedRecall : null), figure(`F1 ${kind}`, q.f1, null));
    }
    figures.push(figure("key points credited, wrong answers", quality.byKind.wrong.credited, GRADER_TARGETS.wrongCredited, "lower"));
    return figures;
  },
};
