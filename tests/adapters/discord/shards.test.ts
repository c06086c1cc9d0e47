import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatOnShards, isShardProcess, shardCount } from "../../../src/adapters/discord/shards.js";
import type { ChatRef } from "../../../src/engine/types.js";
import { FakeDiscord } from "../../support/fake-discord.js";

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await FakeDiscord.start();
});
afterAll(() => fake?.close());

const server = (id: string): ChatRef => ({ platform: "discord", externalId: id });

describe("sharding", () => {
  it("runs the configured number of shards, or Discord's recommendation for auto", async () => {
    expect(await shardCount({ DISCORD_TOKEN: "t", DISCORD_SHARDS: 4 })).toBe(4);
    fake.respond("GET", "/gateway/bot", { status: 200, body: { url: "ws://x", shards: 3, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } } });
    expect(await shardCount({ DISCORD_TOKEN: "t", DISCORD_API_BASE: fake.base, DISCORD_SHARDS: "auto" })).toBe(3);
  });

  it("gives every chat to exactly one shard: (id >> 22) % count", () => {
    // 175928847299117063 >> 22 = 41944705796; % 4 = 0.
    expect(chatOnShards(server("175928847299117063"), [0], 4)).toBe(true);
    expect(chatOnShards(server("175928847299117063"), [1, 2, 3], 4)).toBe(false);
    const owners = [0, 1, 2].map((shard) => chatOnShards(server("910000000000000001"), [shard], 3));
    expect(owners.filter(Boolean)).toHaveLength(1);
    expect(chatOnShards(server("910000000000000001"), [0], 1)).toBe(true);
  });

  it("knows a shard child from the environment the ShardingManager sets", () => {
    expect(isShardProcess({ SHARDS: "1", SHARD_COUNT: "2" })).toBe(true);
    expect(isShardProcess({})).toBe(false);
  });
});
