import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { REST } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerCommands } from "../../../src/adapters/discord/register.js";
import { restOptions } from "../../../src/adapters/discord/rest.js";
import { APPLICATION_ID, FakeDiscord, GUILD_ID } from "../../support/fake-discord.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await FakeDiscord.start();
});
afterAll(() => fake?.close());

describe("registering the slash commands", () => {
  it("overwrites the global commands, or one server's", async () => {
    const rest = new REST(restOptions(fake.base)).setToken("test-token");
    const global = await registerCommands(rest, APPLICATION_ID);
    expect(global.map((c) => c.name)).toContain("settings");
    const [put] = fake.callsTo("PUT", `/applications/${APPLICATION_ID}/commands`);
    expect(put!.authorization).toBe("Bot test-token");
    expect((put!.body as unknown[]).length).toBe(22);
    await registerCommands(rest, APPLICATION_ID, GUILD_ID);
    expect(fake.callsTo("PUT", `/applications/${APPLICATION_ID}/guilds/${GUILD_ID}/commands`)).toHaveLength(1);
  });

  it("runs as `npm run discord:register -- --guild <id>` and never prints the token", async () => {
    const env = { ...process.env, DISCORD_TOKEN: "secret-token-123", DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_API_BASE: fake.base };
    const run = (args: string[]) =>
      new Promise<{ code: number; out: string }>((resolve) =>
        execFile(TSX, ["src/adapters/discord/register.ts", ...args], { cwd: ROOT, env }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr })),
      );
    const since = fake.calls.length;
    const ok = await run(["--guild", GUILD_ID]);
    expect(ok.out).toMatch(/^registered 22 commands for server \d+: \/daily .*\/settings \/link \/unlink \/mydata \/forgetme \/help\n$/);
    expect(ok.code).toBe(0);
    expect(fake.callsTo("PUT", `/applications/${APPLICATION_ID}/guilds/${GUILD_ID}/commands`, since)[0]!.authorization).toBe("Bot secret-token-123");
    fake.respond("PUT", /commands$/, { status: 401, body: { message: "401: Unauthorized", code: 0 } });
    const refused = await run([]);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain("discord:register failed");
    expect(refused.out).not.toContain("secret-token-123");
  });
});
