import { SlashCommandBuilder } from "discord.js";
import { INPUT_LIMITS } from "../../../commands/limits.js";
import { reportCommand } from "../../../commands/report.js";
import { reportsCommand } from "../../../commands/reports.js";
import { REPORT_REASONS } from "../../../engine/reports/ports.js";
import { t } from "../../../i18n/index.js";
import { choiceOf, localized, localizedChoice } from "../localize.js";
import { reportModal } from "../report-modal.js";
import type { SlashCommand } from "./slash-command.js";
import { questionSuggestions } from "./suggest.js";

/** /report id [reason] [text]: without a reason it opens the report modal (a select and a text). */
export const report: SlashCommand = {
  definition: localized(new SlashCommandBuilder(), "report", "报错", "cmd.report")
    .addStringOption((option) => localized(option, "id", "题号", "discord.opt.id").setRequired(true).setAutocomplete(true).setMaxLength(INPUT_LIMITS.questionId))
    .addStringOption((option) =>
      localized(option, "reason", "原因", "discord.opt.reason").addChoices(...REPORT_REASONS.map((reason) => localizedChoice({ zh: t("zh", `report.reason.${reason}`), en: t("en", `report.reason.${reason}`) }, reason))),
    )
    .addStringOption((option) => localized(option, "text", "说明", "discord.opt.text").setMaxLength(INPUT_LIMITS.reportText))
    .toJSON(),
  modal(interaction, ctx) {
    if (interaction.options.getString("reason") !== null) return undefined;
    const question = ctx.engine.question(interaction.options.getString("id", true));
    return question.ok ? reportModal(question.value.id, ctx.lang) : undefined;
  },
  run(interaction, ctx) {
    const text = interaction.options.getString("text");
    return reportCommand.run(ctx, [interaction.options.getString("id", true), interaction.options.getString("reason", true), ...(text ? text.split(/\s+/) : [])]);
  },
  autocomplete: (interaction, engine) => questionSuggestions(engine, interaction.options.getFocused()),
};

/** /reports [action id note]: the owners' list of open reports, and closing one. */
export const reports: SlashCommand = {
  definition: localized(new SlashCommandBuilder(), "reports", "报错列表", "cmd.reports")
    .addStringOption((option) => localized(option, "action", "处理", "discord.opt.reportsAction").addChoices(choiceOf("discord.choice.resolve", "resolve"), choiceOf("discord.choice.dismiss", "dismiss")))
    .addIntegerOption((option) => localized(option, "report", "编号", "discord.opt.reportId").setMinValue(1))
    .addStringOption((option) => localized(option, "note", "说明", "discord.opt.note").setMaxLength(INPUT_LIMITS.reportText))
    .toJSON(),
  run(interaction, ctx) {
    const action = interaction.options.getString("action");
    const id = interaction.options.getInteger("report");
    const note = interaction.options.getString("note");
    if (!action) return reportsCommand.run(ctx, []);
    return reportsCommand.run(ctx, [action, id === null ? "" : String(id), ...(note ? note.split(/\s+/) : [])]);
  },
};
