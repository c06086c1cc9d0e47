import { renderLeaderboard } from "../presenter/standings.js";
import { parsePeriod } from "./args.js";
import type { Command } from "./command.js";
import { replyWith, usageReply } from "./reply.js";

export const leaderboardCommand: Command = {
  name: "leaderboard",
  aliases: ["top"],
  usage: "/leaderboard [week|month|all]",
  description: "cmd.leaderboard",
  async run(ctx, args) {
    const period = args.length <= 1 ? parsePeriod(args[0]) : undefined;
    if (!period) return usageReply(ctx, this);
    return replyWith(await ctx.engine.leaderboard(ctx.chat, ctx.member, period), ctx.lang, (board) => renderLeaderboard(board, ctx.lang));
  },
};
