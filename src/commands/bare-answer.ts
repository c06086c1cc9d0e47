import { CHOICE_LETTERS } from "../engine/responses.js";
import { parseAnswer } from "./args.js";

/**
 * Where a member may answer without a command: the console and a private chat, never a group (the bot
 * does not read ordinary group messages, and a lone "B" there is somebody else's conversation).
 */
export type BareAnswerPlace = "console" | "private" | "group";

/** Grade words a member may type alone; digits stay a command's business (a lone "2" is too easily chat). */
const BARE_WORDS = new Set(["会", "模糊", "不会", "know", "fuzzy", "forgot"]);

/**
 * Decides whether text typed alone is an answer to the question waiting for the member: an option
 * letter (`D`, `b`) or a self-grade (`会`, `fuzzy`), in the console or a private chat. Returns the
 * command line it stands for (`/answer D`), which answers the running quiz, else the chat's daily
 * question, exactly as the typed command would (and explains when nothing is waiting); undefined when
 * the text is anything else, which then still needs a command.
 */
export function bareAnswerLine(text: string, place: BareAnswerPlace): string | undefined {
  if (place === "group") return undefined;
  const word = text.trim();
  const isLetter = word.length === 1 && (CHOICE_LETTERS as readonly string[]).includes(word.toUpperCase());
  if (!isLetter && !BARE_WORDS.has(word.toLowerCase())) return undefined;
  return parseAnswer(word) ? `/answer ${isLetter ? word.toUpperCase() : word}` : undefined;
}
