/**
 * The grader port: how well a member's own words cover a question's key points. The engine asks it
 * and never knows which grader answered (the embedded key-point matcher, or an LLM behind HTTP).
 */

/** A key point an interviewer listens for, with the other ways a candidate may say it. */
export interface KeyPoint {
  text: string;
  /** Chinese, English and abbreviated spellings of the same claim (questions/aliases/*.json). */
  aliases: readonly string[];
}

export interface GradeInput {
  prompt: string;
  /** The bank's reference answer (Markdown); an LLM grader reads it, the embedded one does not need it. */
  referenceAnswer: string | undefined;
  keyPoints: readonly KeyPoint[];
  /** The member's answer, already capped (MAX_GRADED_CHARS). */
  answer: string;
}

export interface KeyPointVerdict {
  text: string;
  hit: boolean;
  /** How strongly the answer carries it, 0..1. */
  score: number;
}

/** 0 = wrong (nothing or almost nothing covered), 1 = partial, 2 = mostly or fully covered. */
export type Grade = 0 | 1 | 2;

export type GraderName = "keypoints" | "llm";

export interface GradeResult {
  grader: GraderName;
  keyPoints: KeyPointVerdict[];
  coverage: number;
  grade: Grade;
  /** A short comment in Chinese, from an LLM grader only. */
  feedback?: string;
}

export interface Grader {
  grade(input: GradeInput): Promise<GradeResult>;
}

/** Characters of an answer that are graded; longer input is cut (and the member told so). */
export const MAX_GRADED_CHARS = 2000;

/** The grade a coverage earns: every grader maps coverage the same way unless it says otherwise. */
export function gradeOfCoverage(coverage: number): Grade {
  if (coverage >= 0.75) return 2;
  if (coverage >= 0.25) return 1;
  return 0;
}
