import type { QuizQuestionView } from "../engine/quiz.js";
import type { QuizOptions } from "../engine/quiz.js";
import { renderQuizInProgress, renderQuizSummary } from "../presenter/outcomes.js";
import { renderQuizQuestion } from "../presenter/question.js";
import { parsePositiveInt, parseTopic } from "./args.js";
import type { Command } from "./command.js";
import { replyWith, usageReply } from "./reply.js";
import { renderError } from "../presenter/errors.js";

/** Reads "[topic] [n]" in either order; undefined when an argument fits neither. */
function parseQuizArgs(args: string[]): QuizOptions | undefined {
  const options: QuizOptions = {};
  for (const arg of args) {
    const count = parsePositiveInt(arg);
    const topic = count === undefined ? parseTopic(arg) : undefined;
    if (count !== undefined && options.count === undefined) options.count = count;
    else if (topic !== undefined && options.topic === undefined) options.topic = topic;
    else return undefined;
  }
  return options;
}

export const quizCommand: Command = {
  name: "quiz",
  usage: "/quiz [topic] [n] | /quiz stop",
  description: "cmd.quiz",
  async run(ctx, args) {
    if (args.length === 1 && args[0]!.toLowerCase() === "stop") {
      return replyWith(await ctx.engine.stopQuiz(ctx.chat, ctx.member), ctx.lang, (summary) => renderQuizSummary(summary, ctx.lang, "quiz.stopped"));
    }
    const options = parseQuizArgs(args);
    if (!options) {
      const unknownTopic = args.find((arg) => parsePositiveInt(arg) === undefined && parseTopic(arg) === undefined);
      return unknownTopic && args.length <= 2 ? [renderError({ ok: false, code: "UNKNOWN_TOPIC" }, ctx.lang)] : usageReply(ctx, this);
    }
    const started = await ctx.engine.startQuiz(ctx.chat, ctx.member, options);
    if (!started.ok && started.code === "QUIZ_IN_PROGRESS") return renderQuizInProgress(started.details as QuizQuestionView, ctx.lang);
    if (!started.ok && started.code === "INVALID_ARGUMENT") return usageReply(ctx, this);
    return replyWith(started, ctx.lang, (view) => renderQuizQuestion(view, ctx.lang));
  },
};
