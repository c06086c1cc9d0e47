import { SlashCommandBuilder } from "discord.js";
import { TOPICS } from "../../../bank/schema.js";
import { mockCommand } from "../../../commands/mock.js";
import { MOCK_MAX_COUNT, MOCK_MAX_MINUTES } from "../../../engine/mock/mock.js";
import { choiceOf, localized, localizedChoice } from "../localize.js";
import type { SlashCommand } from "./slash-command.js";

const ACTIONS = [
  ["stop", "discord.choice.mockStop"],
  ["review", "discord.choice.mockReview"],
] as const;

/**
 * /mock [topic] [count] [minutes] | /mock action:stop | /mock action:review: a private mock interview whose
 * questions are answered through the 作答 button's modal, like /practice; every reply is ephemeral.
 */
export const mock: SlashCommand = {
  definition: localized(new SlashCommandBuilder(), "mock", "面试", "cmd.mock")
    .addStringOption((option) => localized(option, "topic", "主题", "discord.opt.topic").addChoices(...TOPICS.map((topic) => localizedChoice(topic, topic.slug))))
    .addIntegerOption((option) => localized(option, "count", "题数", "discord.opt.mockCount").setMinValue(1).setMaxValue(MOCK_MAX_COUNT))
    .addIntegerOption((option) => localized(option, "minutes", "分钟", "discord.opt.minutes").setMinValue(1).setMaxValue(MOCK_MAX_MINUTES))
    .addStringOption((option) => localized(option, "action", "操作", "discord.opt.mockAction").addChoices(...ACTIONS.map(([action, key]) => choiceOf(key, action))))
    .toJSON(),
  run(interaction, ctx) {
    const action = interaction.options.getString("action");
    if (action) return mockCommand.run(ctx, [action]);
    const topic = interaction.options.getString("topic");
    const count = interaction.options.getInteger("count");
    const minutes = interaction.options.getInteger("minutes");
    const args = [...(topic ? [topic] : []), ...(count !== null ? [String(count)] : []), ...(minutes !== null ? ["--minutes", String(minutes)] : [])];
    return mockCommand.run(ctx, args);
  },
};
