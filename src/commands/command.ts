import type { Engine } from "../engine/engine.js";
import type { ChatRef, Language, MemberRef, OutgoingMessage } from "../engine/types.js";
import type { MessageKey } from "../i18n/index.js";
import type { AnswerSurface } from "../presenter/question.js";

export interface CommandContext {
  engine: Engine;
  chat: ChatRef;
  member: MemberRef;
  lang: Language;
  /** The commands this adapter offers, for /help. */
  commands: readonly Command[];
  /** How members answer here; "typed" where there are no buttons (the console). Default "buttons". */
  surface?: AnswerSurface;
  /**
   * How a free-text answer (a practice question) arrives here: the next typed line (console, the default),
   * a message (a Telegram private chat), a reply to the question (a Telegram group), a modal (Discord).
   */
  freeText?: FreeTextSurface;
  /**
   * How a member adds an explanation to a report here: by replying to the bot's prompt (a Telegram private chat),
   * or with /report <id> <reason> <text> (default). Discord asks in its modal and needs neither.
   */
  reportText?: "reply" | "command" | "none";
}

export type FreeTextSurface = "typed" | "message" | "reply" | "modal";

/** One chat command: the same definition serves every adapter. */
export interface Command<C extends CommandContext = CommandContext> {
  name: string;
  aliases?: readonly string[];
  /** The argument form, shown in /help and in usage errors, e.g. "/quiz [topic] [n]". */
  usage: string;
  description: MessageKey;
  run(ctx: C, args: string[]): Promise<OutgoingMessage[]>;
}
