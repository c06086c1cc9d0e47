import { renderOpenReports, renderReportClosed } from "../presenter/reports.js";
import type { Command } from "./command.js";
import { INPUT_LIMITS, inputTooLong } from "./limits.js";
import { replyWith, usageReply } from "./reply.js";

/** The owners' view of reports: `/reports` lists the open ones, `/reports resolve|dismiss <id> [note]` closes one. */
export const reportsCommand: Command = {
  name: "reports",
  usage: "/reports [resolve <编号> [说明] | dismiss <编号>]",
  description: "cmd.reports",
  async run(ctx, args) {
    const [action, idText, ...words] = args;
    if (action === undefined) return replyWith(await ctx.engine.reports.open(ctx.member), ctx.lang, (open) => renderOpenReports(open, ctx.lang));
    const decision = action.toLowerCase();
    if ((decision !== "resolve" && decision !== "dismiss") || !idText || !/^#?\d{1,9}$/.test(idText)) return usageReply(ctx, this);
    const note = words.join(" ");
    const tooLong = inputTooLong(ctx.lang, [note, INPUT_LIMITS.reportText]);
    if (tooLong) return tooLong;
    const id = Number(idText.replace("#", ""));
    const closed = decision === "resolve" ? await ctx.engine.reports.resolve(ctx.member, id, note || undefined) : await ctx.engine.reports.dismiss(ctx.member, id, note || undefined);
    return replyWith(closed, ctx.lang, (report) => renderReportClosed(report, ctx.lang));
  },
};
