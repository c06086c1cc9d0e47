import { renderStats } from "../presenter/standings.js";
import type { Command } from "./command.js";
import { replyWith } from "./reply.js";

export const statsCommand: Command = {
  name: "stats",
  usage: "/stats",
  description: "cmd.stats",
  async run(ctx) {
    return replyWith(await ctx.engine.stats(ctx.chat, ctx.member), ctx.lang, (view) => renderStats(view, ctx.member.displayName, ctx.lang));
  },
};
