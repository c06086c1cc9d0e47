import type { AnswerMode } from "./ports.js";

/**
 * Scoring, kept simple enough to state in the help text:
 * - daily question: a correct choice earns 10, a wrong choice 2 for taking part, a self-graded
 *   recall answer 5 whatever the grade (honest grading must not cost points);
 * - streak bonus on the daily question: +1 per consecutive day after the first, at most +5;
 * - quiz: the first time a member ever answers a question, a correct choice earns 2 and a recall
 *   answer 1; repeated questions earn nothing, so quizzes cannot be farmed.
 */
export const POINTS = {
  dailyCorrect: 10,
  dailyWrong: 2,
  dailyRecall: 5,
  streakBonusMax: 5,
  quizCorrect: 2,
  quizRecall: 1,
} as const;

export function dailyPoints(mode: AnswerMode, correct: boolean | null, streak: number): number {
  const base = mode === "recall" ? POINTS.dailyRecall : correct ? POINTS.dailyCorrect : POINTS.dailyWrong;
  return base + Math.min(Math.max(streak - 1, 0), POINTS.streakBonusMax);
}

export function quizPoints(mode: AnswerMode, correct: boolean | null, answeredBefore: number): number {
  if (answeredBefore > 0) return 0;
  if (mode === "recall") return POINTS.quizRecall;
  return correct ? POINTS.quizCorrect : 0;
}
