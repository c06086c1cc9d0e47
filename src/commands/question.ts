import { renderQuestionDetail } from "../presenter/question.js";
import type { Command } from "./command.js";
import { INPUT_LIMITS, inputTooLong } from "./limits.js";
import { replyWith, usageReply } from "./reply.js";

export const questionCommand: Command = {
  name: "question",
  aliases: ["q"],
  usage: "/question <id>",
  description: "cmd.question",
  async run(ctx, args) {
    if (args.length !== 1) return usageReply(ctx, this);
    const tooLong = inputTooLong(ctx.lang, [args[0], INPUT_LIMITS.questionId]);
    if (tooLong) return tooLong;
    return replyWith(ctx.engine.question(args[0]!), ctx.lang, (question) => renderQuestionDetail(question, ctx.lang));
  },
};
