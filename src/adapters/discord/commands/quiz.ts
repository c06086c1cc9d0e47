import { SlashCommandBuilder } from "discord.js";
import { TOPICS } from "../../../bank/schema.js";
import { quizCommand } from "../../../commands/quiz.js";
import { ANSWER_MODES } from "../../../engine/types.js";
import { QUIZ_MAX_COUNT } from "../../../engine/quiz.js";
import { choiceOf, localized, localizedChoice } from "../localize.js";
import type { SlashCommand } from "./slash-command.js";

export const modeChoices = ANSWER_MODES.map((mode) => choiceOf(`mode.${mode}`, mode));

export const quiz: SlashCommand = {
  definition: localized(new SlashCommandBuilder(), "quiz", "测验", "cmd.quiz")
    .addStringOption((option) => localized(option, "topic", "主题", "discord.opt.topic").addChoices(...TOPICS.map((topic) => localizedChoice(topic, topic.slug))))
    .addIntegerOption((option) => localized(option, "count", "题数", "discord.opt.count").setMinValue(1).setMaxValue(QUIZ_MAX_COUNT))
    .addStringOption((option) => localized(option, "mode", "方式", "discord.opt.mode").addChoices(...modeChoices))
    .addBooleanOption((option) => localized(option, "stop", "结束", "discord.opt.stop"))
    .toJSON(),
  run(interaction, ctx) {
    if (interaction.options.getBoolean("stop")) return quizCommand.run(ctx, ["stop"]);
    const args = [interaction.options.getString("topic"), interaction.options.getInteger("count")?.toString(), interaction.options.getString("mode")];
    return quizCommand.run(
      ctx,
      args.filter((arg): arg is string => typeof arg === "string"),
    );
  },
};
