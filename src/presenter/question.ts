import { TOPICS, type Question, type TopicSlug } from "../bank/schema.js";
import type { DailyResults, DailyView } from "../engine/daily.js";
import type { AnswerMode } from "../engine/ports.js";
import type { QuizQuestionView } from "../engine/quiz.js";
import { encodeAction, type Action, type ActionStep } from "./action-codec.js";
import { CHOICE_LETTERS, RECALL_GRADES } from "../engine/responses.js";
import type { Choice, Language, OutgoingMessage } from "../engine/types.js";
import { t } from "../i18n/index.js";
import { literal } from "./markup.js";
import { reportChoice } from "./reports.js";

export function topicTitle(slug: TopicSlug, lang: Language): string {
  return TOPICS.find((topic) => topic.slug === slug)?.[lang] ?? slug;
}

/** The line that identifies a question: its id (for /question), topic and difficulty. */
export function questionMeta(question: Question, lang: Language): string {
  return t(lang, "question.id", { id: question.id, topic: topicTitle(question.topic, lang), difficulty: question.difficulty });
}

/** The question as asked: the item's stem and lettered options in choice mode, the prompt otherwise. */
export function askedText(question: Question, mode: AnswerMode): string {
  if (mode === "choice" && question.item) {
    const options = question.item.options.map((option, i) => `${CHOICE_LETTERS[i]}. ${option}`);
    return [`**${question.item.stem}**`, ...options].join("\n");
  }
  return `**${question.prompt}**`;
}

/**
 * The buttons under a question: one per option for a multiple-choice item; for recall, "show the answer"
 * and the three self-grades. `at` turns a step into the action of this particular question.
 */
function choicesFor(question: Question, mode: AnswerMode, lang: Language, at: (step: ActionStep) => Action): Choice[] {
  if (mode === "choice" && question.item) {
    return question.item.options.map((_, i) => ({ action: encodeAction(at({ answer: { kind: "choice", index: i } })), label: CHOICE_LETTERS[i] ?? "?" }));
  }
  return [
    { action: encodeAction(at({ show: true })), label: t(lang, "button.show") },
    // 秒答 (easy) is for reviews and /answer: a posted question keeps its three self-grades.
    ...RECALL_GRADES.filter((grade) => grade !== "easy").map((grade) => ({ action: encodeAction(at({ answer: { kind: "recall", grade } })), label: t(lang, `grade.${grade}`) })),
  ];
}

/**
 * How members answer where a message is shown: "buttons" (Telegram, Discord: tap an option) or "typed"
 * (the console: no buttons, the member types the letter or grade). Only the hint line differs.
 */
export type AnswerSurface = "buttons" | "typed";

/** The daily question as posted in the chat; once revealed, with the reference answer below it. */
export function renderDaily(view: DailyView, lang: Language, surface: AnswerSurface = "buttons"): OutgoingMessage {
  const { daily, question, answerCount } = view;
  const choice = daily.mode === "choice" && question.item !== undefined;
  const hint = surface === "typed" ? (choice ? "daily.hintChoiceTyped" : "daily.hintRecallTyped") : daily.mode === "choice" ? "daily.hintChoice" : "daily.hintRecall";
  const parts = [
    t(lang, "daily.title", { date: daily.localDate }),
    askedText(question, daily.mode),
    questionMeta(question, lang),
    t(lang, "daily.answerCount", { count: answerCount }),
    t(lang, hint),
  ];
  if (daily.revealedAt) parts.push("", answerText(question, lang));
  const choices = choicesFor(question, daily.mode, lang, (step) => ({ kind: "daily", dailyId: daily.id, step }));
  // A revealed answer can be reported as wrong.
  if (daily.revealedAt) choices.push(reportChoice(question, lang));
  const message: OutgoingMessage = { text: parts.join("\n"), choices };
  if (daily.mode === "choice" && question.item) message.quiz = question.item;
  if (daily.revealedAt) message.reference = true;
  return message;
}

/** The day's results, posted in the chat when the daily question is revealed. */
export function renderDailyResults(results: DailyResults, lang: Language): OutgoingMessage {
  const lines = [t(lang, "results.title", { date: results.daily.localDate })];
  if (results.answered === 0) return { text: [...lines, t(lang, "results.none")].join("\n") };
  const answered = t(lang, "results.answered", { count: results.answered });
  lines.push(results.correctPercent === null ? answered : `${answered} · ${t(lang, "results.correct", { percent: results.correctPercent })}`);
  if (results.fastest) {
    const key = results.daily.mode === "choice" ? "results.fastest" : "results.fastestRecall";
    lines.push(t(lang, key, { name: literal(results.fastest.displayName), after: formatDuration(results.fastest.afterSeconds, lang) }));
  }
  if (results.streakHolders.length > 0) {
    const holders = results.streakHolders.map((h) => t(lang, "results.streakHolder", { name: literal(h.displayName), streak: h.streak }));
    lines.push(t(lang, "results.streaks", { holders: holders.join(lang === "zh" ? "、" : ", ") }));
  }
  return { text: lines.join("\n") };
}

/** "42 s", "7 min", "2 h 5 min". */
export function formatDuration(seconds: number, lang: Language): string {
  if (seconds < 60) return t(lang, "duration.seconds", { n: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t(lang, "duration.minutes", { n: minutes });
  return t(lang, "duration.hours", { h: Math.floor(minutes / 60), m: minutes % 60 });
}

export function renderQuizQuestion(view: QuizQuestionView, lang: Language, surface: AnswerSurface = "buttons"): OutgoingMessage {
  const choice = view.mode === "choice" && view.question.item !== undefined;
  const hint = surface === "typed" ? (choice ? "quiz.hintChoiceTyped" : "quiz.hintRecallTyped") : view.mode === "choice" ? "quiz.hintChoice" : "quiz.hintRecall";
  const lines = [t(lang, "quiz.header", { n: view.position + 1, total: view.total }), askedText(view.question, view.mode), questionMeta(view.question, lang)];
  if (view.disputed) lines.push(t(lang, "report.disputed"));
  const text = [...lines, t(lang, hint)].join("\n");
  const choices = choicesFor(view.question, view.mode, lang, (step) => ({ kind: "quiz", sessionId: view.session.id, position: view.position, step }));
  return { text, choices, private: true };
}

/** The reference answer and, for a multiple-choice item, the right option and its explanation. */
function answerText(question: Question, lang: Language): string {
  const parts = [`**${t(lang, "question.answer")}**`];
  if (question.item) parts.push(`${CHOICE_LETTERS[question.item.correct]}. ${question.item.options[question.item.correct]}`, `💡 ${question.item.explanation}`, "");
  parts.push(question.answer ?? t(lang, "question.noAnswer"));
  return parts.join("\n");
}

/** A question with everything known about it: for /question, /reveal and the answer feedback. */
export function renderQuestionDetail(question: Question, lang: Language): OutgoingMessage {
  const parts = [`**${question.prompt}**`, questionMeta(question, lang), "", `**${t(lang, "question.answer")}**`, question.answer ?? t(lang, "question.noAnswer")];
  if (question.item) parts.push("", `💡 ${question.item.explanation}`);
  return { text: parts.join("\n"), private: true, reference: true, choices: [reportChoice(question, lang)] };
}

/** The name of the discussion thread opened on a daily post: its date and question id. */
export function dailyThreadName(view: DailyView, lang: Language): string {
  return t(lang, "daily.threadName", { date: view.daily.localDate, id: view.question.id });
}
