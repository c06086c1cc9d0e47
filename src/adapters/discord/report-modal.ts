import { LabelBuilder, ModalBuilder, StringSelectMenuBuilder, TextInputBuilder, TextInputStyle, type ModalSubmitInteraction } from "discord.js";
import { INPUT_LIMITS } from "../../commands/limits.js";
import { REPORT_REASONS, type ReportReason } from "../../engine/reports/ports.js";
import type { Engine } from "../../engine/engine.js";
import type { Language, MemberRef, OutgoingMessage } from "../../engine/types.js";
import { t } from "../../i18n/index.js";
import { encodeAction } from "../../presenter/action-codec.js";
import { renderError } from "../../presenter/errors.js";
import { reasonLabel, renderReportFiled } from "../../presenter/reports.js";
import { DISCORD_LIMITS } from "../../platform-limits.js";
import { truncate } from "./render.js";

/** The modal's fields. */
export const REPORT_REASON_FIELD = "reason";
export const REPORT_TEXT_FIELD = "text";

/**
 * Discord's report form: a select of the reasons and an optional text, in one modal whose custom_id is the
 * report action of the question (the shared button code, so a submitted modal decodes like a button).
 */
export function reportModal(questionId: string, lang: Language, reason?: ReportReason): ModalBuilder {
  const select = new StringSelectMenuBuilder()
    .setCustomId(REPORT_REASON_FIELD)
    .setMinValues(1)
    .setMaxValues(1)
    .addOptions(REPORT_REASONS.map((value) => ({ label: reasonLabel(value, lang), value, ...(value === reason ? { default: true } : {}) })));
  const text = new TextInputBuilder()
    .setCustomId(REPORT_TEXT_FIELD)
    .setStyle(TextInputStyle.Paragraph)
    .setRequired(false)
    .setMaxLength(INPUT_LIMITS.reportText)
    .setPlaceholder(t(lang, "report.modalTextPlaceholder"));
  return new ModalBuilder()
    .setCustomId(encodeAction({ kind: "report", questionId }))
    .setTitle(truncate(t(lang, "report.modalTitle", { id: questionId }), DISCORD_LIMITS.modalTitle))
    .addLabelComponents(
      new LabelBuilder().setLabel(t(lang, "report.modalReason")).setStringSelectMenuComponent(select),
      new LabelBuilder().setLabel(t(lang, "report.modalText")).setTextInputComponent(text),
    );
}

/** A submitted report modal: the reason picked and the text typed, filed; the reply thanks the member. */
export async function submitReport(interaction: ModalSubmitInteraction, engine: Engine, member: MemberRef, questionId: string, lang: Language): Promise<OutgoingMessage[]> {
  const picked = interaction.fields.getStringSelectValues(REPORT_REASON_FIELD)[0];
  const reason = REPORT_REASONS.find((value) => value === picked) ?? "other";
  const text = interaction.fields.getTextInputValue(REPORT_TEXT_FIELD).trim();
  const filed = await engine.reports.report(member, questionId, reason, text || undefined, lang);
  if (!filed.ok) return [renderError(filed, lang)];
  return renderReportFiled(filed.value, lang, "none");
}
