import { renderStats } from "../presenter/standings.js";
import type { Command } from "./command.js";
import { replyWith, usageReply } from "./reply.js";
import { renderTopicProgress } from "../presenter/review.js";

export const statsCommand: Command = {
  name: "stats",
  usage: "/stats [@member]",
  description: "cmd.stats",
  async run(ctx, args) {
    if (args.length > 1) return usageReply(ctx, this);
    // One's own stats gain a line per topic from the review deck.
    const topics = args.length === 0 && ctx.engine.review.enabled ? renderTopicProgress(await ctx.engine.review.progress(ctx.member), ctx.lang) : [];
    const withTopics = <M extends { text: string }>(message: M): M => (topics.length > 0 ? { ...message, text: [message.text, "", ...topics].join("\n") } : message);
    const progress = ctx.engine.progress;
    if (!progress) {
      if (args.length > 0) return usageReply(ctx, this);
      return replyWith(await ctx.engine.stats(ctx.chat, ctx.member), ctx.lang, (view) => withTopics(renderStats(view, ctx.member.displayName, ctx.lang)));
    }
    // The picture and its caption (the text version, also sent alone when no picture can be drawn).
    return replyWith(await progress.stats(ctx.chat, ctx.member, ctx.lang, args[0]), ctx.lang, (report) => {
      const text = withTopics(renderStats(report.view, report.member.displayName, ctx.lang));
      return report.png ? { ...text, file: { kind: "picture", bytes: report.png, name: "stats.png" } } : text;
    });
  },
};
