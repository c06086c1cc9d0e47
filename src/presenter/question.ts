import { TOPICS, type Question, type TopicSlug } from "../bank/schema.js";
import type { DailyView } from "../engine/daily.js";
import type { AnswerMode } from "../engine/ports.js";
import type { QuizQuestionView } from "../engine/quiz.js";
import { CHOICE_LETTERS } from "../engine/responses.js";
import type { Language, OutgoingMessage } from "../engine/types.js";
import { t } from "../i18n/index.js";

export function topicTitle(slug: TopicSlug, lang: Language): string {
  return TOPICS.find((topic) => topic.slug === slug)?.[lang] ?? slug;
}

/** The line that identifies a question: its id (for /question), topic and difficulty. */
export function questionMeta(question: Question, lang: Language): string {
  return t(lang, "question.id", { id: question.id, topic: topicTitle(question.topic, lang), difficulty: question.difficulty });
}

/** The question as asked: the item's stem and lettered options in choice mode, the prompt otherwise. */
function askedText(question: Question, mode: AnswerMode): string {
  if (mode === "choice" && question.item) {
    const options = question.item.options.map((option, i) => `${CHOICE_LETTERS[i]}. ${option}`);
    return [`**${question.item.stem}**`, ...options].join("\n");
  }
  return `**${question.prompt}**`;
}

function choicesFor(question: Question, mode: AnswerMode, actionPrefix: string): OutgoingMessage["choices"] {
  if (mode !== "choice" || !question.item) return undefined;
  return question.item.options.map((_, i) => ({ action: `${actionPrefix}:${i}`, label: CHOICE_LETTERS[i] ?? "?" }));
}

export function renderDaily(view: DailyView, lang: Language): OutgoingMessage {
  const { daily, question, answerCount } = view;
  const hint = daily.mode === "choice" ? "daily.hintChoice" : "daily.hintRecall";
  const text = [
    t(lang, "daily.title", { date: daily.localDate }),
    askedText(question, daily.mode),
    questionMeta(question, lang),
    t(lang, "daily.answerCount", { count: answerCount }),
    t(lang, hint),
  ].join("\n");
  const choices = choicesFor(question, daily.mode, `daily:${daily.id}`);
  return choices ? { text, choices } : { text };
}

export function renderQuizQuestion(view: QuizQuestionView, lang: Language): OutgoingMessage {
  const hint = view.mode === "choice" ? "quiz.hintChoice" : "quiz.hintRecall";
  const text = [t(lang, "quiz.header", { n: view.position + 1, total: view.total }), askedText(view.question, view.mode), questionMeta(view.question, lang), t(lang, hint)].join("\n");
  const choices = choicesFor(view.question, view.mode, `quiz:${view.session.id}:${view.position}`);
  return choices ? { text, choices, private: true } : { text, private: true };
}

/** A question with everything known about it: for /question, /reveal and the answer feedback. */
export function renderQuestionDetail(question: Question, lang: Language): OutgoingMessage {
  const parts = [`**${question.prompt}**`, questionMeta(question, lang), "", `**${t(lang, "question.answer")}**`, question.answer ?? t(lang, "question.noAnswer")];
  if (question.item) parts.push("", `💡 ${question.item.explanation}`);
  return { text: parts.join("\n"), private: true };
}
