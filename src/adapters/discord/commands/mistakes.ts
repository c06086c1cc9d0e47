import { INPUT_LIMITS } from "../../../commands/limits.js";
import { SlashCommandBuilder } from "discord.js";
import { mistakesCommand } from "../../../commands/mistakes.js";
import { localized } from "../localize.js";
import type { SlashCommand } from "./slash-command.js";
import { topicSuggestions } from "./topic-suggest.js";

export const mistakes: SlashCommand = {
  definition: localized(new SlashCommandBuilder(), "mistakes", "错题", "cmd.mistakes")
    .addStringOption((option) => localized(option, "topic", "主题", "discord.opt.mistakesTopic").setAutocomplete(true).setMaxLength(INPUT_LIMITS.word))
    .toJSON(),
  run(interaction, ctx) {
    const topic = interaction.options.getString("topic");
    return mistakesCommand.run(ctx, topic ? [topic] : []);
  },
  autocomplete: (interaction) => topicSuggestions(interaction.options.getFocused()),
};
