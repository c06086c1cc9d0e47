import type { QuizQuestionView } from "../engine/quiz.js";
import type { QuizOptions } from "../engine/quiz.js";
import { renderQuizInProgress, renderQuizSummary } from "../presenter/outcomes.js";
import { renderQuizQuestion } from "../presenter/question.js";
import { parseMode, parsePositiveInt, parseTopic } from "./args.js";
import type { Command } from "./command.js";
import { replyWith, usageReply } from "./reply.js";
import { renderError } from "../presenter/errors.js";
import { t } from "../i18n/index.js";
import { topicTitle } from "../presenter/question.js";
import type { TopicSlug } from "../bank/schema.js";

/** Reads "[topic] [n] [choice|recall]" in any order; undefined when an argument fits none. */
function parseQuizArgs(args: string[]): QuizOptions | undefined {
  const options: QuizOptions = {};
  for (const arg of args) {
    const count = parsePositiveInt(arg);
    const mode = count === undefined ? parseMode(arg) : undefined;
    const topic = count === undefined && mode === undefined ? parseTopic(arg) : undefined;
    if (count !== undefined && options.count === undefined) options.count = count;
    else if (mode !== undefined && options.mode === undefined) options.mode = mode;
    else if (topic !== undefined && options.topic === undefined) options.topic = topic;
    else return undefined;
  }
  return options;
}

export const quizCommand: Command = {
  name: "quiz",
  usage: "/quiz [topic] [n] [choice|recall] | /quiz stop",
  description: "cmd.quiz",
  async run(ctx, args) {
    if (args.length === 1 && args[0]!.toLowerCase() === "stop") {
      return replyWith(await ctx.engine.stopQuiz(ctx.chat, ctx.member), ctx.lang, (summary) => renderQuizSummary(summary, ctx.lang, "quiz.stopped"));
    }
    let weak: string[] | undefined;
    if (args[0]?.toLowerCase() === "weak" && ctx.engine.review.enabled) {
      // A quiz from the member's weakest topics (see Reviews.weakTopics).
      weak = await ctx.engine.review.weakTopics(ctx.member);
      args = args.slice(1);
    }
    const parsed = parseQuizArgs(args);
    const options = parsed && weak ? { ...parsed, topics: weak as QuizOptions["topics"] } : parsed;
    if (!options) {
      const unknownTopic = args.find((arg) => parsePositiveInt(arg) === undefined && parseMode(arg) === undefined && parseTopic(arg) === undefined);
      return unknownTopic && args.length <= 3 ? [renderError({ ok: false, code: "UNKNOWN_TOPIC" }, ctx.lang)] : usageReply(ctx, this);
    }
    const started = await ctx.engine.startQuiz(ctx.chat, ctx.member, options);
    if (!started.ok && started.code === "QUIZ_IN_PROGRESS") return renderQuizInProgress(started.details as QuizQuestionView, ctx.lang, ctx.surface);
    if (!started.ok && started.code === "INVALID_ARGUMENT") return usageReply(ctx, this);
    return replyWith(started, ctx.lang, (view) => {
      const first = renderQuizQuestion(view, ctx.lang, ctx.surface);
      if (!weak) return first;
      const names = weak.map((slug) => topicTitle(slug as TopicSlug, ctx.lang)).join(ctx.lang === "zh" ? "、" : ", ");
      return [{ text: t(ctx.lang, "quiz.weak", { topics: names }), private: true }, first];
    });
  },
};
