import type { Grader } from "../engine/practice/grader.js";
import { KeyPointGrader } from "../engine/practice/keypoints.js";
import type { Config } from "../config.js";
import { LlmGrader } from "./llm-grader.js";

export type GraderConfig = Pick<Config, "GRADER_BASE_URL" | "GRADER_MODEL" | "GRADER_API_KEY">;

/** The configured grader: the LLM endpoint when both its URL and model are set (falling back to the embedded one), else the embedded one. */
export function createGrader(config: GraderConfig, onFallback?: (reason: string) => void): Grader {
  const embedded = new KeyPointGrader();
  if (!config.GRADER_BASE_URL || !config.GRADER_MODEL) return embedded;
  return new LlmGrader({ baseUrl: config.GRADER_BASE_URL, model: config.GRADER_MODEL, apiKey: config.GRADER_API_KEY, fallback: embedded, ...(onFallback ? { onFallback } : {}) });
}

/**
 * The graders chat practice uses: the configured one and, when that is the LLM endpoint, the per-member
 * daily quota (GRADER_DAILY_LIMIT) beyond which the embedded grader answers.
 */
export function createPracticeGrading(config: GraderConfig & Pick<Config, "GRADER_DAILY_LIMIT">, onFallback?: (reason: string) => void): { grader: Grader; quota?: { limit: number; fallback: Grader } } {
  const grader = createGrader(config, onFallback);
  return grader instanceof LlmGrader ? { grader, quota: { limit: config.GRADER_DAILY_LIMIT, fallback: new KeyPointGrader() } } : { grader };
}
