import type { MockQuestionView, MockStep } from "../engine/mock/mock.js";
import type { OutgoingMessage } from "../engine/types.js";
import { t } from "../i18n/index.js";
import { renderError } from "../presenter/errors.js";
import { renderMockOutcome, renderMockQuestion, renderMockReport } from "../presenter/mock.js";
import { parsePositiveInt, parseTopic } from "./args.js";
import type { Command, CommandContext } from "./command.js";
import { answerPractice } from "./practice.js";
import { replyWith, usageReply } from "./reply.js";
import type { TopicSlug } from "../bank/schema.js";

/** Reads "[topic] [n] [--minutes m]" in any order; undefined when an argument fits none. */
function parseMockArgs(args: string[]): { topic?: TopicSlug; count?: number; minutes?: number } | undefined {
  const options: { topic?: TopicSlug; count?: number; minutes?: number } = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--minutes" || arg === "--min") {
      const minutes = parsePositiveInt(args[++i] ?? "");
      if (minutes === undefined || options.minutes !== undefined) return undefined;
      options.minutes = minutes;
      continue;
    }
    const count = parsePositiveInt(arg);
    const topic = count === undefined ? parseTopic(arg) : undefined;
    if (count !== undefined && options.count === undefined) options.count = count;
    else if (topic !== undefined && options.topic === undefined) options.topic = topic;
    else return undefined;
  }
  return options;
}

/** `/mock [topic] [n] [--minutes m]`, `/mock stop`, `/mock review`. */
export const mockCommand: Command = {
  name: "mock",
  aliases: ["面试"],
  usage: "/mock [topic] [n] [--minutes m] | /mock stop | /mock review",
  description: "cmd.mock",
  async run(ctx, args) {
    const mock = ctx.engine.mock;
    if (!mock) return [{ text: t(ctx.lang, "error.NO_QUESTIONS"), private: true }];
    const sub = args.length === 1 ? args[0]!.toLowerCase() : undefined;
    if (sub === "stop") return replyWith(await mock.stop(ctx.member), ctx.lang, (report) => [{ text: t(ctx.lang, "mock.stopped"), private: true }, renderMockReport(report, ctx.lang)]);
    if (sub === "review") return replyWith(await mock.reviewMissed(ctx.member), ctx.lang, ({ added }) => ({ text: t(ctx.lang, "mock.reviewed", { count: added.length }), private: true }));
    const options = parseMockArgs(args);
    if (!options) return usageReply(ctx, this);
    const started = await mock.start(ctx.chat, ctx.member, options);
    if (!started.ok && started.code === "MOCK_IN_PROGRESS") return [renderError(started, ctx.lang), renderMockQuestion(started.details as MockQuestionView, ctx.lang, ctx.freeText)];
    if (!started.ok && started.code === "INVALID_ARGUMENT") return usageReply(ctx, this);
    return replyWith(started, ctx.lang, (view) => renderMockQuestion(view, ctx.lang, ctx.freeText));
  },
};

/**
 * Free text as the answer to the member's running mock interview; undefined when none runs and nothing named
 * one. `step` (a Discord modal) names what it answers: a stale or finished one gets an error instead.
 */
export async function answerMock(ctx: CommandContext, text: string, step?: MockStep): Promise<OutgoingMessage[] | undefined> {
  const mock = ctx.engine.mock;
  if (!mock) return undefined;
  const current = await mock.current(ctx.member);
  if (!current.ok) return step ? [renderError(current, ctx.lang)] : undefined;
  const quotaLimit = ctx.engine.practice?.quotaLimit ?? 0;
  return replyWith(await mock.answer(ctx.chat, ctx.member, text, step), ctx.lang, (outcome) => renderMockOutcome(outcome, ctx.lang, current.value.minutes, { ...(ctx.freeText ? { surface: ctx.freeText } : {}), quotaLimit }));
}

/** Free text where a member may answer without a command: a running mock interview first, then an open practice question. */
export async function answerFreeText(ctx: CommandContext, text: string): Promise<OutgoingMessage[] | undefined> {
  return (await answerMock(ctx, text)) ?? (await answerPractice(ctx, text));
}
