import { renderDaily } from "../presenter/question.js";
import type { Command } from "./command.js";
import { replyWith } from "./reply.js";

export const dailyCommand: Command = {
  name: "daily",
  usage: "/daily",
  description: "cmd.daily",
  async run(ctx) {
    return replyWith(await ctx.engine.currentDaily(ctx.chat), ctx.lang, (view) => renderDaily(view, ctx.lang, ctx.surface));
  },
};
