import { t } from "../i18n/index.js";
import { echo } from "../presenter/echo.js";
import { INPUT_LIMITS, inputTooLong } from "./limits.js";
import type { Command } from "./command.js";
import { usageReply } from "./reply.js";

export const SEARCH_RESULTS_SHOWN = 10;

export const searchCommand: Command = {
  name: "search",
  usage: "/search <words>",
  description: "cmd.search",
  async run(ctx, args) {
    const query = args.join(" ").trim();
    if (!query) return usageReply(ctx, this);
    const tooLong = inputTooLong(ctx.lang, [query, INPUT_LIMITS.query]);
    if (tooLong) return tooLong;
    const found = ctx.engine.bank.search(query, SEARCH_RESULTS_SHOWN + 1);
    if (found.length === 0) return [{ text: t(ctx.lang, "search.none", { query: echo(query) }), private: true }];
    const shown = found.slice(0, SEARCH_RESULTS_SHOWN);
    const lines = [t(ctx.lang, "search.title", { query: echo(query), count: shown.length }), ...shown.map((q) => `\`${q.id}\` ${q.prompt}`)];
    if (found.length > shown.length) lines.push(t(ctx.lang, "search.more", { shown: shown.length }));
    lines.push(t(ctx.lang, "search.hint"));
    return [{ text: lines.join("\n"), private: true }];
  },
};
