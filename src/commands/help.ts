import { t } from "../i18n/index.js";
import type { Command } from "./command.js";

export const helpCommand: Command = {
  name: "help",
  aliases: ["start"],
  usage: "/help",
  description: "cmd.help",
  async run(ctx) {
    const lines = [t(ctx.lang, "help.title"), ...ctx.commands.map((command) => `${command.usage} — ${t(ctx.lang, command.description)}`), "", t(ctx.lang, "help.scoring")];
    return [{ text: lines.join("\n") }];
  },
};
