import { renderIssuedCode, renderPendingLink } from "../presenter/identity.js";
import type { Command } from "./command.js";
import { INPUT_LIMITS, inputTooLong } from "./limits.js";
import { replyWith, usageReply } from "./reply.js";

/**
 * /link: a one-time code for linking this account with one on another platform, and what is linked
 * already; /link <code> (on the other platform) asks to confirm the merge. Private: the adapters run it
 * in a private context only (Discord ephemeral, a Telegram private chat); its replies are secret.
 */
export const linkCommand: Command = {
  name: "link",
  usage: "/link [code]",
  description: "cmd.link",
  async run(ctx, args) {
    if (!ctx.engine.identity.enabled || args.length > 2) return usageReply(ctx, this);
    if (args.length === 0) return replyWith(await ctx.engine.identity.issueCode(ctx.member), ctx.lang, (issued) => renderIssuedCode(issued, ctx.lang));
    // "ABCD EFGH" typed with a space is one code.
    const typed = args.join("");
    const tooLong = inputTooLong(ctx.lang, [typed, INPUT_LIMITS.linkCode]);
    if (tooLong) return tooLong;
    return replyWith(await ctx.engine.identity.redeem(ctx.member, typed), ctx.lang, (pending) => renderPendingLink(pending, ctx.lang));
  },
};
