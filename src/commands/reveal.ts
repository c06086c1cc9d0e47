import { renderQuestionDetail } from "../presenter/question.js";
import type { Command } from "./command.js";
import { replyWith } from "./reply.js";
import { withOwnAnswer } from "./actions.js";

/** Reveals the reference answer of the member's current question (quiz first, else the daily), privately. */
export const revealCommand: Command = {
  name: "reveal",
  usage: "/reveal",
  description: "cmd.reveal",
  async run(ctx) {
    if (ctx.engine.review.enabled && (await ctx.engine.review.current(ctx.chat, ctx.member)).ok) {
      const question = await ctx.engine.review.reveal(ctx.chat, ctx.member);
      return question.ok ? [await withOwnAnswer(ctx, renderQuestionDetail(question.value, ctx.lang), question.value.id)] : replyWith(question, ctx.lang, () => []);
    }
    return replyWith(await ctx.engine.reveal(ctx.chat, ctx.member), ctx.lang, (question) => renderQuestionDetail(question, ctx.lang));
  },
};
