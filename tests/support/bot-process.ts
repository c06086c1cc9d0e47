import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

/** One pino JSON log line of the bot (stderr). */
export interface LogLine {
  level: number;
  msg?: string;
  [field: string]: unknown;
}

export interface BotProcess {
  child: ChildProcessWithoutNullStreams;
  /** Everything the bot wrote to stdout so far. */
  stdout(): string;
  /** Its log lines so far, and stderr lines that were not JSON as `{ level: 0, msg }`. */
  logs(): LogLine[];
  waitForLog(matches: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Sends SIGTERM (SIGKILL after `graceMs`) and resolves with the exit code, or the signal's name. */
  stop(graceMs?: number): Promise<number | string>;
}

export interface StartBotOptions {
  /** Added to this process's environment; LOG_LEVEL defaults to info so the readiness line is logged. */
  env?: NodeJS.ProcessEnv;
  args?: string[];
  /** The log line that says the bot is ready; by default the entry point's "ready". */
  ready?: (line: LogLine) => boolean;
  timeoutMs?: number;
  /**
   * Run `node --import tsx src/main.ts` as the child itself, without tsx's CLI in between: a signal sent to
   * `child` (SIGKILL above all, which tsx cannot pass on) reaches the bot, and its exit code is the bot's.
   */
  direct?: boolean;
}

/**
 * Starts the real bot (`tsx src/main.ts`, as `npm start` does) as a child process and resolves once
 * it logged readiness. Rejects with its stderr when it exits first or does not get ready in time.
 * For tests that run several bot processes against one database.
 */
export async function startBot(options: StartBotOptions = {}): Promise<BotProcess> {
  const [command, prefix] = options.direct ? [process.execPath, ["--import", "tsx"]] : [TSX, []];
  const child = spawn(command, [...prefix, "src/main.ts", ...(options.args ?? [])], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: "info", ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderrRest = "";
  const lines: LogLine[] = [];
  const waiters = new Set<() => void>();
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    const parts = (stderrRest + chunk).split("\n");
    stderrRest = parts.pop() ?? "";
    for (const part of parts.filter(Boolean)) lines.push(parseLogLine(part));
    for (const wake of waiters) wake();
  });
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")));
  let exitedWith: number | string | undefined;
  void exited.then((how) => {
    exitedWith = how;
    for (const wake of waiters) wake();
  });

  const bot: BotProcess = {
    child,
    stdout: () => stdout,
    logs: () => [...lines],
    waitForLog(matches, timeoutMs = 30_000) {
      return new Promise<LogLine>((resolve, reject) => {
        const check = () => {
          const found = lines.find(matches);
          if (found) return done(() => resolve(found));
          if (exitedWith !== undefined) done(() => reject(new Error(`the bot exited (${exitedWith}) before the expected log line:\n${describe(lines, stderrRest)}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`no expected log line from the bot within ${timeoutMs} ms:\n${describe(lines, stderrRest)}`))), timeoutMs);
        const done = (settle: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      });
    },
    async stop(graceMs = 5_000) {
      if (exitedWith !== undefined) return exitedWith;
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      const how = await exited;
      clearTimeout(killer);
      return how;
    },
  };
  try {
    await bot.waitForLog(options.ready ?? ((line) => line.msg === "ready"), options.timeoutMs);
  } catch (error) {
    await bot.stop(1_000);
    throw error;
  }
  return bot;
}

function parseLogLine(text: string): LogLine {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === "object" && "level" in parsed) return parsed as LogLine;
  } catch {
    // not a log line: kept as text below
  }
  return { level: 0, msg: text };
}

function describe(lines: LogLine[], rest: string): string {
  return [...lines.map((l) => JSON.stringify(l)), rest].filter(Boolean).slice(-20).join("\n");
}
