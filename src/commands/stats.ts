import { renderStats } from "../presenter/standings.js";
import type { Command } from "./command.js";
import { replyWith, usageReply } from "./reply.js";

export const statsCommand: Command = {
  name: "stats",
  usage: "/stats [@member]",
  description: "cmd.stats",
  async run(ctx, args) {
    if (args.length > 1) return usageReply(ctx, this);
    const progress = ctx.engine.progress;
    if (!progress) {
      if (args.length > 0) return usageReply(ctx, this);
      return replyWith(await ctx.engine.stats(ctx.chat, ctx.member), ctx.lang, (view) => renderStats(view, ctx.member.displayName, ctx.lang));
    }
    // The picture and its caption (the text version, also sent alone when no picture can be drawn).
    return replyWith(await progress.stats(ctx.chat, ctx.member, ctx.lang, args[0]), ctx.lang, (report) => {
      const text = renderStats(report.view, report.member.displayName, ctx.lang);
      return report.png ? { ...text, image: { png: report.png, name: "stats.png" } } : text;
    });
  },
};
