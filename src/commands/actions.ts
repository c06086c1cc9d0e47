import { decodeAction } from "../presenter/action-codec.js";
import type { OutgoingMessage } from "../engine/types.js";
import { t } from "../i18n/index.js";
import { renderError } from "../presenter/errors.js";
import { withoutLiteralMarkers } from "../presenter/markup.js";
import { dailyNotice, quizNotice, renderAlreadyAnswered, renderDailyOutcome, renderQuizOutcome } from "../presenter/outcomes.js";
import { renderDaily, renderQuestionDetail } from "../presenter/question.js";
import type { CommandContext } from "./command.js";
import type { AlreadyAnswered } from "../engine/daily.js";
import { encodeResponse } from "../engine/responses.js";
import { renderReviewOutcome, reviewNotice } from "../presenter/review.js";
import { practiceNotice, renderOwnAnswer, renderPracticeConfirmation } from "../presenter/practice.js";
import { renderForgetDone, renderLinked } from "../presenter/identity.js";
import { renderOpenReports, renderReasonPicker, renderReportClosed, renderReportFiled } from "../presenter/reports.js";

/**
 * What a button press produces. `notice` is one short line (it fits a Telegram toast); `detail` is its
 * fuller private form, for platforms with ephemeral replies or in a private chat; `shown` is what the
 * member asked to see (a reference answer: secret for a daily question); `messages` follow (the next
 * quiz question); `refresh` replaces the message the button was on (the daily with its new answer count).
 */
export interface ActionReply {
  notice: string;
  detail?: OutgoingMessage;
  shown?: OutgoingMessage;
  messages: OutgoingMessage[];
  refresh?: OutgoingMessage;
}

const noticeOnly = (notice: string): ActionReply => ({ notice, messages: [] });

/** Runs a button press: decodes it, calls the engine, renders the outcome. Stale or forged data changes nothing. */
export async function handleAction(ctx: CommandContext, data: string): Promise<ActionReply> {
  const reply = await runAction(ctx, data);
  // A notice is shown as plain text (a toast): no literal markers.
  return { ...reply, notice: withoutLiteralMarkers(reply.notice) };
}

