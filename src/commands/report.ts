import { parseReason } from "../engine/reports/reports.js";
import { renderReasonPicker, renderReportFiled } from "../presenter/reports.js";
import type { Command } from "./command.js";
import { INPUT_LIMITS, inputTooLong } from "./limits.js";
import { replyWith, usageReply } from "./reply.js";

/** Reports a question as wrong: `/report <id>` offers the reasons, `/report <id> <reason> [text]` files it. */
export const reportCommand: Command = {
  name: "report",
  usage: "/report <id> [答案错误|有歧义|已过时|错别字|其他] [说明]",
  description: "cmd.report",
  async run(ctx, args) {
    const [id, reasonText, ...words] = args;
    if (!id) return usageReply(ctx, this);
    const text = words.join(" ");
    const tooLong = inputTooLong(ctx.lang, [id, INPUT_LIMITS.questionId], [reasonText, INPUT_LIMITS.word], [text, INPUT_LIMITS.reportText]);
    if (tooLong) return tooLong;
    if (reasonText === undefined) {
      const question = ctx.engine.question(id);
      return replyWith(question, ctx.lang, (found) => renderReasonPicker(found.id, ctx.lang, ctx.surface === "typed"));
    }
    const reason = parseReason(reasonText);
    if (!reason) return usageReply(ctx, this);
    const filed = await ctx.engine.reports.report(ctx.member, id, reason, text || undefined, ctx.lang);
    return replyWith(filed, ctx.lang, (value) => renderReportFiled(value, ctx.lang, ctx.reportText ?? "command"));
  },
};
