import { TOPICS } from "../bank/schema.js";
import { t } from "../i18n/index.js";
import { topicTitle } from "../presenter/question.js";
import type { Command } from "./command.js";

export const topicsCommand: Command = {
  name: "topics",
  usage: "/topics",
  description: "cmd.topics",
  async run(ctx) {
    const sizes = ctx.engine.topicSizes();
    const lines = [t(ctx.lang, "topics.title", { total: ctx.engine.bank.questions.length })];
    for (const topic of TOPICS) lines.push(t(ctx.lang, "topics.row", { slug: topic.slug, title: topicTitle(topic.slug, ctx.lang), count: sizes.get(topic.slug) ?? 0 }));
    lines.push(t(ctx.lang, "topics.hint"));
    return [{ text: lines.join("\n") }];
  },
};