async function runAction(ctx: CommandContext, data: string): Promise<ActionReply> {
  const action = decodeAction(data);
  if (!action) return noticeOnly(t(ctx.lang, "error.STALE"));
  const { engine, chat, member, lang } = ctx;

  if (action.kind === "detail") {
    const question = engine.question(action.questionId);
    return question.ok ? { notice: t(lang, "action.detailBelow"), shown: renderQuestionDetail(question.value, lang), messages: [] } : noticeOnly(renderError(question, lang).text);
  }

  if (action.kind === "practice") {
    // The answer form opens on platforms with forms (a Discord modal); elsewhere the prompt says how to answer.
    return noticeOnly(t(lang, "practice.hintReply"));
  }

  if (action.kind === "mockAnswer") {
    // As for practice: the form opens where there are forms (a Discord modal); elsewhere the question says how to answer.
    return noticeOnly(t(lang, "mock.hintPrivate"));
  }

  if (action.kind === "mockReview") {
    const added = engine.mock ? await engine.mock.reviewMissed(member) : undefined;
    if (!added?.ok) return noticeOnly(added ? renderError(added, lang).text : t(lang, "error.STALE"));
    const text = t(lang, "mock.reviewed", { count: added.value.added.length });
    return { notice: text, detail: { text, private: true }, messages: [] };
  }

  if (action.kind === "practiceGrade") {
    if (!engine.practice) return noticeOnly(t(lang, "error.STALE"));
    const confirmed = await engine.practice.confirm(chat, member, action.grade, action.attemptId);
    if (!confirmed.ok) return noticeOnly(renderError(confirmed, lang).text);
    return { notice: practiceNotice(confirmed.value, lang), detail: renderPracticeConfirmation(confirmed.value, lang), messages: [] };
  }

  if (action.kind === "link") {
    if (!action.confirm) {
      const cancelled = await engine.identity.cancel(member, action.codeId);
      if (!cancelled.ok) return noticeOnly(renderError(cancelled, lang).text);
      return { notice: t(lang, "link.cancelled"), messages: [], refresh: { text: t(lang, "link.cancelled") } };
    }
    const linked = await engine.identity.confirm(member, action.codeId);
    if (!linked.ok) return noticeOnly(renderError(linked, lang).text);
    const detail = renderLinked(linked.value, lang);
    return { notice: t(lang, "link.linked"), detail, messages: [], refresh: { text: detail.text } };
  }

  if (action.kind === "forget") {
    if (!action.confirm) return { notice: t(lang, "forget.cancelled"), messages: [], refresh: { text: t(lang, "forget.cancelled") } };
    const forgotten = await engine.identity.forget(member, action.stamp);
    if (!forgotten.ok) return noticeOnly(renderError(forgotten, lang).text);
    const done = renderForgetDone(forgotten.value, lang);
    return { notice: done.text, messages: [], refresh: { text: done.text } };
  }

  if (action.kind === "report") {
    // No reason yet: the reasons to pick from, for the member alone.
    if (!action.reason) {
      const question = engine.question(action.questionId);
      if (!question.ok) return noticeOnly(renderError(question, lang).text);
      return { notice: t(lang, "report.pickReason", { id: question.value.id }), shown: renderReasonPicker(question.value.id, lang), messages: [] };
    }
    const filed = await engine.reports.report(member, action.questionId, action.reason, undefined, lang);
    if (!filed.ok) return noticeOnly(renderError(filed, lang).text);
    const [thanks, ...rest] = renderReportFiled(filed.value, lang, ctx.reportText ?? "command");
    return { notice: t(lang, filed.value.created ? "report.thanks" : "report.updated", { id: filed.value.question.id, reason: t(lang, `report.reason.${filed.value.report.reason}`) }), ...(thanks ? { detail: thanks } : {}), messages: rest };
  }

  if (action.kind === "owner") {
    const closed = action.decision === "resolve" ? await engine.reports.resolve(member, action.reportId) : await engine.reports.dismiss(member, action.reportId);
    if (!closed.ok) return noticeOnly(renderError(closed, lang).text);
    const done = renderReportClosed(closed.value, lang);
    const open = await engine.reports.open(member);
    return { notice: done.text, detail: done, messages: [], ...(open.ok ? { refresh: renderOpenReports(open.value, lang) } : {}) };
  }

  if (action.kind === "review") {
    const at = { sessionId: action.sessionId, graded: action.graded };
    if ("show" in action.step) {
      const question = await engine.review.reveal(chat, member, at);
      if (!question.ok) return noticeOnly(renderError(question, lang).text);
      return { notice: t(lang, "action.detailBelow"), shown: await withOwnAnswer(ctx, renderQuestionDetail(question.value, lang), question.value.id), messages: [] };
    }
    const graded = await engine.review.answer(chat, member, action.step.answer, at);
    if (!graded.ok) return noticeOnly(renderError(graded, lang).text);
    const [detail, ...messages] = renderReviewOutcome(graded.value, lang);
    return { notice: reviewNotice(graded.value, lang), ...(detail ? { detail } : {}), messages };
  }

  if ("show" in action.step) {
    const of = action.kind === "daily" ? { dailyId: action.dailyId } : { quiz: { sessionId: action.sessionId, position: action.position } };
    const question = await engine.reveal(chat, member, of);
    if (!question.ok) return noticeOnly(renderError(question, lang).text);
    // A daily question's answer stays hidden from the chat until the reveal; a quiz is the member's own.
    const shown = { ...renderQuestionDetail(question.value, lang), secret: action.kind === "daily" };
    return { notice: t(lang, "action.detailBelow"), shown, messages: [] };
  }

  const input = action.step.answer;
  const response = encodeResponse(input);
  if (action.kind === "daily") {
    const result = await engine.answerDaily(chat, member, input, action.dailyId);
    if (!result.ok) {
      if (result.code === "ALREADY_ANSWERED" && result.details) return noticeOnly(renderAlreadyAnswered(result.details as AlreadyAnswered, lang).text);
      return noticeOnly(renderError(result, lang).text);
    }
    const outcome = result.value;
    // The daily message belongs to the whole chat: it is re-rendered in the chat's language.
    const chatLanguage = (await engine.chat(chat)).language;
    return {
      notice: dailyNotice(outcome, response, lang),
      detail: renderDailyOutcome(outcome, response, lang),
      messages: [],
      refresh: renderDaily({ daily: outcome.daily, question: outcome.question, answerCount: outcome.answerCount }, chatLanguage),
    };
  }

  const result = await engine.answerQuiz(chat, member, input, { sessionId: action.sessionId, position: action.position });
  if (!result.ok) return noticeOnly(renderError(result, lang).text);
  const [detail, ...messages] = renderQuizOutcome(result.value, response, lang);
  return { notice: quizNotice(result.value, response, lang), ...(detail ? { detail } : {}), messages };
}

/** A reference answer in a review, with the member's own last practice answer to the question under it, if any. */
export async function withOwnAnswer(ctx: CommandContext, message: OutgoingMessage, questionId: string): Promise<OutgoingMessage> {
  const last = await ctx.engine.practice?.lastAnswer(ctx.member, questionId);
  return last ? { ...message, text: `${message.text}\n\n${renderOwnAnswer(last, ctx.lang)}` } : message;
}
