import { renderStats } from "../presenter/standings.js";
import type { Command } from "./command.js";
import { replyWith } from "./reply.js";
import { renderTopicProgress } from "../presenter/review.js";

export const statsCommand: Command = {
  name: "stats",
  usage: "/stats",
  description: "cmd.stats",
  async run(ctx) {
    const stats = await ctx.engine.stats(ctx.chat, ctx.member);
    const topics = ctx.engine.review.enabled && stats.ok ? renderTopicProgress(await ctx.engine.review.progress(ctx.member), ctx.lang) : [];
    return replyWith(stats, ctx.lang, (view) => {
      const message = renderStats(view, ctx.member.displayName, ctx.lang);
      return topics.length > 0 ? { ...message, text: [message.text, "", ...topics].join("\n") } : message;
    });
  },
};
