import { t } from "../i18n/index.js";
import { renderLeaderboard } from "../presenter/standings.js";
import { parsePeriod } from "./args.js";
import type { Command } from "./command.js";
import { replyWith, usageReply } from "./reply.js";

const IMAGE_WORDS = new Set(["image", "picture", "pic", "图", "图片"]);

export const leaderboardCommand: Command = {
  name: "leaderboard",
  aliases: ["top"],
  usage: "/leaderboard [week|month|all] [image]",
  description: "cmd.leaderboard",
  async run(ctx, args) {
    const image = args.length > 0 && IMAGE_WORDS.has(args.at(-1)!.toLowerCase());
    const rest = image ? args.slice(0, -1) : args;
    const period = rest.length <= 1 ? parsePeriod(rest[0]) : undefined;
    if (!period) return usageReply(ctx, this);
    const board = await ctx.engine.leaderboard(ctx.chat, ctx.member, period);
    if (!image || !ctx.engine.progress || !board.ok) return replyWith(board, ctx.lang, (value) => renderLeaderboard(value, ctx.lang));
    const title = t(ctx.lang, "chart.leaderboardTitle", { period: t(ctx.lang, `leaderboard.period.${period}`) });
    const png = await ctx.engine.progress.leaderboardPicture(board.value, ctx.lang, title);
    const text = renderLeaderboard(board.value, ctx.lang);
    return [png ? { ...text, file: { kind: "picture", bytes: png, name: "leaderboard.png" } } : text];
  },
};
