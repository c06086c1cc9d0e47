import { INPUT_LIMITS } from "../../../commands/limits.js";
import { SlashCommandBuilder } from "discord.js";
import { reviewCommand } from "../../../commands/review.js";
import { choiceOf, localized } from "../localize.js";
import type { SlashCommand } from "./slash-command.js";
import { topicSuggestions } from "./topic-suggest.js";

const ACTIONS = ["start", "choice", "undo", "stop"] as const;

/** /review: the member's due cards, in ephemeral replies only they see (every reply of a review is private). */
export const review: SlashCommand = {
  definition: localized(new SlashCommandBuilder(), "review", "复习", "cmd.review")
    .addStringOption((option) => localized(option, "action", "操作", "discord.opt.reviewAction").addChoices(...ACTIONS.map((action) => choiceOf(`discord.choice.${action}`, action))))
    .addStringOption((option) => localized(option, "topic", "主题", "discord.opt.reviewTopic").setAutocomplete(true).setMaxLength(INPUT_LIMITS.word))
    .addStringOption((option) => localized(option, "remind", "提醒", "discord.opt.remind").setMaxLength(INPUT_LIMITS.dailyTime))
    .addStringOption((option) => localized(option, "timezone", "时区", "discord.opt.remindZone").setMaxLength(INPUT_LIMITS.timeZone))
    .toJSON(),
  run(interaction, ctx) {
    const remind = interaction.options.getString("remind");
    if (remind) return reviewCommand.run(ctx, ["remind", remind, ...[interaction.options.getString("timezone")].filter((z): z is string => Boolean(z))]);
    const topic = interaction.options.getString("topic");
    if (topic) return reviewCommand.run(ctx, ["topic", topic]);
    const action = interaction.options.getString("action");
    return reviewCommand.run(ctx, action && action !== "start" ? [action] : []);
  },
  autocomplete: (interaction) => topicSuggestions(interaction.options.getFocused()),
};
