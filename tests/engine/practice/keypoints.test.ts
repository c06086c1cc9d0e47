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

const point = (text: string, ...aliases: string[]) => ({ text, aliases });

describe("negation scope", () => {
  it("denies through a two-character verb and through 去掉, but not 不同 or 不仅", () => {
    const bitfit = [point("只训练偏置", "bitfit…bias")];
    expect(hits("BitFit 只训练 bias", bitfit)).toEqual([true]);
    expect(hits("BitFit 不训练 bias", bitfit)).toEqual([false]);
    const clip = [point("梯度裁剪 + 噪声", "梯度裁剪…噪声")];
    expect(hits("先做梯度裁剪，再加噪声", clip)).toEqual([true]);
    expect(hits("去掉梯度裁剪，只在输出上加噪声", clip)).toEqual([false]);
    expect(hits("不仅做梯度裁剪，还加噪声", clip)).toEqual([true]);
  });

  it("ends a negation at a turn: 不是 X 而是 Y affirms Y", () => {
    expect(hits("LoRA 不是更新全部参数，而是把原权重冻结")).toEqual([true, false, false]);
    expect(hits("LoRA 并不是把原权重冻结")).toEqual([false, false, false]);
  });

  it("reads words right after a match that dismiss it (可有可无, 没必要)", () => {
    const kl = [point("软标签/KL 散度", "kl散度")];
    expect(hits("学生用 KL 散度拟合教师的分布", kl)).toEqual([true]);
    expect(hits("只用硬标签，KL 散度可有可无", kl)).toEqual([false]);
  });
});

describe("the antonym veto", () => {
  it("does not credit a term in a clause that states the opposite of the word the key point hinges on", () => {
    const react = [point("推理与行动交替", "推理和行动")];
    expect(hits("推理和行动交替进行", react)).toEqual([true]);
    expect(hits("推理和行动是分开的两个阶段", react)).toEqual([false]);
    const frozen = [point("冻结原模型权重", "原模型权重")];
    expect(hits("冻结原模型权重，只训练 A、B", frozen)).toEqual([true]);
    expect(hits("LoRA 会更新全部原模型权重", frozen)).toEqual([false]);
    const gqa = [point("GQA 减少 KV 缓存", "gqa")];
    expect(hits("GQA 让多个查询头共享 KV，缓存大大减少", gqa)).toEqual([true]);
    expect(hits("GQA 增加了 KV 头来提升精度", gqa)).toEqual([false]);
  });

  it("applies to a bigram match too", () => {
    const divide = [point("logits 除以 T")];
    expect(hits("温度就是 logits 除以 T", divide)).toEqual([true]);
    expect(hits("温度是把 logits 乘以 T", divide)).toEqual([false]);
  });
});

describe("ordered aliases", () => {
  const beta = [point("β 太小刷分 太大不学", "太小…刷分", "太大…学不到")];

  it("credits parts in order within a sentence, in the same or the next clause", () => {
    expect(hits("β 太小的话，模型容易刷分", beta)).toEqual([true]);
    expect(hits("β 太大，模型学不到东西", beta)).toEqual([true]);
  });

  it("does not credit parts with the opposite of one between them, or across sentences", () => {
    expect(hits("β 太小会导致模型不学，β 太大才会刷分", beta)).toEqual([false]);
    expect(hits("β 太小。模型开始刷分", beta)).toEqual([false]);
  });

  it("reads a list joined by 、 as one stretch: only one real clause boundary may stand between two parts", () => {
    const rewrite = [point("同义改写被扣分", "同义改写…扣分")];
    expect(hits("同义改写、换序、不同结构都会被扣分", rewrite)).toEqual([true]);
    expect(hits("同义改写，换个语序，结构不同，都会被扣分", rewrite)).toEqual([false]);
  });

  it("keeps the order of teacher and student", () => {
    const distil = [point("教师—学生知识迁移", "教师…学生")];
    expect(hits("把教师模型的知识迁移给学生模型", distil)).toEqual([true]);
    expect(hits("把学生模型的知识迁移给教师模型", distil)).toEqual([false]);
  });

  it("does not credit parts with another of the question's subjects between them", () => {
    const lm = [point("CLM：单向、预测下一个 token", "clm是单向"), point("MLM：双向、还原被遮盖 token", "mlm是双向"), point("生成 vs 理解", "clm…生成", "mlm…理解")];
    expect(hits("CLM 适合生成，MLM 适合理解", lm)).toEqual([false, false, true]);
    expect(hits("CLM 更适合做理解，MLM 更适合生成", lm)).toEqual([false, false, false]);
  });

  it("does not count a part that stands negated between the others (对称 … 非对称)", () => {
    const sym = [point("对称/非对称量化", "对称…零点为0")];
    expect(hits("对称量化的零点为 0", sym)).toEqual([true]);
    expect(hits("对称量化需要零点，非对称量化零点为 0", sym)).toEqual([false]);
  });
});

