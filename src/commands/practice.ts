import type { OutgoingMessage } from "../engine/types.js";
import { t } from "../i18n/index.js";
import { renderError } from "../presenter/errors.js";
import { renderPracticeConfirmation, renderPracticeFeedback, renderPracticePrompt } from "../presenter/practice.js";
import type { RecallGrade } from "../engine/responses.js";
import { parseTopic } from "./args.js";
import type { Command, CommandContext } from "./command.js";
import { replyWith, usageReply } from "./reply.js";

const unavailable = (ctx: CommandContext): OutgoingMessage[] => [{ text: t(ctx.lang, "error.NO_QUESTIONS"), private: true }];

/** `/practice [topic]`: one open question with key points, answered in the member's own words. */
export const practiceCommand: Command = {
  name: "practice",
  aliases: ["练习"],
  usage: "/practice [topic]",
  description: "cmd.practice",
  async run(ctx, args) {
    const practice = ctx.engine.practice;
    if (!practice) return unavailable(ctx);
    const topic = args.length > 0 ? parseTopic(args.join(" ")) : undefined;
    if (args.length > 0 && !topic) return args.length <= 2 ? [renderError({ ok: false, code: "UNKNOWN_TOPIC" }, ctx.lang)] : usageReply(ctx, this);
    const started = await practice.start(ctx.chat, ctx.member, topic ? { topic } : {});
    return replyWith(started, ctx.lang, (view) => renderPracticePrompt(view, ctx.lang, ctx.freeText));
  },
};

/** `/skip`: gives up the open practice question. */
export const skipCommand: Command = {
  name: "skip",
  usage: "/skip",
  description: "cmd.skip",
  async run(ctx) {
    const practice = ctx.engine.practice;
    if (!practice) return unavailable(ctx);
    return replyWith(await practice.skip(ctx.chat, ctx.member), ctx.lang, (view) => ({ text: t(ctx.lang, "practice.skipped", { id: view.question.id }), private: true }));
  },
};

/**
 * Free text as the answer to the member's open practice question: the feedback, or undefined when no
 * question is waiting (and nothing names one), so the adapter treats the text as it otherwise would.
 */
export async function answerPractice(ctx: CommandContext, text: string, at: { promptId?: number; replyTo?: string } = {}): Promise<OutgoingMessage[] | undefined> {
  const practice = ctx.engine.practice;
  if (!practice) return undefined;
  const named = at.promptId !== undefined || at.replyTo !== undefined;
  const graded = await practice.answer(ctx.chat, ctx.member, text, at);
  // Text that answers nothing is not this command's: unnamed text, or a reply to some other message of the bot.
  if (!graded.ok && ((graded.code === "NO_ACTIVE_PRACTICE" && !named) || (at.replyTo !== undefined && (graded.code === "STALE" || graded.code === "NO_ACTIVE_PRACTICE")))) return undefined;
  return replyWith(graded, ctx.lang, (feedback) => renderPracticeFeedback(feedback, ctx.lang, { ...(ctx.freeText ? { surface: ctx.freeText } : {}), quotaLimit: practice.quotaLimit }));
}

/** A typed grade (/answer 会) for the member's answer still waiting for one; undefined when none waits. */
export async function confirmPending(ctx: CommandContext, grade: RecallGrade): Promise<OutgoingMessage[] | undefined> {
  const practice = ctx.engine.practice;
  if (!practice || !(await practice.pending(ctx.chat, ctx.member))) return undefined;
  return replyWith(await practice.confirm(ctx.chat, ctx.member, grade), ctx.lang, (confirmation) => renderPracticeConfirmation(confirmation, ctx.lang));
}
