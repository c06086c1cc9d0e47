import { SlashCommandBuilder } from "discord.js";
import { TOPICS } from "../../../bank/schema.js";
import { practiceCommand, skipCommand } from "../../../commands/practice.js";
import { localized, localizedChoice } from "../localize.js";
import type { SlashCommand } from "./slash-command.js";

/** /practice [topic]: an open question, answered through the 作答 button's modal. */
export const practice: SlashCommand = {
  definition: localized(new SlashCommandBuilder(), "practice", "练习", "cmd.practice")
    .addStringOption((option) => localized(option, "topic", "主题", "discord.opt.topic").addChoices(...TOPICS.map((topic) => localizedChoice(topic, topic.slug))))
    .toJSON(),
  run(interaction, ctx) {
    const topic = interaction.options.getString("topic");
    return practiceCommand.run(ctx, topic ? [topic] : []);
  },
};

/** /skip: gives up the open practice question. */
export const skip: SlashCommand = {
  definition: localized(new SlashCommandBuilder(), "skip", "跳过", "cmd.skip").toJSON(),
  run(_interaction, ctx) {
    return skipCommand.run(ctx, []);
  },
};
