import { literal } from "./markup.js";

/** How much of a member's input a reply repeats back ("no results for …"). */
export const ECHO_CHARS = 40;

/** A member's input as a reply repeats it: on one line, cut to ECHO_CHARS, and literal (its Markdown never renders). */
export function echo(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  const chars = [...line];
  return literal(chars.length <= ECHO_CHARS ? line : `${chars.slice(0, ECHO_CHARS - 1).join("")}…`);
}
