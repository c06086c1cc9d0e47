import { REST, Routes, ShardClientUtil, ShardingManager, type RESTGetAPIGatewayBotResult } from "discord.js";
import type { Config } from "../../config.js";
import type { ChatRef } from "../../engine/types.js";
import type { Logger } from "../../logger.js";
import { BOT_NODE_ARGS } from "../../node-flags.js";
import { restOptions } from "./rest.js";

/**
 * Sharding for large bots (Discord requires it from 2,500 servers): with DISCORD_SHARDS set, `npm start`
 * becomes a supervisor whose ShardingManager runs the bot's entry once per shard, each in its own
 * process. discord.js tells each child its shard ids through the environment (SHARDS, SHARD_COUNT), and
 * the Client started there by startDiscord connects as those shards only.
 */

/** Whether this process is a shard started by the ShardingManager (rather than the supervisor or a lone bot). */
export function isShardProcess(env: NodeJS.ProcessEnv = process.env): boolean {
  return env["SHARDS"] !== undefined && env["SHARD_COUNT"] !== undefined;
}

/** The number of shards to run: the configured count, or Discord's recommendation (asked through DISCORD_API_BASE when set). */
export async function shardCount(config: Pick<Config, "DISCORD_TOKEN" | "DISCORD_API_BASE" | "DISCORD_SHARDS">): Promise<number> {
  if (typeof config.DISCORD_SHARDS === "number") return config.DISCORD_SHARDS;
  const rest = new REST(restOptions(config.DISCORD_API_BASE)).setToken(config.DISCORD_TOKEN ?? "");
  const gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  return Math.max(1, gateway.shards);
}

/**
 * Whether the given shards look after a chat (its daily posts): a server lives on shard
 * (server id >> 22) % shard count. A DM is placed by the same rule on its channel id, so exactly one
 * shard posts to each chat (posting goes through REST, which any shard can use). One shard owns all.
 */
export function chatOnShards(chat: ChatRef, shardIds: readonly number[], totalShards: number): boolean {
  return totalShards <= 1 || shardIds.includes(ShardClientUtil.shardIdForGuildId(chat.externalId, totalShards));
}

export interface ShardSupervisor {
  manager: ShardingManager;
  stop(): Promise<void>;
}

/**
 * Spawns one child process per shard running `entry` (the bot's main file, run through tsx) and
 * restarts a shard that dies. stop() ends them all.
 */
export async function startShardManager(options: { config: Pick<Config, "DISCORD_TOKEN" | "DISCORD_API_BASE" | "DISCORD_SHARDS">; log: Logger; entry: string }): Promise<ShardSupervisor> {
  const { config, entry } = options;
  const log = options.log.child({ platform: "discord" });
  const totalShards = await shardCount(config);
  const manager = new ShardingManager(entry, { token: config.DISCORD_TOKEN, totalShards, mode: "process", respawn: true, execArgv: [...BOT_NODE_ARGS], shardArgs: process.argv.slice(2) });
  manager.on("shardCreate", (shard) => {
    log.info({ shard: shard.id, totalShards }, "discord shard started");
    shard.on("death", () => log.warn({ shard: shard.id }, "discord shard exited"));
  });
  await manager.spawn({ amount: totalShards, timeout: 60_000 });
  return {
    manager,
    async stop() {
      manager.respawn = false;
      for (const shard of manager.shards.values()) shard.kill();
    },
  };
}
