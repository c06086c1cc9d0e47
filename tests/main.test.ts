import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

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
    expect(result.stdout).toContain("**参考答案**");
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
