import { z } from "zod";
import { type GradeInput, type GradeResult, type Grader } from "../engine/practice/grader.js";

export interface LlmGraderOptions {
  /** An OpenAI-compatible API base, e.g. https://api.example.com/v1 (requests go to `${baseUrl}/chat/completions`). */
  baseUrl: string;
  model: string;
  apiKey?: string | undefined;
  /** Where any failure falls back to: the embedded grader. */
  fallback: Grader;
  timeoutMs?: number;
  /** Told once per failure, e.g. to log it; the member still gets the fallback's verdict. */
  onFallback?: (reason: string) => void;
}

export const LLM_TIMEOUT_MS = 8000;
const FEEDBACK_LIMIT = 120;

/** What the model must answer: one verdict per key point, in order, a suggested grade and a short comment. */
const ReplySchema = z.object({
  keyPoints: z.array(z.object({ covered: z.boolean() })),
  grade: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  feedback: z.string().max(FEEDBACK_LIMIT),
});

const CompletionSchema = z.object({ choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1) });

const SYSTEM_PROMPT = [
  "你是大模型/AI 工程面试官。判断候选人的回答覆盖了哪些要点。",
  "只有当回答正确表述了某个要点时才算覆盖；说错、否定或只提到词语而意思错误都不算。",
  '只输出 JSON：{"keyPoints":[{"covered":true|false},…（与要点顺序一致）],"grade":0|1|2,"feedback":"不超过 120 字的中文点评"}。',
  "grade：0 = 基本没答上，1 = 部分答上，2 = 大部分或全部答上。",
].join("\n");

/**
 * An optional grader on any OpenAI-compatible chat-completions endpoint (JSON mode). It sends only
 * the question, the key points, the reference answer and the member's text: never ids or names. Any
 * error, timeout or invalid reply falls back to the embedded grader, whose result says so.
 */
export class LlmGrader implements Grader {
  constructor(private readonly options: LlmGraderOptions) {}

  async grade(input: GradeInput): Promise<GradeResult> {
    try {
      return await this.ask(input);
    } catch (error) {
      this.options.onFallback?.(error instanceof Error ? error.message : String(error));
      return this.options.fallback.grade(input);
    }
  }

  private async ask(input: GradeInput): Promise<GradeResult> {
    const { baseUrl, model, apiKey } = this.options;
    const user = [
      `题目：${input.prompt}`,
      `要点：\n${input.keyPoints.map((k, i) => `${i + 1}. ${k.text}`).join("\n")}`,
      ...(input.referenceAnswer ? [`参考答案：\n${input.referenceAnswer}`] : []),
      `候选人的回答：\n${input.answer}`,
    ].join("\n\n");
    const response = await fetch(`${baseUrl.replace(/\/+$/, "")}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
      body: JSON.stringify({
        model,
        temperature: 0,
        response_format: { type: "json_object" },
        messages: [
          { role: "system", content: SYSTEM_PROMPT },
          { role: "user", content: user },
        ],
      }),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? LLM_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`grader endpoint answered ${response.status}`);
    const completion = CompletionSchema.parse(await response.json());
    const reply = ReplySchema.parse(JSON.parse(completion.choices[0]!.message.content));
    if (reply.keyPoints.length !== input.keyPoints.length) throw new Error(`grader judged ${reply.keyPoints.length} key points of ${input.keyPoints.length}`);
    const keyPoints = input.keyPoints.map((k, i) => ({ text: k.text, hit: reply.keyPoints[i]!.covered, score: reply.keyPoints[i]!.covered ? 1 : 0 }));
    const coverage = keyPoints.length === 0 ? 0 : Math.round((keyPoints.filter((k) => k.hit).length / keyPoints.length) * 1000) / 1000;
    return { grader: "llm", keyPoints, coverage, grade: reply.grade, feedback: reply.feedback };
  }
}
