import { TOPICS, type TopicSlug } from "../bank/schema.js";
import type { Mistake, NothingDue, ReviewCardView, ReviewGradeOutcome, ReviewSummary, TopicProgress } from "../engine/review/reviews.js";
import { CHOICE_LETTERS, type RecallGrade } from "../engine/responses.js";
import type { Choice, Language, OutgoingMessage } from "../engine/types.js";
import { t } from "../i18n/index.js";
import { encodeAction, type ActionStep } from "./action-codec.js";
import { askedText, questionMeta, topicTitle } from "./question.js";

/** The four review grades in the order they are offered: 不会 / 模糊 / 会 / 秒答 (Again / Hard / Good / Easy). */
export const REVIEW_GRADES: readonly RecallGrade[] = ["forgot", "fuzzy", "know", "easy"];
const RATING_GRADE: Record<number, RecallGrade> = { 1: "forgot", 2: "fuzzy", 3: "know", 4: "easy" };

/** "3 天后" / "3 days": how long until `due`, in minutes, hours or days. */
export function comeBackIn(due: Date, now: Date, lang: Language): string {
  const minutes = Math.max(1, Math.round((due.getTime() - now.getTime()) / 60_000));
  if (minutes < 60) return t(lang, "review.inMinutes", { n: minutes });
  if (minutes < 24 * 60) return t(lang, "review.inHours", { n: Math.round(minutes / 60) });
  return t(lang, "review.inDays", { n: Math.round(minutes / (24 * 60)) });
}

/** A card as asked in a review: the prompt (recall, with 显示答案 then the four grades) or the multiple-choice item. */
export function renderReviewCard(view: ReviewCardView, lang: Language): OutgoingMessage {
  const { session, question, mode } = view;
  const at = (step: ActionStep) => encodeAction({ kind: "review", sessionId: session.id, graded: session.graded, step });
  const header = view.cram
    ? t(lang, "review.cramHeader", { topic: topicTitle(session.cramTopic as TopicSlug, lang), remaining: view.remaining })
    : t(lang, "review.header", { remaining: view.remaining, reviewed: view.reviewed });
  const lines = [];
  if (view.reminderOff) lines.push(t(lang, "review.reminderOff", { reason: view.reminderOff }), "");
  lines.push(header, askedText(question, mode), questionMeta(question, lang));
  if (view.disputed) lines.push(t(lang, "report.disputed"));
  lines.push(t(lang, mode === "choice" ? "review.hintChoice" : "review.hintRecall"));
  const choices: Choice[] =
    mode === "choice" && question.item
      ? question.item.options.map((_, i) => ({ action: at({ answer: { kind: "choice", index: i } }), label: CHOICE_LETTERS[i] ?? "?" }))
      : [{ action: at({ show: true }), label: t(lang, "button.show") }, ...REVIEW_GRADES.map((grade) => ({ action: at({ answer: { kind: "recall", grade } }), label: t(lang, `grade.${grade}`) }))];
  return { text: lines.join("\n"), choices, private: true };
}

/** One line for a toast: the grade and when the card comes back. */
export function reviewNotice(outcome: ReviewGradeOutcome, lang: Language): string {
  return [verdict(outcome, lang), comeBack(outcome, lang)].join(" ");
}

function verdict(outcome: ReviewGradeOutcome, lang: Language): string {
  if (outcome.correct === true) return t(lang, "answer.correct");
  if (outcome.correct === false) return t(lang, "answer.wrong", { letter: CHOICE_LETTERS[outcome.question.item?.correct ?? 0] ?? "?" });
  return t(lang, "review.graded", { grade: t(lang, `grade.${RATING_GRADE[outcome.rating] ?? "know"}`) });
}

function comeBack(outcome: ReviewGradeOutcome, lang: Language): string {
  if (!outcome.nextDue) return t(lang, "review.cramUnchanged");
  if (outcome.requeued) return t(lang, "review.again");
  return t(lang, "review.comeBack", { when: comeBackIn(outcome.nextDue, outcome.now, lang) });
}

/** The grade's result, then the next card or the session's summary. */
export function renderReviewOutcome(outcome: ReviewGradeOutcome, lang: Language): OutgoingMessage[] {
  const lines = [verdict(outcome, lang), comeBack(outcome, lang)];
  if (outcome.question.item && outcome.correct !== null) lines.push(`💡 ${outcome.question.item.explanation}`);
  const messages: OutgoingMessage[] = [{ text: lines.join("\n"), private: true }];
  if (outcome.next) messages.push(renderReviewCard(outcome.next, lang));
  if (outcome.summary) messages.push(renderReviewSummary(outcome.summary, outcome.now, lang, "review.summary"));
  return messages;
}

export function renderReviewSummary(summary: ReviewSummary, now: Date, lang: Language, key: "review.summary" | "review.stopped"): OutgoingMessage {
  if (summary.cram) return { text: t(lang, "review.cramSummary", { reviewed: summary.reviewed }), private: true };
  const lines = [t(lang, key, { reviewed: summary.reviewed, due: summary.remainingDue })];
  if (summary.remainingDue === 0 && summary.nextDue) lines.push(t(lang, "review.nextDue", { when: comeBackIn(summary.nextDue, now, lang) }));
  return { text: lines.join("\n"), private: true };
}

/** Nothing due: says when the next card is, or that the daily limit is reached, or that there are no cards yet. */
export function renderNothingDue(details: NothingDue, now: Date, lang: Language): OutgoingMessage {
  const lines = [];
  if (details.reminderOff) lines.push(t(lang, "review.reminderOff", { reason: details.reminderOff }), "");
  if (details.limitReached) lines.push(t(lang, "review.limitReached", { limit: details.dailyLimit }));
  else if (details.nextDue) lines.push(t(lang, "review.nothingDue"), t(lang, "review.nextDue", { when: comeBackIn(details.nextDue, now, lang) }));
  else lines.push(t(lang, "review.nothingDue"), t(lang, "review.noCards"));
  return { text: lines.join("\n"), private: true };
}

export function renderMistakes(mistakes: readonly Mistake[], lang: Language): OutgoingMessage {
  if (mistakes.length === 0) return { text: t(lang, "mistakes.none"), private: true };
  const rows = mistakes.map((m) => `\`${m.question.id}\` ${m.question.prompt}`);
  const choices: Choice[] = mistakes.map((m) => ({ action: encodeAction({ kind: "detail", questionId: m.question.id }), label: m.question.id }));
  return { text: [t(lang, "mistakes.title"), ...rows, t(lang, "mistakes.hint")].join("\n"), choices, private: true };
}

/** /stats' per-topic lines: attempted, share correct, cards due. */
export function renderTopicProgress(progress: readonly TopicProgress[], lang: Language): string[] {
  if (progress.length === 0) return [];
  const order = TOPICS.map((topic) => topic.slug);
  const rows = [...progress]
    .sort((a, b) => order.indexOf(a.topic) - order.indexOf(b.topic))
    .map((p) => t(lang, "stats.topicRow", { topic: topicTitle(p.topic, lang), attempted: p.attempted, percent: p.correctPercent === null ? "–" : `${p.correctPercent}%`, due: p.due }));
  return [t(lang, "stats.topicsTitle"), ...rows];
}
