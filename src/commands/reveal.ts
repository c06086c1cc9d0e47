import { renderQuestionDetail } from "../presenter/question.js";
import type { Command } from "./command.js";
import { replyWith } from "./reply.js";

/** Reveals the reference answer of the member's current question (quiz first, else the daily), privately. */
export const revealCommand: Command = {
  name: "reveal",
  usage: "/reveal",
  description: "cmd.reveal",
  async run(ctx) {
    const current = await ctx.engine.currentQuestion(ctx.chat, ctx.member);
    return replyWith(current, ctx.lang, (value) => renderQuestionDetail(value.kind === "quiz" ? value.quiz.question : value.daily.question, ctx.lang));
  },
};
