import { reportChoice } from "./reports.js";
import type { FreeTextSurface } from "../commands/command.js";
import { MAX_GRADED_CHARS } from "../engine/practice/grader.js";
import { PRACTICE_IDLE_MINUTES, type PracticeConfirmation, type PracticeFeedback, type PracticePromptView } from "../engine/practice/practice.js";
import type { PracticeAttemptRecord } from "../engine/practice/ports.js";
import type { Choice, Language, OutgoingMessage } from "../engine/types.js";
import { t } from "../i18n/index.js";
import { encodeAction } from "./action-codec.js";
import { literal } from "./markup.js";
import { questionMeta } from "./question.js";
import { REVIEW_GRADES } from "./review.js";

const HINTS: Record<FreeTextSurface, "practice.hintTyped" | "practice.hintPrivate" | "practice.hintReply" | "practice.hintButton"> = {
  typed: "practice.hintTyped",
  message: "practice.hintPrivate",
  reply: "practice.hintReply",
  modal: "practice.hintButton",
};

/** A practice question as asked: the bank's open prompt (never the multiple-choice stem), and how to answer here. */
export function renderPracticePrompt(view: PracticePromptView, lang: Language, surface: FreeTextSurface = "typed"): OutgoingMessage {
  const text = [
    t(lang, "practice.header"),
    `**${view.question.prompt}**`,
    questionMeta(view.question, lang),
    t(lang, HINTS[surface]),
    t(lang, "practice.limits", { max: MAX_GRADED_CHARS, minutes: PRACTICE_IDLE_MINUTES }),
  ].join("\n");
  const message: OutgoingMessage = { text };
  if (surface === "modal") message.choices = [{ action: encodeAction({ kind: "practice", promptId: view.prompt.id }), label: t(lang, "practice.answerButton") }];
  if (surface === "reply") message.asksReply = { promptId: view.prompt.id };
  // The member's own question; in a Telegram group the reply box needs the question in the group.
  if (surface !== "reply") message.private = true;
  return message;
}

/** The grade buttons 不会 / 模糊 / 会 / 秒答, the suggested one marked. */
function gradeChoices(attempt: PracticeAttemptRecord, lang: Language): Choice[] {
  return REVIEW_GRADES.map((grade) => {
    const label = t(lang, `grade.${grade}`);
    return { action: encodeAction({ kind: "practiceGrade", attemptId: attempt.id, grade }), label: grade === attempt.suggestedGrade ? t(lang, "practice.suggested", { grade: label }) : label };
  });
}

/**
 * The feedback, for the member alone: each key point ✅ or ❌, the coverage, which grader answered, the
 * reference answer, and the grade buttons with the suggestion marked.
 */
export function renderPracticeFeedback(feedback: PracticeFeedback, lang: Language, options: { surface?: FreeTextSurface; quotaLimit?: number } = {}): OutgoingMessage {
  const { attempt, question } = feedback;
  const hits = attempt.verdicts.filter((v) => v.hit).length;
  const lines = [t(lang, "practice.feedbackTitle", { percent: Math.round(attempt.coverage * 100), hit: hits, total: attempt.verdicts.length })];
  for (const verdict of attempt.verdicts) lines.push(`${verdict.hit ? "✅" : "❌"} ${verdict.text}`);
  lines.push(t(lang, attempt.grader === "llm" ? "practice.graderLlm" : "practice.graderKeypoints"));
  if (feedback.comment) lines.push(t(lang, "practice.comment", { comment: literal(feedback.comment) }));
  if (feedback.truncated) lines.push(t(lang, "practice.truncated", { max: MAX_GRADED_CHARS }));
  if (feedback.quotaReached) lines.push(t(lang, "practice.quotaReached", { limit: options.quotaLimit ?? 0 }));
  lines.push("", `**${t(lang, "question.answer")}**`, question.answer ?? t(lang, "question.noAnswer"), questionMeta(question, lang), "");
  const suggested = t(lang, `grade.${attempt.suggestedGrade}`);
  lines.push(t(lang, options.surface === "typed" ? "practice.confirmTyped" : "practice.confirm", { grade: suggested }));
  // The reference answer is revealed here, so it carries 🚩 报错 like every other revealed answer.
  return { text: lines.join("\n"), choices: [...gradeChoices(attempt, lang), reportChoice(question, lang)], private: true, secret: true };
}

export function renderPracticeConfirmation(confirmation: PracticeConfirmation, lang: Language): OutgoingMessage {
  const lines = [t(lang, "practice.confirmed", { grade: t(lang, `grade.${confirmation.grade}`) })];
  if (confirmation.points > 0) lines.push(t(lang, "practice.points", { points: confirmation.points }));
  return { text: lines.join("\n"), private: true };
}

/** One line for a toast. */
export function practiceNotice(confirmation: PracticeConfirmation, lang: Language): string {
  const grade = t(lang, "practice.confirmed", { grade: t(lang, `grade.${confirmation.grade}`) });
  return confirmation.points > 0 ? `${grade} +${confirmation.points}` : grade;
}

/** The member's own last answer, shown under a reference answer in a review. */
export function renderOwnAnswer(attempt: PracticeAttemptRecord, lang: Language): string {
  return [t(lang, "practice.yourAnswer", { percent: Math.round(attempt.coverage * 100) }), literal(attempt.answer)].join("\n");
}
