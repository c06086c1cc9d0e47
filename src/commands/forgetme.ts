import { renderForgetQuestion } from "../presenter/identity.js";
import type { Command } from "./command.js";
import { usageReply } from "./reply.js";

/** /forgetme: asks to confirm (a button) the deletion of the member's personal data; the button does it. */
export const forgetmeCommand: Command = {
  name: "forgetme",
  usage: "/forgetme",
  description: "cmd.forgetme",
  async run(ctx, args) {
    if (!ctx.engine.identity.enabled || args.length > 0) return usageReply(ctx, this);
    return [renderForgetQuestion(ctx.engine.identity.forgetStamp(), ctx.lang)];
  },
};
