import type { Question, TopicSlug } from "../bank/schema.js";
import type { AnswerMode } from "./ports.js";

/** What the engine needs of the question bank (the loaded bank satisfies it). */
export interface BankView {
  readonly questions: readonly Question[];
  readonly byId: ReadonlyMap<string, Question>;
  readonly byTopic: ReadonlyMap<TopicSlug, readonly Question[]>;
  /** Best matches first; the query is normalised like the bank text. */
  search(query: string, limit?: number): Question[];
}

/** A question can be asked when it can be graded: it has a quiz item or a reference answer to recall. */
export function isAskable(question: Question): boolean {
  return question.item !== undefined || question.answer !== undefined;
}

/** Multiple choice when the question has an item and the caller prefers it; recall otherwise. */
export function answerModeOf(question: Question, preferred: AnswerMode = "choice"): AnswerMode {
  return preferred === "choice" && question.item ? "choice" : "recall";
}

/** Fisher–Yates with an injected random source, so selection is reproducible under test. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}
