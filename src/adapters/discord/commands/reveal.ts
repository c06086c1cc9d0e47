import { SlashCommandBuilder } from "discord.js";
import { revealCommand } from "../../../commands/reveal.js";
import { localized } from "../localize.js";
import type { SlashCommand } from "./slash-command.js";

export const reveal: SlashCommand = {
  definition: localized(new SlashCommandBuilder(), "reveal", "看答案", "cmd.reveal").toJSON(),
  run: (_interaction, ctx) => revealCommand.run(ctx, []),
};
