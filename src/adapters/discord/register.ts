import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { REST, Routes, type RESTPutAPIApplicationCommandsResult } from "discord.js";
import { ConfigError, loadConfig } from "../../config.js";
import { SLASH_COMMANDS } from "./commands/index.js";
import { restOptions } from "./rest.js";

/**
 * Registers (overwrites) the bot's slash commands: globally (Discord may take up to an hour to show
 * changes), or for one server, which is immediate and meant for development.
 */
export async function registerCommands(rest: REST, applicationId: string, guildId?: string): Promise<RESTPutAPIApplicationCommandsResult> {
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  return (await rest.put(route, { body: SLASH_COMMANDS.map((command) => command.definition) })) as RESTPutAPIApplicationCommandsResult;
}

const USAGE = "usage: npm run discord:register [-- --guild <server id>]";

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { guild: { type: "string" } }, strict: true });
  if (values.guild !== undefined && !/^\d{17,20}$/.test(values.guild)) {
    process.stderr.write(`--guild must be a server id\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) {
    process.stderr.write(`DISCORD_TOKEN and DISCORD_APPLICATION_ID must be set\n${USAGE}\n`);
    return 2;
  }
  const rest = new REST(restOptions(config.DISCORD_API_BASE)).setToken(config.DISCORD_TOKEN);
  const registered = await registerCommands(rest, config.DISCORD_APPLICATION_ID, values.guild);
  const where = values.guild ? `server ${values.guild}` : "all servers (global; may take up to an hour to appear)";
  process.stdout.write(`registered ${registered.length} commands for ${where}: ${registered.map((command) => `/${command.name}`).join(" ")}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // One line, never the token: discord.js errors name the route and Discord's message only.
      process.stderr.write(`${error instanceof ConfigError ? error.message : `discord:register failed: ${(error as Error).message}`}\n`);
      process.exitCode = 1;
    },
  );
}
