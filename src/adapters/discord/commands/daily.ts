import { SlashCommandBuilder } from "discord.js";
import { dailyCommand } from "../../../commands/daily.js";
import { localized } from "../localize.js";
import type { SlashCommand } from "./slash-command.js";

export const daily: SlashCommand = {
  definition: localized(new SlashCommandBuilder(), "daily", "每日一题", "cmd.daily").toJSON(),
  publicReply: true,
  run: (_interaction, ctx) => dailyCommand.run(ctx, []),
};
