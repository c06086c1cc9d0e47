import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { APPLICATION_ID, FakeDiscord } from "./support/fake-discord.js";
import { FakeTelegram, GROUP, textMessage, user } from "./support/fake-telegram.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const dir = mkdtempSync(path.join(tmpdir(), "studybot-main-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the real entry point (`npm start` runs the same) with a script on stdin. */
function start(args: string[], stdin: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(TSX, ["src/main.ts", ...args], { cwd: ROOT, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
    child.stdin?.end(stdin);
  });
}

describe("npm start (console, piped)", () => {
  it("creates and migrates the database, runs every line and exits 0 at end of input", async () => {
    const db = path.join(dir, "scripted", "bot.db");
    const result = await start(["--db", db, "--now", "2026-03-02T10:00"], "/daily\n/answer B\n/reveal\n/leaderboard\n");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("📅 每日一题 · 2026-03-02");
    expect(result.stdout).toMatch(/\nA\. .+\nB\. .+\nC\. .+\nD\. .+\n/); // every question has a multiple-choice item
    expect(result.stdout).toContain("参考答案");
    expect(result.stdout).not.toContain("**"); // piped: plain text, no Markdown markers
    expect(result.stdout).toMatch(/1\. me — (10|2) 分/);
    const again = await start(["--db", db, "--now", "2026-03-02T11:00"], "/answer C\n");
    expect(again.stdout).toContain("你已经回答过这道每日一题了（2026-03-02），以第一次为准：B。");
  });

  it("stops with one line naming a bad flag or setting", async () => {
    const badFlag = await start(["--nope"], "");
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain("--nope");
    const badEnv = await start([], "", { QUIZ_IDLE_MINUTES: "soon" });
    expect(badEnv.code).toBe(1);
    expect(badEnv.stderr.trim().split("\n")).toEqual([expect.stringContaining("QUIZ_IDLE_MINUTES")]);
  });
});

describe("npm start with both platform tokens", () => {
  it("runs Telegram and Discord side by side in one process on one database", async () => {
    const telegram = new FakeTelegram();
    await telegram.start();
    const discord = await FakeDiscord.start();
    try {
      const child = spawn(TSX, ["src/main.ts", "--db", path.join(dir, "both", "bot.db")], {
        cwd: ROOT,
        env: { ...process.env, TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.url, DISCORD_TOKEN: "discord-test-token", DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_API_BASE: discord.base },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      await telegram.until(() => stderr.includes('"msg":"ready"'), 20_000);
      expect(stderr).toMatch(/"running":\["telegram","discord","scheduler"\]/);

      telegram.push(textMessage(GROUP, user(1), "/topics"));
      await telegram.until((calls) => calls.find((c) => c.method === "sendMessage"), 10_000);
      const interaction = discord.command({ id: "930000000000000001", username: "alice" }, "topics");
      const callback = await discord.waitForCall("POST", `/interactions/${interaction.id}/${interaction.token}/callback`, { timeoutMs: 10_000 });
      expect(JSON.stringify(callback.body)).toContain("题库主题");

      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(stderr).not.toContain("discord-test-token");
    } finally {
      await telegram.stop();
      await discord.close();
    }
  }, 40_000);
});

describe("npm start with TELEGRAM_BOT_TOKEN", () => {
  it("runs the Telegram bot against the configured API root and shuts down cleanly on SIGTERM", async () => {
    const fake = new FakeTelegram();
    await fake.start();
    try {
      const child = spawn(TSX, ["src/main.ts", "--db", path.join(dir, "telegram", "bot.db")], {
        cwd: ROOT,
        env: { ...process.env, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url, LOG_LEVEL: "info" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      await fake.until(() => stderr.includes('"msg":"ready"'), 20_000);
      fake.push(textMessage(GROUP, user(1), "/daily"));
      const sent = await fake.until((calls) => calls.find((c) => c.method === "sendMessage"), 10_000);
      expect(String(sent.payload.text)).toContain("每日一题");
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(stderr).toContain("shutting down");
      expect(stderr).not.toContain(fake.token);
    } finally {
      await fake.stop();
    }
  }, 40_000);

  it("refuses a malformed token with one line naming the variable, without echoing it", async () => {
    const result = await start([], "", { TELEGRAM_BOT_TOKEN: "not-a-token-secret" });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringContaining("TELEGRAM_BOT_TOKEN")]);
    expect(result.stderr).not.toContain("not-a-token-secret");
  });
});
