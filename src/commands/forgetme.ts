import { renderForgetDone, renderForgetQuestion } from "../presenter/identity.js";
import type { Command } from "./command.js";
import { replyWith, usageReply } from "./reply.js";

/**
 * /forgetme: asks to confirm the deletion of the member's personal data; the button does it, or typing
 * `/forgetme confirm` (where there are no buttons: the console).
 */
export const forgetmeCommand: Command = {
  name: "forgetme",
  usage: "/forgetme [confirm]",
  description: "cmd.forgetme",
  async run(ctx, args) {
    if (!ctx.engine.identity.enabled || args.length > 1) return usageReply(ctx, this);
    const stamp = ctx.engine.identity.forgetStamp();
    if (args.length === 0) return [renderForgetQuestion(stamp, ctx.lang)];
    if (args[0]!.toLowerCase() !== "confirm") return usageReply(ctx, this);
    return replyWith(await ctx.engine.identity.forget(ctx.member, stamp), ctx.lang, (forgotten) => renderForgetDone(forgotten, ctx.lang));
  },
};
