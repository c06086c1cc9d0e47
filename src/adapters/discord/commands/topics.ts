import { SlashCommandBuilder } from "discord.js";
import { topicsCommand } from "../../../commands/topics.js";
import { localized } from "../localize.js";
import type { SlashCommand } from "./slash-command.js";

export const topics: SlashCommand = {
  definition: localized(new SlashCommandBuilder(), "topics", "主题", "cmd.topics").toJSON(),
  publicReply: true,
  run: (_interaction, ctx) => topicsCommand.run(ctx, []),
};
