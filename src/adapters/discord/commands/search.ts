import { SlashCommandBuilder } from "discord.js";
import { INPUT_LIMITS } from "../../../commands/limits.js";
import { questionCommand } from "../../../commands/question.js";
import { searchCommand } from "../../../commands/search.js";
import { localized } from "../localize.js";
import type { SlashCommand } from "./slash-command.js";
import { questionSuggestions } from "./suggest.js";

export const search: SlashCommand = {
  definition: localized(new SlashCommandBuilder(), "search", "搜索", "cmd.search")
    .addStringOption((option) => localized(option, "query", "关键词", "discord.opt.query").setRequired(true).setAutocomplete(true).setMaxLength(INPUT_LIMITS.query))
    .toJSON(),
  run(interaction, ctx) {
    const query = interaction.options.getString("query", true).trim();
    // A picked suggestion is a question id: show that question; anything else is searched for.
    if (ctx.engine.question(query).ok) return questionCommand.run(ctx, [query]);
    return searchCommand.run(ctx, query.split(/\s+/));
  },
  autocomplete: (interaction, engine) => questionSuggestions(engine, interaction.options.getFocused()),
};
