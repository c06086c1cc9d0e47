import type { Logger } from "pino";
import type { OutgoingMessage } from "../engine/types.js";
import { t } from "../i18n/index.js";
import { echo } from "../presenter/echo.js";
import type { Command, CommandContext } from "./command.js";

export interface ParsedCommand {
  name: string;
  args: string[];
}

/** "/quiz rag 5" → { name: "quiz", args: ["rag", "5"] }; undefined when the text is not a command. */
export function parseCommandLine(text: string): ParsedCommand | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith("/")) return undefined;
  const [head = "", ...args] = trimmed.slice(1).split(/\s+/);
  return { name: head.toLowerCase(), args };
}

export function findCommand<C extends CommandContext>(commands: readonly Command<C>[], name: string): Command<C> | undefined {
  return commands.find((command) => command.name === name || command.aliases?.includes(name));
}

/**
 * Runs one command line. Whatever happens, the member gets a short reply and the caller keeps
 * going: an unexpected error is logged and answered with a generic line, never a stack trace.
 */
export async function dispatch<C extends CommandContext>(ctx: C, commands: readonly Command<C>[], text: string, log: Logger): Promise<OutgoingMessage[]> {
  const parsed = parseCommandLine(text);
  if (!parsed) return [{ text: t(ctx.lang, "notACommand"), private: true }];
  const command = findCommand(commands, parsed.name);
  if (!command) return [{ text: t(ctx.lang, "unknownCommand", { command: echo(`/${parsed.name}`) }), private: true }];
  try {
    return await command.run(ctx, parsed.args);
  } catch (error) {
    log.error({ err: error, command: command.name }, "command failed");
    return [{ text: t(ctx.lang, "error.internal"), private: true }];
  }
}
