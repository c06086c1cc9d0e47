import { renderUnlinked } from "../presenter/identity.js";
import type { Command } from "./command.js";
import { INPUT_LIMITS, inputTooLong } from "./limits.js";
import { replyWith, usageReply } from "./reply.js";

/** /unlink <platform>: separates the linked identity on that platform again; merged history stays. */
export const unlinkCommand: Command = {
  name: "unlink",
  usage: "/unlink <discord|telegram>",
  description: "cmd.unlink",
  async run(ctx, args) {
    if (!ctx.engine.identity.enabled || args.length !== 1) return usageReply(ctx, this);
    const tooLong = inputTooLong(ctx.lang, [args[0], INPUT_LIMITS.word]);
    if (tooLong) return tooLong;
    const result = await ctx.engine.identity.unlink(ctx.member, args[0]!);
    if (!result.ok && result.code === "INVALID_ARGUMENT") return usageReply(ctx, this);
    return replyWith(result, ctx.lang, (outcome) => renderUnlinked(outcome, ctx.lang));
  },
};
