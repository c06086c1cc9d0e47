import type { AlreadyAnswered, DailyAnswerOutcome } from "../engine/daily.js";
import type { QuizAnswerOutcome, QuizQuestionView, QuizSummary } from "../engine/quiz.js";
import { CHOICE_LETTERS, RECALL_GRADES, type RecallGrade } from "../engine/responses.js";
import type { Language, OutgoingMessage } from "../engine/types.js";
import { t } from "../i18n/index.js";
import { renderQuizQuestion, type AnswerSurface } from "./question.js";

/** A stored response ("B", "fuzzy") in the member's language. */
export function describeResponse(response: string, lang: Language): string {
  return (RECALL_GRADES as readonly string[]).includes(response) ? t(lang, `grade.${response as RecallGrade}`) : response;
}

function verdict(outcome: { correct: boolean | null; question: { item?: { correct: number } } }, response: string | undefined, lang: Language): string {
  if (outcome.correct === null) return t(lang, "answer.recorded", { grade: describeResponse(response ?? "", lang) });
  if (outcome.correct) return t(lang, "answer.correct");
  return t(lang, "answer.wrong", { letter: CHOICE_LETTERS[outcome.question.item?.correct ?? 0] ?? "?" });
}

/** The member's daily result; secret, since the explanation gives the right option away before the reveal. */
export function renderDailyOutcome(outcome: DailyAnswerOutcome, response: string, lang: Language): OutgoingMessage {
  const lines = [verdict(outcome, response, lang), t(lang, "answer.points", { points: outcome.points }), t(lang, "answer.streak", { streak: outcome.streak, longest: outcome.longestStreak })];
  if (outcome.question.item && outcome.correct !== null) lines.push(`💡 ${outcome.question.item.explanation}`);
  return { text: lines.join("\n"), private: true, secret: true };
}

/** One short line for a toast (Telegram allows 200 characters): verdict, points, streak. */
export function dailyNotice(outcome: DailyAnswerOutcome, response: string, lang: Language): string {
  return [verdict(outcome, response, lang), t(lang, "answer.points", { points: outcome.points }), t(lang, "answer.streakShort", { streak: outcome.streak })].join(" ");
}

export function quizNotice(outcome: QuizAnswerOutcome, response: string, lang: Language): string {
  return [verdict(outcome, response, lang), t(lang, "answer.points", { points: outcome.points })].join(" ");
}

export function renderAlreadyAnswered(details: AlreadyAnswered, lang: Language): OutgoingMessage {
  return { text: t(lang, "answer.already", { date: details.daily.localDate, response: describeResponse(details.first.response, lang) }), private: true };
}

export function renderQuizOutcome(outcome: QuizAnswerOutcome, response: string, lang: Language, surface: AnswerSurface = "buttons"): OutgoingMessage[] {
  const lines = [verdict(outcome, response, lang), t(lang, "answer.points", { points: outcome.points })];
  if (outcome.question.item && outcome.correct !== null) lines.push(`💡 ${outcome.question.item.explanation}`);
  const messages: OutgoingMessage[] = [{ text: lines.join("\n"), private: true }];
  if (outcome.next) messages.push(renderQuizQuestion(outcome.next, lang, surface));
  if (outcome.summary) messages.push(renderQuizSummary(outcome.summary, lang, "quiz.summary"));
  return messages;
}

export function renderQuizSummary(summary: QuizSummary, lang: Language, key: "quiz.summary" | "quiz.stopped"): OutgoingMessage {
  return { text: t(lang, key, { ...summary }), private: true };
}

export function renderQuizInProgress(view: QuizQuestionView, lang: Language, surface: AnswerSurface = "buttons"): OutgoingMessage[] {
  return [{ text: t(lang, "quiz.inProgress", { n: view.position + 1, total: view.total }), private: true }, renderQuizQuestion(view, lang, surface)];
}
