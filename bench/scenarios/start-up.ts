import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { BOT_NODE_ARGS } from "../../src/node-flags.js";
import { percentile, round, scratchSqlite, type Figure, type Scenario } from "../support.js";

const SCENARIO = "start-up and memory";
const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The Dockerfile's CMD. */
const COMMAND = [process.execPath, ...BOT_NODE_ARGS, "src/main.ts"];

/**
 * The bot process from spawn to ready (bank loaded and validated, database open and migrated, no
 * network: the console mode, stdin kept open) and its resident memory once idle. Restarts use an
 * already migrated database, as a real restart does; the very first start, which migrates a new
 * database, is reported on its own (not in a quick run: the migration alone takes seconds).
 */
export const startUpScenario: Scenario = {
  name: SCENARIO,
  async run({ quick }) {
    const restarts = quick ? 1 : 7;
    const idleMs = quick ? 200 : 2_000;
    const dir = mkdtempSync(path.join(tmpdir(), "studybot-bench-start-"));
    try {
      const first = quick ? undefined : await startOnce(path.join(dir, "new.db"), idleMs);
      const migrated = await scratchSqlite();
      await migrated.dispose();
      const runs: Start[] = [];
      for (let i = 0; i < restarts; i++) runs.push(await startOnce(migrated.file, idleMs));
      const params = { command: `node ${BOT_NODE_ARGS.join(" ")} src/main.ts --db <file>`, mode: "console, stdin open", restarts, idleMs, database: "sqlite, already migrated" };
      const figures: Figure[] = [
        { scenario: SCENARIO, metric: "ready median", value: round(median(runs.map((r) => r.readyMs))), unit: "ms", target: 1_500, better: "lower", params },
        { scenario: SCENARIO, metric: "idle RSS median", value: round(median(runs.map((r) => r.rssMb))), unit: "MB", target: 150, better: "lower", params },
      ];
      if (first) figures.push({ scenario: SCENARIO, metric: "first start (migrates) ready", value: round(first.readyMs), unit: "ms", target: null, better: "lower", params: { ...params, restarts: 1, database: "sqlite, new file" } });
      return figures;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

interface Start {
  readyMs: number;
  rssMb: number;
}

/** Spawns the bot, waits for its "ready" log line, lets it idle, reads its RSS, and ends it (end of input). */
async function startOnce(db: string, idleMs: number): Promise<Start> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "info" };
  // No platform: the console mode is the bot without network.
  for (const name of ["TELEGRAM_BOT_TOKEN", "DISCORD_TOKEN", "DATABASE_URL"]) delete env[name];
  const started = performance.now();
  const child = spawn(COMMAND[0]!, [...COMMAND.slice(1), "--db", db], { cwd: PROJECT_ROOT, env, stdio: ["pipe", "ignore", "pipe"] });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  try {
    const ready = await new Promise<number>((resolve, reject) => {
      const lines: string[] = [];
      createInterface({ input: child.stderr! }).on("line", (line) => {
        lines.push(line);
        if (line.includes('"msg":"ready"')) resolve(performance.now() - started);
      });
      void exited.then((code) => reject(new Error(`the bot exited (${code}) before it was ready:\n${lines.join("\n")}`)));
    });
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    return { readyMs: ready, rssMb: residentMb(child.pid!) };
  } finally {
    child.stdin!.end();
    const timer = setTimeout(() => child.kill(), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

/** VmRSS of a process, in MB (Linux /proc). */
function residentMb(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) / 1024;
}

function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}
