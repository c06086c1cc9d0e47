import { Routes, type APIApplicationCommand, type REST } from "discord.js";
import type { Logger } from "../../logger.js";
import { SLASH_COMMANDS } from "./commands/index.js";

/** What Discord has registered compared with what this version answers: commands missing, and commands whose options changed. */
export function commandDrift(registered: readonly Pick<APIApplicationCommand, "name" | "options">[]): { missing: string[]; outdated: string[] } {
  const byName = new Map(registered.map((command) => [command.name, command]));
  const optionNames = (options: readonly { name: string }[] | undefined) => (options ?? []).map((option) => option.name).join(",");
  const missing: string[] = [];
  const outdated: string[] = [];
  for (const { definition } of SLASH_COMMANDS) {
    const found = byName.get(definition.name);
    if (!found) missing.push(definition.name);
    else if (optionNames(found.options) !== optionNames(definition.options)) outdated.push(definition.name);
  }
  return { missing, outdated };
}

/**
 * An optional start-up check: whether the global slash commands registered with Discord are this
 * version's. It only warns (the fix is `npm run discord:register`); when Discord (or a proxy that
 * implements a subset of the API) refuses the call, that is a warning too and the bot runs on.
 */
export async function checkRegisteredCommands(rest: REST, applicationId: string, log: Logger): Promise<void> {
  try {
    const registered = (await rest.get(Routes.applicationCommands(applicationId))) as APIApplicationCommand[];
    const { missing, outdated } = commandDrift(registered);
    if (missing.length > 0 || outdated.length > 0) log.warn({ missing, outdated }, "discord slash commands are not this version's: run npm run discord:register");
  } catch (error) {
    log.warn({ reason: (error as Error).message }, "discord: could not check the registered slash commands; running anyway");
  }
}
