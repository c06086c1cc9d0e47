import { withRevision } from "../../src/bank/revision.js";
import type { Question, TopicSlug } from "../../src/bank/schema.js";
import { createSearch } from "../../src/bank/search.js";
import type { BankView } from "../../src/engine/bank.js";

function question(id: string, topic: TopicSlug, prompt: string, extra: Partial<Question> = {}): Question {
  return withRevision({ id, topic, prompt, difficulty: 2, sources: [{ file: "fixture.txt", number: Number.parseInt(id.slice(1), 36) % 1000 || 1 }], ...extra });
}

/** A small bank of real Question values: recall questions with answers, choice items, one with no answer. */
export const FIXTURE_QUESTIONS: Question[] = [
  question("qrag01", "rag", "什么是检索增强生成（RAG）？", { answer: "先检索相关文档，再把它们放进提示词里生成回答。" }),
  question("qrag02", "rag", "为什么需要重排序模型？", { answer: "向量召回粗排，交叉编码器精排。" }),
  question("qtrf01", "transformer", "为什么 Transformer 需要位置编码？", { answer: "自注意力对顺序不敏感，需要注入位置信息。" }),
  question("qtrf02", "transformer", "MHA、GQA、MQA 有什么区别？", {
    answer: "GQA 让多组查询头共享 KV 头，MQA 所有头共享一组 KV。",
    item: {
      stem: "GQA 相比 MHA 主要减少了什么？",
      options: ["KV cache 的大小", "词表大小", "层数", "训练数据量"],
      correct: 0,
      explanation: "GQA 让多个查询头共享一组 K/V，KV cache 按组数缩小。",
    },
  }),
  question("qinf01", "inference", "什么是 KV cache？", {
    answer: "缓存已生成 token 的 K 和 V，避免重复计算。",
    item: {
      stem: "KV cache 缓存的是什么？",
      options: ["Q 向量", "梯度", "已生成 token 的 K 和 V", "优化器状态"],
      correct: 2,
      explanation: "解码时每步只需新 token 的 Q，历史 token 的 K/V 可复用。",
    },
  }),
  question("qft001", "finetuning", "LoRA 的核心思想是什么？", { answer: "冻结原权重，只训练低秩分解的增量矩阵。" }),
  question("qagt01", "agent", "你了解ReAct吗，它有什么优点？"),
];

export function fixtureBank(questions: readonly Question[] = FIXTURE_QUESTIONS): BankView {
  const byTopic = new Map<TopicSlug, Question[]>();
  for (const q of questions) byTopic.set(q.topic, [...(byTopic.get(q.topic) ?? []), q]);
  return { questions, byId: new Map(questions.map((q) => [q.id, q])), byTopic, search: createSearch(questions) };
}
