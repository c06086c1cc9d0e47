import { once } from "node:events";
import { Client, Events, GatewayIntentBits } from "discord.js";
import type { Config } from "../../config.js";
import type { Engine } from "../../engine/engine.js";
import type { ChatRef } from "../../engine/types.js";
import type { Logger } from "../../logger.js";
import type { Metrics } from "../../metrics.js";
import { DEFAULT_ACK_DEADLINE_MS, interactionHandler } from "./interactions.js";
import { DiscordMessenger } from "./messenger.js";
import { restOptions } from "./rest.js";
import { chatOnShards } from "./shards.js";
import { checkRegisteredCommands } from "./startup-check.js";

export interface DiscordOptions {
  engine: Engine;
  config: Pick<Config, "DISCORD_TOKEN" | "DISCORD_API_BASE">;
  log: Logger;
  metrics: Metrics;
  /** How long an interaction's work may run before it is deferred; lower only in tests. */
  ackDeadlineMs?: number;
}

export interface DiscordAdapter {
  /** Posts and edits channel messages: what the daily scheduler uses. */
  messenger: DiscordMessenger;
  client: Client;
  /** Whether this process (its shards) looks after the chat's daily posts; always true without sharding. */
  owns(chat: ChatRef): boolean;
  /** Settles when the optional start-up checks are done (they only ever warn). */
  startupChecked: Promise<void>;
  /** Disconnects from the gateway and stops the REST queue. */
  stop(): Promise<void>;
}

function shardIds(client: Client): number[] {
  const { shards } = client.options;
  return Array.isArray(shards) ? shards : typeof shards === "number" ? [shards] : [0];
}

/**
 * Connects to Discord with the Guilds intent only (slash commands and buttons need no privileged intent)
 * and resolves once the gateway reports ready. Inside a ShardingManager child, discord.js reads its shard
 * ids from the environment the manager set.
 */
export async function startDiscord(options: DiscordOptions): Promise<DiscordAdapter> {
  const { engine, config, metrics } = options;
  const token = config.DISCORD_TOKEN;
  if (!token) throw new Error("DISCORD_TOKEN is not set");
  const log = options.log.child({ platform: "discord" });
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: restOptions(config.DISCORD_API_BASE) });
  const handle = interactionHandler({ engine, log, metrics, ackDeadlineMs: options.ackDeadlineMs ?? DEFAULT_ACK_DEADLINE_MS });
  client.on(Events.InteractionCreate, (interaction) => void handle(interaction));
  client.on(Events.Error, (error) => log.error({ err: error }, "discord client error"));
  client.on(Events.ShardDisconnect, (event, shard) => log.warn({ shard, code: event.code }, "discord shard disconnected"));

  const ready = once(client, Events.ClientReady);
  try {
    await client.login(token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw error;
  }
  log.info({ guilds: client.guilds.cache.size, shards: client.ws.shards.size }, "discord connected");
  // Only logging in is essential; what follows is optional and never stops the bot (the first shard checks for every shard).
  const check = client.application && shardIds(client).includes(0) ? checkRegisteredCommands(client.rest, client.application.id, log) : Promise.resolve();
  const owns = (chat: ChatRef) => chat.platform === "discord" && chatOnShards(chat, shardIds(client), client.options.shardCount ?? 1);
  return {
    messenger: new DiscordMessenger(client.rest, metrics, owns),
    client,
    owns,
    startupChecked: check,
    // The check is not waited for: it catches its own failures, and shutdown never waits on an optional call.
    stop: () => client.destroy(),
  };
}
