import { z } from "zod";
import { TELEGRAM_LIMITS } from "../platform-limits.js";

/** The fixed topic taxonomy. Slugs are stable identifiers (used in commands and file names); titles are shown to users. */
export const TOPICS = [
  { slug: "basics", zh: "大模型基础", en: "LLM fundamentals" },
  { slug: "transformer", zh: "Transformer 与注意力", en: "Transformer & attention" },
  { slug: "tokenization", zh: "分词与嵌入", en: "Tokenization & embeddings" },
  { slug: "pretraining", zh: "预训练与分布式训练", en: "Pre-training & distributed training" },
  { slug: "finetuning", zh: "微调与 PEFT", en: "Fine-tuning & PEFT" },
  { slug: "alignment", zh: "对齐与 RLHF", en: "Alignment & RLHF" },
  { slug: "inference", zh: "推理与部署优化", en: "Inference & serving" },
  { slug: "quantization", zh: "量化与压缩", en: "Quantization & compression" },
  { slug: "rag", zh: "RAG 与检索", en: "RAG & retrieval" },
  { slug: "agent", zh: "Agent 与工具调用", en: "Agents & tool use" },
  { slug: "prompting", zh: "提示工程与生成控制", en: "Prompting & decoding" },
  { slug: "multimodal", zh: "多模态", en: "Multimodal" },
  { slug: "evaluation", zh: "评测", en: "Evaluation" },
  { slug: "safety", zh: "幻觉、偏见与安全", en: "Hallucination, bias & safety" },
  { slug: "applications", zh: "应用与方案设计", en: "Applications & system design" },
  { slug: "tooling", zh: "工具与框架", en: "Tools & frameworks" },
] as const;

export type TopicSlug = (typeof TOPICS)[number]["slug"];
export const TOPIC_SLUGS = TOPICS.map((t) => t.slug) as [TopicSlug, ...TopicSlug[]];

/** Where a question (or one of its duplicates) appears in the source documents. */
export const SourceRefSchema = z.object({
  file: z.string().min(1), // file name under questions/sources/
  number: z.number().int().positive(), // the question's number in that document
  /**
   * The prompt as parsed from that document, kept only when the bank shows a clean prompt instead (a prompt garbled
   * in the source, or one with a wrong premise, rewritten in questions/authored), so the original stays traceable.
   */
  prompt: z.string().min(1).optional(),
});

/** A multiple-choice item; limits chosen so a Telegram quiz poll can carry it unchanged. */
export const QuizItemSchema = z.object({
  stem: z.string().min(1).max(TELEGRAM_LIMITS.pollQuestion),
  options: z.array(z.string().min(1).max(TELEGRAM_LIMITS.pollOption)).length(4),
  correct: z.number().int().min(0).max(3),
  explanation: z.string().min(1).max(TELEGRAM_LIMITS.pollExplanation),
});

const QUESTION_ID = /^q[0-9a-z]{5}$/;
export const QuestionIdSchema = z.string().regex(QUESTION_ID, "id must look like q3f9a1");

/** A second reader's review of a question's content: who, on which day, and what they checked or changed. */
export const ReviewSchema = z
  .object({
    by: z.string().min(1),
    on: z.iso.date(),
    note: z.string().min(1),
  })
  .strict();

/** Where a field's content came from: a source document as is, a source edited for the bank, or written for the bank. */
export const ProvenanceSchema = z
  .object({
    /** Present only when the prompt is not the parsed one: the source prompt, cleaned in questions/authored. */
    prompt: z.literal("source-edited"),
    answer: z.enum(["source", "source-edited", "authored"]),
    item: z.literal("authored"),
    difficulty: z.enum(["heuristic", "reviewed"]),
    /** Second-reader reviews, oldest first (carried from questions/authored by the importer). */
    review: z.array(ReviewSchema).min(1),
  })
  .partial();

export const QuestionSchema = z.object({
  id: QuestionIdSchema,
  topic: z.enum(TOPIC_SLUGS),
  prompt: z.string().min(1),
  /** Reference answer, Markdown. */
  answer: z.string().min(1).optional(),
  /** The phrases an interviewer listens for. */
  keyPoints: z.array(z.string().min(1).max(80)).min(2).max(5).optional(),
  difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  sources: z.array(SourceRefSchema).min(1),
  item: QuizItemSchema.optional(),
  provenance: ProvenanceSchema.optional(),
  /**
   * The content revision (src/bank/revision.ts): a hash of prompt, answer, key points and item, filled in by the
   * loader from the content itself, so it changes exactly when the content does. Attempts record it.
   */
  revision: z.string().regex(/^[0-9a-f]{12}$/).optional(),
});

/** One checked-in bank file: questions/bank/<topic>.json */
export const BankFileSchema = z.object({
  topic: z.enum(TOPIC_SLUGS),
  questions: z.array(QuestionSchema),
  /**
   * Retired ids of this file's questions: a near-duplicate merged into (or replaced by) a question here keeps its
   * id in members' history, and the loader resolves it to the replacement. `{ "<retired id>": "<replacement id>" }`.
   */
  retired: z.record(QuestionIdSchema, QuestionIdSchema).optional(),
});

export type SourceRef = z.infer<typeof SourceRefSchema>;
export type QuizItem = z.infer<typeof QuizItemSchema>;
export type Question = z.infer<typeof QuestionSchema>;
export type Provenance = z.infer<typeof ProvenanceSchema>;
export type BankFile = z.infer<typeof BankFileSchema>;
export type Review = z.infer<typeof ReviewSchema>;
