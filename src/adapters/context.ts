import type { Command, CommandContext } from "../commands/command.js";
import type { Engine } from "../engine/engine.js";
import type { ChatRef, MemberRef } from "../engine/types.js";
import { languageFor } from "../i18n/index.js";

/**
 * The context a command or button press runs in, the same for every adapter: the member is
 * answered in their platform locale when we speak it, else in the chat's language.
 */
export async function commandContext(engine: Engine, chat: ChatRef, member: MemberRef, commands: readonly Command[]): Promise<CommandContext> {
  const record = await engine.chat(chat);
  return { engine, chat, member, lang: languageFor(record.language, member.locale), commands };
}
