import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startBot, type BotProcess } from "./support/bot-process.js";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "./support/database.js";
import { FakeTelegram, GROUP, textMessage, user } from "./support/fake-telegram.js";

/** The real bot process against the fake Bot API: one process per database or per token, 409s, and shutdown. */
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const sqlite = testDatabaseKind() === "sqlite";
const member = user(4242, { first_name: "Ops" });

let fake: FakeTelegram;
let db: TestDatabase;
const bots: BotProcess[] = [];

beforeEach(async () => {
  fake = new FakeTelegram();
  await fake.start();
  db = await createTestDatabase();
});

afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.stop(1_000);
  await fake.stop();
  await db.dispose();
});

const env = () => ({ DATABASE_URL: db.url, DATABASE_POOL_SIZE: "4", TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url });

async function start(ready: (msg: string | undefined) => boolean = (msg) => msg === "ready"): Promise<BotProcess> {
  const bot = await startBot({ env: env(), direct: true, ready: (line) => ready(line.msg), timeoutMs: 60_000 });
  bots.push(bot);
  return bot;
}

const exitOf = (bot: BotProcess) =>
  new Promise<number | string>((resolve) => {
    if (bot.child.exitCode !== null || bot.child.signalCode !== null) resolve(bot.child.exitCode ?? bot.child.signalCode!);
    else bot.child.once("exit", (code, signal) => resolve(code ?? signal!));
  });

/** Sends /help to the group and waits until the bot answered it `times` times in all. */
async function helpAnswered(times = 1, timeoutMs = 20_000): Promise<void> {
  fake.push(textMessage(GROUP, member, "/help"));
  await fake.until(() => fake.callsOf("sendMessage").filter((c) => String(c.payload.text).includes("命令列表")).length >= times, timeoutMs);
}

describe.runIf(sqlite)("one process per SQLite database", () => {
  it("refuses a second process on the same file with one line, and starts again once the first died (even by SIGKILL)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "studybot-lock-"));
    try {
      const file = path.join(dir, "bot.db");
      const first = await startBot({ args: ["--db", file], direct: true });
      bots.push(first);
      const second = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts", "--db", file], { cwd: ROOT, input: "", encoding: "utf8", timeout: 60_000, env: { ...process.env, LOG_LEVEL: "warn" } });
      expect(second.status).toBe(1);
      expect(second.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^studybot failed to start: another studybot process is using .*bot\.db \(an SQLite database serves one process/)]);
      first.child.kill("SIGKILL");
      await exitOf(first);
      const third = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts", "--db", file], { cwd: ROOT, input: "/topics\n", encoding: "utf8", timeout: 60_000 });
      expect(third.status).toBe(0);
      expect(third.stdout).toContain("题库主题");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe.runIf(!sqlite)("one long poller per token on PostgreSQL", () => {
  it("elects one poller among two processes; the other takes over within 30 s once the poller is killed", async () => {
    const isPolling = (bot: BotProcess) => bot.logs().some((l) => l.msg === "telegram long polling");
    const a = await start();
    const b = await start();
    await expect.poll(() => [a, b].filter(isPolling).length, { timeout: 20_000 }).toBe(1);
    const [poller, standby] = isPolling(a) ? [a, b] : [b, a];
    await standby!.waitForLog((l) => typeof l.msg === "string" && l.msg.startsWith("another process long-polls this bot"));
    await helpAnswered(1);
    await new Promise((resolve) => setTimeout(resolve, 6_000)); // a few lease renewals: still one poller
    expect(isPolling(standby!)).toBe(false);
    expect(fake.calls.filter((c) => c.status === 409)).toEqual([]);

    poller!.child.kill("SIGKILL");
    const killedAt = Date.now();
    await standby!.waitForLog((l) => l.msg === "telegram long polling", 30_000);
    expect(Date.now() - killedAt).toBeLessThan(30_000);
    await helpAnswered(2);
    expect(fake.callsOf("sendMessage").filter((c) => String(c.payload.text).includes("命令列表"))).toHaveLength(2);
  }, 120_000);
});

describe.runIf(sqlite)("409 Conflict, shutdown and start-up against an unfriendly Bot API", () => {
  it("logs a 409 Conflict once in one line, backs off, stays up, and polls again once the other poller is gone", async () => {
    const bot = await start((msg) => msg === "telegram long polling");
    // Another bot instance on the same token (outside this database): its getUpdates displace the bot's.
    let rival = true;
    const rivalLoop = (async () => {
      while (rival) {
        await fetch(`${fake.url}/bot${fake.token}/getUpdates`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ timeout: 1 }) }).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    try {
      await bot.waitForLog((l) => typeof l.msg === "string" && l.msg.includes("conflict"), 15_000);
      await new Promise((resolve) => setTimeout(resolve, 8_000));
    } finally {
      rival = false;
      await rivalLoop;
    }
    const conflicts = bot.logs().filter((l) => JSON.stringify(l).includes("onflict"));
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ level: 40, reason: expect.stringContaining("terminated by other getUpdates request") });
    expect(bot.logs().filter((l) => l.level === 0 || l.level >= 50)).toEqual([]); // no stack trace, no error
    expect(bot.child.exitCode).toBeNull();
    await helpAnswered(1, 90_000);
  }, 150_000);

  it("exits 0 within 10 s of SIGTERM while the Bot API never answers (calls in flight and retries are cut)", async () => {
    const bot = await start((msg) => msg === "telegram long polling");
    await helpAnswered(1);
    fake.blackhole();
    for (let i = 0; i < 5; i++) fake.push(textMessage(GROUP, member, "/topics"));
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // the bot's getUpdates and whatever follows hang
    const signalled = Date.now();
    bot.child.kill("SIGTERM");
    expect(await exitOf(bot)).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
  }, 60_000);

  it("exits 0 within 10 s of SIGTERM while the Bot API refuses connections (network retries are cut)", async () => {
    const bot = await start((msg) => msg === "telegram long polling");
    fake.push(textMessage(GROUP, member, "/topics"));
    await fake.stop();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const signalled = Date.now();
    bot.child.kill("SIGTERM");
    expect(await exitOf(bot)).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
  }, 60_000);

  it("starts with one warning when the Bot API server lacks setMyCommands and deleteWebhook; only getMe is essential", async () => {
    fake.unimplemented.add("setMyCommands");
    fake.unimplemented.add("deleteWebhook");
    const bot = await start((msg) => msg === "telegram long polling");
    expect(bot.logs().filter((l) => l.level === 40).map((l) => l.msg)).toEqual([
      "the command menu could not be registered",
      "the webhook could not be deleted (getUpdates answers 409 while one is set)",
    ]);
    await helpAnswered(1);
    bot.child.kill("SIGTERM");
    expect(await exitOf(bot)).toBe(0);

    fake.unimplemented.add("getMe");
    // Not spawnSync: the fake Bot API runs in this process and must keep answering.
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: ROOT, env: { ...process.env, ...env(), LOG_LEVEL: "silent" } });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const status = await new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    expect(status).toBe(1);
    expect(stderr.trim().split("\n")).toEqual([expect.stringContaining("studybot failed to start: Call to 'getMe' failed! (404: Not Found: method not found)")]);
  }, 90_000);
});
