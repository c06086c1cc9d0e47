import type { Result } from "../engine/errors.js";
import type { Language, OutgoingMessage } from "../engine/types.js";
import { t } from "../i18n/index.js";
import { renderError } from "../presenter/errors.js";
import type { Command, CommandContext } from "./command.js";

/** A one-line usage hint naming the expected form. */
export function usageReply(ctx: CommandContext, command: Command): OutgoingMessage[] {
  return [{ text: t(ctx.lang, "usage", { usage: command.usage }), private: true }];
}

/** Renders a result: its value through `render`, an engine error through the shared error text. */
export function replyWith<T>(result: Result<T>, lang: Language, render: (value: T) => OutgoingMessage | OutgoingMessage[]): OutgoingMessage[] {
  if (!result.ok) return [renderError(result, lang)];
  const rendered = render(result.value);
  return Array.isArray(rendered) ? rendered : [rendered];
}
