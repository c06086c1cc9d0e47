import { renderStats } from "../presenter/standings.js";
import type { MemberRef, OutgoingMessage } from "../engine/types.js";
import { isSelf } from "../engine/progress/progress.js";
import { fail } from "../engine/errors.js";
import type { Command, CommandContext } from "./command.js";
import { replyWith, usageReply } from "./reply.js";
import { renderTopicProgress } from "../presenter/review.js";

export const statsCommand: Command = {
  name: "stats",
  usage: "/stats [@member]",
  description: "cmd.stats",
  async run(ctx, args) {
    if (args.length > 1) return usageReply(ctx, this);
    return statsOf(ctx, args[0]);
  },
};

/**
 * /stats of the caller, or of another member: named (`@name`, typed) or resolved by the platform (Discord's
 * member option). Another member's stats are for admins only (ADMIN_ONLY), whichever way they are named.
 */
export async function statsOf(ctx: CommandContext, subject?: string | MemberRef): Promise<OutgoingMessage[]> {
  const own = subject === undefined || (typeof subject === "object" && isSelf(subject, ctx.member));
  // One's own stats gain a line per topic from the review deck.
  const topics = own && ctx.engine.review.enabled ? renderTopicProgress(await ctx.engine.review.progress(ctx.member), ctx.lang) : [];
  const withTopics = <M extends { text: string }>(message: M): M => (topics.length > 0 ? { ...message, text: [message.text, "", ...topics].join("\n") } : message);
  const progress = ctx.engine.progress;
  if (!progress) {
    if (typeof subject === "string") return usageReply(ctx, statsCommand);
    if (!own && !ctx.member.isAdmin) return replyWith(fail("ADMIN_ONLY"), ctx.lang, () => []);
    const whose = own ? ctx.member : subject!;
    return replyWith(await ctx.engine.stats(ctx.chat, whose), ctx.lang, (view) => withTopics(renderStats(view, whose.displayName, ctx.lang)));
  }
  // The picture and its caption (the text version, also sent alone when no picture can be drawn).
  return replyWith(await progress.stats(ctx.chat, ctx.member, ctx.lang, subject), ctx.lang, (report) => {
    const text = withTopics(renderStats(report.view, report.member.displayName, ctx.lang));
    return report.png ? { ...text, image: { png: report.png, name: "stats.png" } } : text;
  });
}