describe("subjects", () => {
  const WORD2VEC = [
    point("CBOW：上下文预测中心词", "上下文预测中心词"),
    point("Skip-gram：中心词预测上下文", "中心词预测上下文"),
    point("CBOW 快、偏高频词", "训练更快"),
  ];

  it("gives a key point that starts with a subject to that subject: X 比 Y 快 is not Y 快", () => {
    expect(hits("CBOW 训练更快", WORD2VEC)).toEqual([false, false, true]);
    expect(hits("Skip-gram 训练更快", WORD2VEC)).toEqual([false, false, false]);
  });

  it("gives a sentence that names no subject to the heading line above it", () => {
    const WORD2VEC2 = [point("CBOW：上下文预测中心词", "上下文预测中心词"), point("Skip-gram：中心词预测上下文", "中心词预测上下文")];
    expect(hits("**CBOW**\n- 用上下文预测中心词\n**Skip-gram**\n- 用中心词预测上下文", WORD2VEC2)).toEqual([true, true]);
    expect(hits("**Skip-gram**\n- 用上下文预测中心词\n**CBOW**\n- 用中心词预测上下文", WORD2VEC2)).toEqual([false, false]);
  });

  it("reads 'subject=claim' key points as subjects too", () => {
    const pca = [point("特征向量=主成分方向", "主成分的方向"), point("特征值=该方向方差", "方向上的方差")];
    expect(hits("特征向量是主成分的方向，特征值是该方向上的方差", pca)).toEqual([true, true]);
    expect(hits("特征值表示主成分的方向，特征向量表示这个方向上的方差", pca)).toEqual([false, false]);
  });
});

describe("anchors", () => {
  it("keeps operators between letters or digits: +z is not −z, t<1 is not t>1", () => {
    expect(normalize("q = round(x/s) + z")).not.toBe(normalize("q = round(x/s) − z"));
    expect(normalize("T<1")).not.toBe(normalize("T>1"));
    expect(normalize("缓存历史 K/V")).toBe(normalize("缓存历史 KV"));
    expect(hits("q = round(x·s) − z", [point("q=round(x/s)+z")])).toEqual([false]);
    expect(hits("q = round(x/s) + z", [point("q=round(x/s)+z")])).toEqual([true]);
  });

  it("matches numbers whole, by substring and by bigrams", () => {
    const tokens = [point("约 20 token/参数", "每个参数20个token", "20倍")];
    expect(hits("大约每个参数 20 个 token", tokens)).toEqual([true]);
    expect(hits("大约每个参数 2 个 token 就够", tokens)).toEqual([false]);
    expect(hits("数据是参数量的 120倍", tokens)).toEqual([false]);
    const slope = [point("x>0 导数为 1", "x>0…1")];
    expect(hits("x>0 时导数是 1", slope)).toEqual([true]);
    expect(hits("x>0 时导数是 x，x<0 时是 -1", slope)).toEqual([false]);
  });

  it("needs a spelling's English words whole for a bigram match: sbert is not bert", () => {
    expect(hits("原生的 BERT 向量", [point("SBERT 微调", "sbert")])).toEqual([false]);
  });
});

describe("the prompt", () => {
  it("is no evidence: a spelling the question itself holds does not credit an answer that restates it", () => {
    const keyPoints = [point("GPTQ：Hessian 二阶信息逐列补偿", "gptq", "二阶信息")];
    const ask = (answer: string) => gradeKeyPoints({ prompt: "GPTQ 和 AWQ 有什么区别？", referenceAnswer: undefined, keyPoints, answer }).keyPoints.map((k) => k.hit);
    expect(ask("GPTQ 和 AWQ 的区别在于量化方式")).toEqual([false]);
    expect(ask("GPTQ 用二阶信息逐列补偿误差")).toEqual([true]);
  });
});

describe("what the vetoes leave alone", () => {
  it("credits a full answer that states the hinge word and its opposite in one clause", () => {
    expect(hits("LoRA 把原权重冻结只更新两个低秩矩阵")).toEqual([true, true, false]);
  });

  it("reads 不仅, 不只, 不得不 and 不可避免 as no negation", () => {
    const forget = [point("缓解而非杜绝遗忘", "仍会遗忘")];
    expect(hits("PEFT 不可避免地仍会遗忘一部分", forget)).toEqual([true]);
    const merge = [point("推理时可合并回原权重", "合并权重")];
    expect(hits("它不只可以合并权重，还能切换适配器", merge)).toEqual([true]);
    expect(hits("上线前不得不合并权重", merge)).toEqual([true]);
  });

  it("reads 差不多 and the yes-no questions 有没有, 是不是, 会不会 as no negation", () => {
    const ratio = [point("数据量与参数量同比例增长", "一比一")];
    expect(hits("数据和参数差不多一比一地一起加", ratio)).toEqual([true]);
    const merge = [point("推理时可合并回原权重", "合并权重")];
    expect(hits("面试官会问推理时有没有合并权重：有，合并后没有额外延迟", merge)).toEqual([true]);
    expect(hits("推理时会不会合并权重？会", merge)).toEqual([true]);
    expect(hits("推理时不会合并权重", merge)).toEqual([false]);
  });
});
