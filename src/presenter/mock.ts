import type { FreeTextSurface } from "../commands/command.js";
import type { MockAnswerOutcome, MockQuestionView, MockReport } from "../engine/mock/mock.js";
import type { Language, OutgoingMessage } from "../engine/types.js";
import { t } from "../i18n/index.js";
import { MAX_GRADED_CHARS } from "../engine/practice/grader.js";
import { encodeAction } from "./action-codec.js";
import { formatDuration, questionMeta } from "./question.js";

const HINTS: Record<FreeTextSurface, "mock.hint" | "mock.hintPrivate" | "mock.hintReply" | "mock.hintButton"> = {
  typed: "mock.hint",
  message: "mock.hintPrivate",
  reply: "mock.hintReply",
  modal: "mock.hintButton",
};

/** The button data of the 作答 button of what is being asked (its modal answers exactly that step). */
export function mockAnswerAction(view: MockQuestionView): string {
  return encodeAction({ kind: "mockAnswer", mockId: view.mock.id, position: view.position, followUp: view.followUp !== undefined });
}

/** The question (or its follow-up) being asked, with its soft time limit and how to answer here (a 作答 button where answers come through a form). */
export function renderMockQuestion(view: MockQuestionView, lang: Language, surface: FreeTextSurface = "typed"): OutgoingMessage {
  const lines = [t(lang, "mock.header", { n: view.position + 1, total: view.total, minutes: view.minutes })];
  if (view.followUp) {
    lines.push(view.followUp.covered ? t(lang, "mock.followUp", { covered: view.followUp.covered, point: view.followUp.keyPoint }) : t(lang, "mock.followUpBare", { point: view.followUp.keyPoint }));
  } else {
    lines.push(`**${view.question.prompt}**`, questionMeta(view.question, lang));
  }
  lines.push(t(lang, HINTS[surface]));
  const message: OutgoingMessage = { text: lines.join("\n"), private: true };
  if (surface === "modal") message.choices = [{ action: mockAnswerAction(view), label: t(lang, "practice.answerButton") }];
  return message;
}

/** "⏰ Time is up": sent privately once the soft limit of what is being asked has passed; an answer still counts. */
export function renderMockTimeUp(view: MockQuestionView, lang: Language): OutgoingMessage {
  return { text: t(lang, "mock.timeUp", { n: view.position + 1, total: view.total, id: view.question.id, minutes: view.minutes }), private: true };
}

/** What an answer recorded, then the next question or the report. */
export function renderMockOutcome(outcome: MockAnswerOutcome, lang: Language, minutes: number, options: { surface?: FreeTextSurface; quotaLimit?: number } = {}): OutgoingMessage[] {
  const { result } = outcome;
  const lines = [t(lang, "mock.answered", { percent: Math.round(result.coverage * 100), time: formatDuration(result.seconds, lang) })];
  if (result.followUp) lines.push(t(lang, result.followUp.hit ? "mock.followUpHit" : "mock.followUpMiss", { point: result.followUp.keyPoint }));
  if (result.overTime) lines.push(t(lang, "mock.overTime", { minutes }));
  if (outcome.truncated) lines.push(t(lang, "practice.truncated", { max: MAX_GRADED_CHARS }));
  if (outcome.quotaReached) lines.push(t(lang, "practice.quotaReached", { limit: options.quotaLimit ?? 0 }));
  const messages: OutgoingMessage[] = [{ text: lines.join("\n"), private: true }];
  if (outcome.next) messages.push(renderMockQuestion(outcome.next, lang, options.surface));
  if (outcome.report) messages.push(renderMockReport(outcome.report, lang));
  return messages;
}

/** Per question coverage, missed key points and time; the overall score; the three weakest key points; the review button. */
export function renderMockReport(report: MockReport, lang: Language): OutgoingMessage {
  if (report.results.length === 0) return { text: t(lang, "mock.reportNone"), private: true };
  const lines = [t(lang, "mock.reportTitle", { score: report.score ?? 0, answered: report.results.length, total: report.mock.questionIds.length })];
  for (const [i, r] of report.results.entries()) {
    lines.push(t(lang, "mock.reportRow", { n: i + 1, id: r.questionId, percent: Math.round(r.coverage * 100), time: formatDuration(r.seconds, lang), over: r.overTime ? t(lang, "mock.overMark") : "" }));
    if (r.missed.length > 0) lines.push(t(lang, "mock.missedRow", { points: r.missed.map((m) => m.text).join(lang === "zh" ? "；" : "; ") }));
  }
  if (report.weakest.length > 0) lines.push("", t(lang, "mock.weakest"), ...report.weakest.map((w) => t(lang, "mock.weakRow", { point: w.text, id: w.questionId })));
  const message: OutgoingMessage = { text: lines.join("\n"), private: true };
  if (report.missedQuestions.length > 0) {
    lines.push("", t(lang, "mock.reviewHint", { count: report.missedQuestions.length }));
    message.text = lines.join("\n");
    message.choices = [{ action: encodeAction({ kind: "mockReview", mockId: report.mock.id }), label: t(lang, "mock.reviewButton") }];
  }
  return message;
}
