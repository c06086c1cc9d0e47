import type { AnswerMode } from "./ports.js";

/** A member's answer in neutral form: a choice index, or a self-grade after revealing the answer. */
export const RECALL_GRADES = ["know", "fuzzy", "forgot", "easy"] as const;
export type RecallGrade = (typeof RECALL_GRADES)[number];

export type AnswerInput = { kind: "choice"; index: number } | { kind: "recall"; grade: RecallGrade };

export const CHOICE_LETTERS = ["A", "B", "C", "D"] as const;

/** How a response is stored: "A".."D" for a choice, the grade name for recall. */
export function encodeResponse(input: AnswerInput): string {
  return input.kind === "choice" ? (CHOICE_LETTERS[input.index] ?? "?") : input.grade;
}

export function fitsMode(input: AnswerInput, mode: AnswerMode): boolean {
  if (input.kind !== mode) return false;
  return input.kind === "recall" || (Number.isInteger(input.index) && input.index >= 0 && input.index < CHOICE_LETTERS.length);
}
