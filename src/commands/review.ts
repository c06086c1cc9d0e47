import type { NothingDue } from "../engine/review/reviews.js";
import type { OutgoingMessage } from "../engine/types.js";
import { t } from "../i18n/index.js";
import { renderError } from "../presenter/errors.js";
import { renderQuestionDetail } from "../presenter/question.js";
import { renderNothingDue, renderReviewCard, renderReviewSummary } from "../presenter/review.js";
import { parseMode, parseTopic } from "./args.js";
import type { Command, CommandContext } from "./command.js";
import { replyWith, usageReply } from "./reply.js";
import { withOwnAnswer } from "./actions.js";

/** Starts (or resumes) a review, or cram of a topic; "nothing due" says when the next card is. */
async function start(ctx: CommandContext, options: Parameters<CommandContext["engine"]["review"]["start"]>[2]): Promise<OutgoingMessage[]> {
  const started = await ctx.engine.review.start(ctx.chat, ctx.member, options);
  if (!started.ok && started.code === "NOTHING_DUE") return [renderNothingDue(started.details as NothingDue, ctx.engine.review.now(), ctx.lang)];
  return replyWith(started, ctx.lang, (view) => renderReviewCard(view, ctx.lang));
}

export const reviewCommand: Command = {
  name: "review",
  aliases: ["r"],
  usage: "/review [choice] | /review topic <topic> | /review show | undo | stop | /review remind <HH:MM> [zone] | off",
  description: "cmd.review",
  async run(ctx, args) {
    const [word, ...rest] = args.map((arg) => arg.trim());
    const sub = word?.toLowerCase();
    if (sub === undefined) return start(ctx, {});
    if (sub === "stop") {
      const stopped = await ctx.engine.review.stop(ctx.chat, ctx.member);
      return replyWith(stopped, ctx.lang, (summary) => renderReviewSummary(summary, ctx.engine.review.now(), ctx.lang, "review.stopped"));
    }
    if (sub === "undo") {
      return replyWith(await ctx.engine.review.undo(ctx.chat, ctx.member), ctx.lang, (view) => [{ text: t(ctx.lang, "review.undone"), private: true }, renderReviewCard(view, ctx.lang)]);
    }
    if (sub === "show" || sub === "显示答案") {
      const question = await ctx.engine.review.reveal(ctx.chat, ctx.member);
      return question.ok ? [await withOwnAnswer(ctx, renderQuestionDetail(question.value, ctx.lang), question.value.id)] : replyWith(question, ctx.lang, () => []);
    }
    if (sub === "topic" || sub === "cram") {
      const topic = rest.length > 0 ? parseTopic(rest.join(" ")) : undefined;
      if (rest.length === 0) return usageReply(ctx, this);
      if (!topic) return [renderError({ ok: false, code: "UNKNOWN_TOPIC" }, ctx.lang)];
      return start(ctx, { topic });
    }
    if (sub === "remind") {
      if (rest.length === 1 && rest[0]!.toLowerCase() === "off") {
        return replyWith(await ctx.engine.review.remindOff(ctx.member), ctx.lang, () => ({ text: t(ctx.lang, "review.remindOff"), private: true }));
      }
      if (rest.length < 1 || rest.length > 2) return usageReply(ctx, this);
      const set = await ctx.engine.review.remind(ctx.chat, ctx.member, rest[0]!, rest[1]);
      if (!set.ok && set.code === "INVALID_ARGUMENT") return usageReply(ctx, this);
      return replyWith(set, ctx.lang, (reminder) => ({ text: t(ctx.lang, "review.remindSet", { time: reminder.time, zone: reminder.timeZone }), private: true }));
    }
    const mode = args.length === 1 ? parseMode(sub) : undefined;
    if (mode) return start(ctx, { mode });
    return usageReply(ctx, this);
  },
};
