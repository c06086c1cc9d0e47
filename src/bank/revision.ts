import { createHash } from "node:crypto";
import type { Question } from "./schema.js";

/** Hex digits of a revision: 48 bits, so two contents of one question practically never share one. */
export const REVISION_LENGTH = 12;

/**
 * A question's revision: a hash of the content a member answers and is graded on (prompt, reference answer,
 * key points, multiple-choice item), so it changes exactly when that content does. Id, topic, difficulty,
 * sources and provenance are not content a member answered: changing them keeps the revision.
 */
export function questionRevision(question: Pick<Question, "prompt" | "answer" | "keyPoints" | "item">): string {
  const item = question.item && { stem: question.item.stem, options: question.item.options, correct: question.item.correct, explanation: question.item.explanation };
  const content = JSON.stringify([question.prompt, question.answer ?? null, question.keyPoints ?? null, item ?? null]);
  return createHash("sha256").update(content).digest("hex").slice(0, REVISION_LENGTH);
}

/** The question with its revision filled in (what the loader hands out). */
export function withRevision<Q extends Question>(question: Q): Q {
  return { ...question, revision: questionRevision(question) };
}
