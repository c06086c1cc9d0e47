import { SlashCommandBuilder } from "discord.js";
import { helpCommand } from "../../../commands/help.js";
import { localized } from "../localize.js";
import type { SlashCommand } from "./slash-command.js";

export const help: SlashCommand = {
  definition: localized(new SlashCommandBuilder(), "help", "帮助", "cmd.help").toJSON(),
  publicReply: true,
  run: (_interaction, ctx) => helpCommand.run(ctx, []),
};
