import { renderQuestionDetail } from "../presenter/question.js";
import type { Command } from "./command.js";
import { replyWith, usageReply } from "./reply.js";

export const questionCommand: Command = {
  name: "question",
  aliases: ["q"],
  usage: "/question <id>",
  description: "cmd.question",
  async run(ctx, args) {
    if (args.length !== 1) return usageReply(ctx, this);
    return replyWith(ctx.engine.question(args[0]!), ctx.lang, (question) => renderQuestionDetail(question, ctx.lang));
  },
};
