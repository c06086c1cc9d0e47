import type { Question } from "../../src/bank/schema.js";
import type { Grader, GradeInput, GradeResult, KeyPoint } from "../../src/engine/practice/grader.js";
import { KeyPointGrader } from "../../src/engine/practice/keypoints.js";
import type { Database } from "../../src/store/database.js";
import type { EngineDeps } from "../../src/engine/engine.js";
import { FIXTURE_QUESTIONS } from "./bank.js";

/** Open questions with key points (and aliases below), beside the fixture bank. */
export const PRACTICE_QUESTIONS: Question[] = [
  {
    id: "qlora1",
    topic: "finetuning",
    prompt: "LoRA 的原理是什么？",
    answer: "冻结原模型权重，只训练低秩矩阵 A 和 B，推理时可以合并回原权重。",
    keyPoints: ["冻结原模型权重", "训练低秩矩阵 A 和 B", "推理时可合并回原权重"],
    difficulty: 2,
    sources: [{ file: "fixture.txt", number: 901 }],
    item: { stem: "LoRA 训练的是哪部分？", options: ["全部参数", "低秩矩阵", "词表", "优化器"], correct: 1, explanation: "只训练低秩增量。" },
  },
  {
    id: "qkvc01",
    topic: "inference",
    prompt: "KV cache 为什么能加速解码？",
    answer: "缓存历史 token 的 K 和 V，每步只算新 token，避免重复计算。",
    keyPoints: ["缓存历史 token 的 K 和 V", "避免重复计算"],
    difficulty: 1,
    sources: [{ file: "fixture.txt", number: 902 }],
  },
];

export const PRACTICE_ALIASES: Record<string, string[]> = {
  冻结原模型权重: ["原权重冻结", "freeze the base weights"],
  "训练低秩矩阵 A 和 B": ["低秩矩阵", "low-rank"],
  推理时可合并回原权重: ["合并权重", "merge into the base weights"],
  "缓存历史 token 的 K 和 V": ["缓存 K 和 V", "KV 缓存"],
  避免重复计算: ["不用重复计算", "省去重复计算"],
};

export const keyPointsOf = (question: Question): KeyPoint[] => (question.keyPoints ?? []).map((text) => ({ text, aliases: PRACTICE_ALIASES[text] ?? [] }));

export const PRACTICE_BANK_QUESTIONS: Question[] = [...FIXTURE_QUESTIONS, ...PRACTICE_QUESTIONS];

/** A full answer to qlora1, and one to qkvc01. */
export const FULL_ANSWERS: Record<string, string> = {
  qlora1: "LoRA 把原权重冻结，只训练两个低秩矩阵，推理时合并权重，没有额外延迟。",
  qkvc01: "KV 缓存把历史 token 的 K 和 V 存下来，省去重复计算。",
};

/** Stands in for an LLM endpoint behind the Grader port: the embedded verdicts, labelled "llm", counted. */
export class CountingLlmGrader implements Grader {
  calls = 0;
  private readonly inner = new KeyPointGrader();
  async grade(input: GradeInput): Promise<GradeResult> {
    this.calls++;
    return { ...(await this.inner.grade(input)), grader: "llm", feedback: "要点齐全" };
  }
}

/** The engine's practice dependency on a test database. */
export function practiceDeps(db: Database, grader: Grader = new KeyPointGrader(), quota?: { limit: number; fallback: Grader }): NonNullable<EngineDeps["practice"]> {
  return { store: db.stores.practice, grader, keyPoints: keyPointsOf, ...(quota ? { quota } : {}) };
}
