import { renderError } from "../presenter/errors.js";
import { renderMistakes } from "../presenter/review.js";
import { parseTopic } from "./args.js";
import type { Command } from "./command.js";

/** The member's questions whose latest attempt was wrong (or graded 不会), newest first. */
export const mistakesCommand: Command = {
  name: "mistakes",
  aliases: ["错题"],
  usage: "/mistakes [topic]",
  description: "cmd.mistakes",
  async run(ctx, args) {
    const topic = args.length > 0 ? parseTopic(args.join(" ")) : undefined;
    if (args.length > 0 && !topic) return [renderError({ ok: false, code: "UNKNOWN_TOPIC" }, ctx.lang)];
    return [renderMistakes(await ctx.engine.review.mistakes(ctx.member, topic), ctx.lang)];
  },
};
