import { SlashCommandBuilder } from "discord.js";
import { leaderboardCommand } from "../../../commands/leaderboard.js";
import { LEADERBOARD_PERIODS } from "../../../engine/leaderboard.js";
import { choiceOf, localized } from "../localize.js";
import type { SlashCommand } from "./slash-command.js";

export const leaderboard: SlashCommand = {
  definition: localized(new SlashCommandBuilder(), "leaderboard", "排行榜", "cmd.leaderboard")
    .addStringOption((option) => localized(option, "period", "范围", "discord.opt.period").addChoices(...LEADERBOARD_PERIODS.map((period) => choiceOf(`leaderboard.period.${period}`, period))))
    .addBooleanOption((option) => localized(option, "image", "图片", "discord.opt.image"))
    .toJSON(),
  publicReply: true,
  run(interaction, ctx) {
    const period = interaction.options.getString("period");
    const image = interaction.options.getBoolean("image") === true;
    return leaderboardCommand.run(ctx, [...(period || image ? [period ?? "week"] : []), ...(image ? ["image"] : [])]);
  },
};
