import { describe, expect, it } from "vitest";
import { gradeOfCoverage } from "../../../src/engine/practice/grader.js";
import { bigramRecall, gradeKeyPoints, normalize } from "../../../src/engine/practice/keypoints.js";

const LORA = [
  { text: "冻结原模型权重", aliases: ["原权重冻结", "freeze the base weights", "不更新原权重"] },
  { text: "训练低秩矩阵 A 和 B", aliases: ["低秩分解", "low-rank", "低秩矩阵"] },
  { text: "推理时可合并回原权重", aliases: ["合并权重", "merge into the base weights", "没有额外推理延迟"] },
];

const grade = (answer: string, keyPoints = LORA) => gradeKeyPoints({ prompt: "LoRA 的原理？", referenceAnswer: undefined, keyPoints, answer });
const hits = (answer: string, keyPoints = LORA) => grade(answer, keyPoints).keyPoints.map((k) => k.hit);

describe("the embedded key-point grader", () => {
  it("credits a key point stated through any of its aliases, in Chinese or English", () => {
    expect(hits("LoRA 把原权重冻结，只训练两个低秩矩阵，推理时合并权重。")).toEqual([true, true, true]);
    expect(hits("We freeze the base weights and learn a low-rank update.")).toEqual([true, true, false]);
  });

  it("normalises width, case, punctuation and spaces before matching", () => {
    expect(normalize("ＬｏＲＡ：Low-Rank， 矩阵")).toBe("loralowrank矩阵");
    expect(hits("ＬＯＷ－ＲＡＮＫ 的更新")).toEqual([false, true, false]);
  });

  it("does not credit a key point the answer denies just before it", () => {
    expect(hits("LoRA 并不冻结原模型权重，而是全部更新。")).toEqual([false, false, false]);
    expect(hits("它不会合并权重。")).toEqual([false, false, false]);
    expect(hits("We do not freeze the base weights.")).toEqual([false, false, false]);
  });

  it("reads 不同, 非常 and other words that merely start with a negating character as no negation", () => {
    const heads = [{ text: "多个注意力头", aliases: ["多头注意力", "multi-head"] }];
    expect(hits("不同的多个注意力头各自关注不同子空间", heads)).toEqual([true]);
  });

  it("keeps a negation inside its clause", () => {
    expect(hits("全量微调不冻结参数，LoRA 冻结原模型权重")).toEqual([true, false, false]);
  });

  it("credits a paraphrase by character bigrams above the threshold, and reports the score either way", () => {
    const result = grade("训练的是低秩的矩阵A和B");
    expect(result.keyPoints[1]).toMatchObject({ hit: true });
    expect(result.keyPoints[0]!.hit).toBe(false);
    expect(result.keyPoints[0]!.score).toBeLessThan(0.7);
    expect(bigramRecall("低秩矩阵", "低秩的矩阵")).toBeCloseTo(2 / 3);
  });

  it("turns coverage into a grade: 0 below a quarter, 2 from three quarters", () => {
    expect(grade("完全无关的回答").grade).toBe(0);
    expect(grade("原权重冻结").coverage).toBeCloseTo(1 / 3, 2);
    expect(grade("原权重冻结").grade).toBe(1);
    expect(grade("原权重冻结，低秩分解，合并权重").grade).toBe(2);
    expect([gradeOfCoverage(0.24), gradeOfCoverage(0.25), gradeOfCoverage(0.74), gradeOfCoverage(0.75)]).toEqual([0, 1, 1, 2]);
  });
});

describe("polarity of a bigram match", () => {
  it("does not credit a negated key point by the bigrams of its affirmative misstatement", () => {
    const noUnk = [{ text: "字节级 BPE 无 UNK", aliases: ["不会出现未知词", "没有 OOV"] }];
    expect(hits("字节级 BPE 仍会出现 UNK", noUnk)).toEqual([false]);
    expect(hits("字节级的 BPE 基本无 UNK 问题", noUnk)).toEqual([true]);
  });
});

describe("clauses", () => {
  it("does not break a clause at a decimal point", () => {
    const rate = [{ text: "保留 0.75 的比例", aliases: ["0.75的比例", "比例0.75"] }];
    expect(hits("通常保留 0.75 的比例. 其余丢弃", rate)).toEqual([true]);
  });
});

describe("attribution", () => {
  const WORD2VEC = [
    { text: "CBOW：上下文预测中心词", aliases: ["上下文预测中心词", "用周围词预测中间词"] },
    { text: "Skip-gram：中心词预测上下文", aliases: ["中心词预测上下文", "用中间词预测周围词"] },
  ];

  it("credits a claim to the subject named last before it in the sentence", () => {
    expect(hits("CBOW 用上下文预测中心词，Skip-gram 则用中心词预测上下文。", WORD2VEC)).toEqual([true, true]);
  });

  it("does not credit swapped claims", () => {
    expect(hits("CBOW 是用中心词预测上下文，Skip-gram 是用上下文预测中心词。", WORD2VEC)).toEqual([false, false]);
  });

  it("credits a claim whose sentence names no subject", () => {
    expect(hits("一种做法是用周围词预测中间词。", WORD2VEC)).toEqual([true, false]);
  });
});
