import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startBot } from "./bot-process.js";
import { testDatabaseKind } from "./database.js";

const dir = mkdtempSync(path.join(tmpdir(), "studybot-process-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The entry point opens PostgreSQL once the lead wires openDatabase into main.ts; until then one run is enough.
describe.runIf(testDatabaseKind() === "sqlite")("startBot (a real bot process)", () => {
  it("resolves once the bot logged readiness, drives it, and stops it", async () => {
    const bot = await startBot({ args: ["--db", path.join(dir, "bot.db"), "--now", "2026-03-02T10:00"] });
    expect(bot.logs().find((line) => line.msg === "ready")).toMatchObject({ questions: expect.any(Number) });
    bot.child.stdin.write("/daily\n");
    await expect.poll(() => bot.stdout(), { timeout: 10_000 }).toContain("每日一题 · 2026-03-02");
    expect([143, "SIGTERM"]).toContain(await bot.stop()); // tsx passes SIGTERM on and exits 128 + 15
  });

  it("rejects with the bot's own words when it stops before getting ready", async () => {
    await expect(startBot({ env: { QUIZ_IDLE_MINUTES: "soon" } })).rejects.toThrow(/exited \(1\)[\s\S]*QUIZ_IDLE_MINUTES/);
  });
});
