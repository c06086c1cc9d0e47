import { SlashCommandBuilder } from "discord.js";
import { answerCommand } from "../../../commands/answer.js";
import { CHOICE_LETTERS, RECALL_GRADES } from "../../../engine/responses.js";
import { choiceOf, localized, localizedChoice } from "../localize.js";
import type { SlashCommand } from "./slash-command.js";

export const answer: SlashCommand = {
  definition: localized(new SlashCommandBuilder(), "answer", "作答", "cmd.answer")
    .addStringOption((option) =>
      localized(option, "answer", "答案", "discord.opt.answer")
        .setRequired(true)
        .addChoices(...CHOICE_LETTERS.map((letter) => localizedChoice({ zh: letter, en: letter }, letter)), ...RECALL_GRADES.map((grade) => choiceOf(`grade.${grade}`, grade))),
    )
    .toJSON(),
  run: (interaction, ctx) => answerCommand.run(ctx, [interaction.options.getString("answer", true)]),
};
