import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../src/engine/engine.js";
import { fixtureBank } from "./support/bank.js";
import { startBot, type BotProcess } from "./support/bot-process.js";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "./support/database.js";
import { APPLICATION_ID, FakeDiscord, type RecordedCall } from "./support/fake-discord.js";

/**
 * `npm start` with DISCORD_SHARDS=auto against the fake Discord recommending two shards: the
 * ShardingManager runs one process per shard, each IDENTIFYs as its shard and gets its own servers
 * (shard = (server id >> 22) % 2), posts only its own servers' daily questions and answers only its
 * own servers' commands (the fake routes each server's events to its shard's connection only). Killing
 * a shard's process loses nothing: the manager respawns it, nothing is posted twice, and its servers
 * are answered again.
 */
const guilds = Array.from({ length: 6 }, (_, i) => String((1_000_000_000n + BigInt(i)) << 22n));
const alice = { id: "930000000000000001", username: "alice" };

let fake: FakeDiscord;
let db: TestDatabase;
let bot: BotProcess | undefined;

function aMinuteAgoInShanghai(): string {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date(Date.now() - 60_000));
  return `${parts.find((p) => p.type === "hour")!.value}:${parts.find((p) => p.type === "minute")!.value}`;
}

const dailyPosts = (guildId: string) => fake.callsTo("POST", `/channels/${guildId}/messages`).filter((c: RecordedCall) => JSON.stringify(c.body).includes("每日一题"));

/** The process ids below `root` whose environment says they are the given Discord shard. */
function shardProcesses(root: number, shard: number): number[] {
  const found: number[] = [];
  const walk = (pid: number) => {
    let children: number[] = [];
    try {
      children = execFileSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" }).split("\n").map((s) => Number(s.trim())).filter((n) => n > 0);
    } catch {
      // no children
    }
    for (const child of children) {
      try {
        const env = readFileSync(`/proc/${child}/environ`, "utf8").split("\0");
        if (env.includes(`SHARDS=${shard}`) && env.includes("SHARD_COUNT=2")) found.push(child);
      } catch {
        // gone meanwhile
      }
      walk(child);
    }
  };
  walk(root);
  return found.filter((pid) => !found.some((other) => other !== pid && shardParent(pid) === other));
}

function shardParent(pid: number): number {
  return Number(execFileSync("ps", ["-o", "ppid=", "-p", String(pid)], { encoding: "utf8" }).trim());
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${bot?.logs().slice(-15).map((l) => JSON.stringify(l)).join("\n") ?? ""}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function answered(guildId: string): Promise<RecordedCall> {
  const interaction = fake.command(alice, "topics", [], { guildId, channelId: guildId });
  const route = `/interactions/${interaction.id}/${interaction.token}/callback`;
  const callback = await fake.waitForCall("POST", route, { timeoutMs: 15_000 });
  // Answered once: by the owning shard only (the other shard never saw the event).
  expect(fake.callsTo("POST", route)).toHaveLength(1);
  return callback;
}

describe.runIf(testDatabaseKind() === "postgres")("Discord sharding end to end", () => {
  beforeAll(async () => {
    fake = await FakeDiscord.start();
    fake.shard(2, guilds);
    db = await createTestDatabase();
    const engine = new Engine({ bank: fixtureBank(), store: db.store, clock: { now: () => new Date() } });
    const admin = { platform: "discord" as const, externalId: "1", displayName: "admin", isAdmin: true };
    const dailyTime = aMinuteAgoInShanghai();
    for (const guildId of guilds) await engine.updateSettings({ platform: "discord", externalId: guildId }, admin, { dailyTime });
  }, 60_000);

  afterAll(async () => {
    await bot?.stop(10_000);
    await fake?.close();
    await db?.close();
  }, 30_000);

  it("gives each shard its servers: one daily post per server, commands answered, a killed shard comes back losing nothing", async () => {
    expect(guilds.map((id) => fake.shardOf(id)).sort()).toEqual([0, 0, 0, 1, 1, 1]);
    bot = await startBot({
      env: { DATABASE_URL: db.url, DATABASE_POOL_SIZE: "2", DISCORD_TOKEN: "discord-test-token", DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_API_BASE: fake.base, DISCORD_SHARDS: "auto" },
      // The shards inherit the supervisor's stderr and log their own "ready": wait for the supervisor's.
      ready: (line) => line.msg === "ready" && JSON.stringify(line["running"]) === '["discord shards"]',
      timeoutMs: 90_000,
    });
    const shardReady = () => bot!.logs().filter((l) => l.msg === "ready" && JSON.stringify(l["running"]) === '["discord","scheduler"]').length;
    await until(() => shardReady() === 2, 30_000, "both shards (each with its scheduler) to be ready");
    expect(fake.identified.map((i) => `${i.shard}/${i.totalShards}`).sort()).toEqual(["0/2", "1/2"]);

    await until(() => guilds.every((id) => dailyPosts(id).length >= 1), 30_000, "a daily post in every server");
    for (const guildId of guilds) expect(JSON.stringify((await answered(guildId)).body)).toContain("题库主题");

    const [shard1] = shardProcesses(bot.child.pid!, 1);
    expect(shard1).toBeGreaterThan(0);
    process.kill(shard1!, "SIGKILL");
    await until(() => fake.identified.filter((i) => i.shard === 1).length === 2, 60_000, "shard 1 to identify again");
    // The respawned shard answers its servers again (the fake sends their events to its new connection only).
    for (const guildId of guilds.filter((id) => fake.shardOf(id) === 1)) expect(JSON.stringify((await answered(guildId)).body)).toContain("题库主题");
    // Give the respawned shard's scheduler a few ticks: nothing is posted twice.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(guilds.map((id) => dailyPosts(id).length)).toEqual(guilds.map(() => 1));
  }, 180_000);
});
