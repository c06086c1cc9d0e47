import type { APIApplicationCommandOptionChoice } from "discord.js";
import { INPUT_LIMITS } from "../../../commands/limits.js";
import type { Engine } from "../../../engine/engine.js";
import { DISCORD_LIMITS } from "../../../platform-limits.js";
import { truncate } from "../render.js";

/** Questions matching what the member typed so far, as autocomplete choices whose value is the question id. */
export function questionSuggestions(engine: Engine, typed: string): APIApplicationCommandOptionChoice<string>[] {
  // What is typed is cut to the option's limit: suggestions never search a longer text.
  return engine.bank.search([...typed].slice(0, INPUT_LIMITS.query).join(""), DISCORD_LIMITS.autocompleteChoices).map((question) => ({ name: truncate(`${question.id} · ${question.prompt.replace(/\s+/g, " ")}`, DISCORD_LIMITS.choiceName), value: question.id }));
}
