import { t } from "../i18n/index.js";
import type { Command } from "./command.js";
import { usageReply } from "./reply.js";

export const EXPORT_FILE_NAME = "studybot-data.json";

/** /mydata: everything stored about the member's learner, as a JSON file sent to them alone. */
export const mydataCommand: Command = {
  name: "mydata",
  usage: "/mydata",
  description: "cmd.mydata",
  async run(ctx) {
    if (!ctx.engine.identity.enabled) return usageReply(ctx, this);
    const data = await ctx.engine.identity.export(ctx.member);
    const bytes = new TextEncoder().encode(`${JSON.stringify(data, null, 2)}\n`);
    return [{ text: t(ctx.lang, "mydata.caption"), file: { kind: "document", bytes, name: EXPORT_FILE_NAME }, private: true, secret: true }];
  },
};
