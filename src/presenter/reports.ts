import type { Question } from "../bank/schema.js";
import type { FiledReport, OpenReport } from "../engine/reports/reports.js";
import { REPORT_REASONS, type ReportReason, type ReportRecord } from "../engine/reports/ports.js";
import type { Choice, Language, OutgoingMessage } from "../engine/types.js";
import { t } from "../i18n/index.js";
import { encodeAction } from "./action-codec.js";
import { literal } from "./markup.js";

export function reasonLabel(reason: ReportReason, lang: Language): string {
  return t(lang, `report.reason.${reason}`);
}

/** The 🚩 报错 button under every revealed answer. */
export function reportChoice(question: Pick<Question, "id">, lang: Language): Choice {
  return { action: encodeAction({ kind: "report", questionId: question.id }), label: t(lang, "button.report") };
}

/** The reasons to pick from, one button each (Telegram's reason keyboard; the console lists them). */
export function renderReasonPicker(questionId: string, lang: Language, typed = false): OutgoingMessage {
  const choices = REPORT_REASONS.map((reason) => ({ action: encodeAction({ kind: "report", questionId, reason }), label: reasonLabel(reason, lang) }));
  const lines = [t(lang, "report.pickReason", { id: questionId }), REPORT_REASONS.map((reason, i) => `${i + 1}. ${reasonLabel(reason, lang)}`).join("  ")];
  // Where there are no buttons, the member types the reason (its number or its name).
  if (typed) lines.push(t(lang, "report.typeReason", { id: questionId }));
  const text = lines.join("\n");
  return { text, choices, private: true, secret: true };
}

/** The thank-you for a filed report; `askText` adds how to add an explanation. */
export function renderReportFiled(filed: FiledReport, lang: Language, askText: "reply" | "command" | "none" = "none"): OutgoingMessage[] {
  const { report, question, created } = filed;
  const reason = reasonLabel(report.reason, lang);
  const thanks: OutgoingMessage = { text: t(lang, created ? "report.thanks" : "report.updated", { id: question.id, reason }), private: true };
  if (report.text !== null || askText === "none") return [thanks];
  if (askText === "command") return [{ ...thanks, text: `${thanks.text}\n${t(lang, "report.textHint", { id: question.id, reason })}` }];
  return [thanks, { text: t(lang, "report.askText", { id: question.id }), private: true, expectsReply: true }];
}

/**
 * The question id of the bot's "reply with details" prompt (report.askText, which starts with ✍️ and names the
 * question), read back from the plain text of the message a member replied to; undefined for any other message.
 */
export function askedTextQuestionId(promptText: string | undefined): string | undefined {
  return promptText?.startsWith("✍️") ? /\b(q[0-9a-z]{5})\b/.exec(promptText)?.[1] : undefined;
}

/** The open reports for an owner, newest first, each with its question, reasons and buttons to resolve or dismiss it. */
export function renderOpenReports(reports: readonly OpenReport[], lang: Language): OutgoingMessage {
  if (reports.length === 0) return { text: t(lang, "reports.none"), private: true };
  const lines = [t(lang, "reports.title", { count: reports.length })];
  const choices: Choice[] = [];
  for (const { report, question, reporters } of reports) {
    const prompt = question ? `${report.questionId} ${clip(question.prompt, 40)}` : report.questionId;
    lines.push(
      "",
      t(lang, "reports.row", { id: report.id, question: literal(prompt), reason: reasonLabel(report.reason, lang), name: literal(report.reporter.displayName), date: report.createdAt.toISOString().slice(0, 10), reporters }),
    );
    if (report.text) lines.push(t(lang, "reports.text", { text: literal(clip(report.text, 200)) }));
    choices.push(
      { action: encodeAction({ kind: "owner", reportId: report.id, decision: "resolve" }), label: t(lang, "button.resolve", { id: report.id }) },
      { action: encodeAction({ kind: "owner", reportId: report.id, decision: "dismiss" }), label: t(lang, "button.dismiss", { id: report.id }) },
    );
  }
  lines.push("", t(lang, "reports.hint"));
  // Two buttons a report; a message carries at most 24 of them (Discord's 25 and an even split).
  return { text: lines.join("\n"), choices: choices.slice(0, 24), private: true };
}

/** What the owner sees after closing a report. */
export function renderReportClosed(report: ReportRecord, lang: Language): OutgoingMessage {
  return { text: t(lang, report.status === "resolved" ? "reports.resolved" : "reports.dismissed", { id: report.id, question: report.questionId }), private: true };
}

/** The reporter's private note once their report is resolved. */
export function renderReportNote(report: ReportRecord, lang: Language): OutgoingMessage {
  const lines = [t(lang, "reports.note", { id: report.questionId, reason: reasonLabel(report.reason, lang) })];
  if (report.note) lines.push(t(lang, "reports.noteText", { note: literal(report.note) }));
  return { text: lines.join("\n"), private: true };
}

function clip(text: string, limit: number): string {
  const chars = [...text.replace(/\s+/g, " ")];
  return chars.length <= limit ? chars.join("") : `${chars.slice(0, limit - 1).join("")}…`;
}
