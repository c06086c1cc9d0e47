import type { AlreadyAnswered } from "../engine/daily.js";
import { encodeResponse } from "../engine/responses.js";
import { renderAlreadyAnswered, renderDailyOutcome, renderQuizOutcome } from "../presenter/outcomes.js";
import { parseAnswer } from "./args.js";
import type { Command } from "./command.js";
import { replyWith, usageReply } from "./reply.js";
import { renderReviewOutcome } from "../presenter/review.js";
import { confirmPending } from "./practice.js";

export const answerCommand: Command = {
  name: "answer",
  aliases: ["a"],
  usage: "/answer <A|B|C|D|会|模糊|不会|秒答>",
  description: "cmd.answer",
  async run(ctx, args) {
    const input = args.length === 1 ? parseAnswer(args[0]!) : undefined;
    if (!input) return usageReply(ctx, this);
    // A review running in this chat takes the answer first.
    if (ctx.engine.review.enabled && (await ctx.engine.review.current(ctx.chat, ctx.member)).ok) {
      return replyWith(await ctx.engine.review.answer(ctx.chat, ctx.member, input), ctx.lang, (outcome) => renderReviewOutcome(outcome, ctx.lang));
    }
    // A practice answer waiting for its grade takes a typed grade next.
    if (input.kind === "recall") {
      const confirmed = await confirmPending(ctx, input.grade);
      if (confirmed) return confirmed;
    }
    const result = await ctx.engine.answer(ctx.chat, ctx.member, input);
    if (!result.ok && result.code === "ALREADY_ANSWERED" && result.details) return [renderAlreadyAnswered(result.details as AlreadyAnswered, ctx.lang)];
    const response = encodeResponse(input);
    return replyWith(result, ctx.lang, (answered) =>
      answered.kind === "quiz" ? renderQuizOutcome(answered.outcome, response, ctx.lang, ctx.surface) : renderDailyOutcome(answered.outcome, response, ctx.lang),
    );
  },
};
