import { SlashCommandBuilder } from "discord.js";
import { INPUT_LIMITS } from "../../../commands/limits.js";
import { questionCommand } from "../../../commands/question.js";
import { localized } from "../localize.js";
import type { SlashCommand } from "./slash-command.js";
import { questionSuggestions } from "./suggest.js";

export const question: SlashCommand = {
  definition: localized(new SlashCommandBuilder(), "question", "查题", "cmd.question")
    .addStringOption((option) => localized(option, "id", "题号", "discord.opt.id").setRequired(true).setAutocomplete(true).setMaxLength(INPUT_LIMITS.questionId))
    .toJSON(),
  run: (interaction, ctx) => questionCommand.run(ctx, [interaction.options.getString("id", true)]),
  autocomplete: (interaction, engine) => questionSuggestions(engine, interaction.options.getFocused()),
};
