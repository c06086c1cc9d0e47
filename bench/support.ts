import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, totalmem, tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { loadBank } from "../src/bank/load.js";
import { createSearch } from "../src/bank/search.js";
import type { BankView } from "../src/engine/bank.js";
import { openPostgres, openSqlite, type Database } from "../src/store/database.js";
import { isPostgresUrl } from "../src/store/database-url.js";
import { runAdminStatement } from "../src/store/postgres.js";
import { migrateSqlite } from "../src/store/migrate.js";

/** One measured figure, as written to bench/results.json. */
export interface Figure {
  scenario: string;
  metric: string;
  value: number;
  unit: string;
  target: number | null;
  better: "higher" | "lower";
  params: Record<string, unknown>;
}

export interface BenchOptions {
  /** Tiny sizes: CI runs the code so it cannot rot, and times nothing. */
  quick: boolean;
  seed: number;
}

export interface Scenario {
  name: string;
  run(options: BenchOptions): Promise<Figure[]>;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Median, p95 and p99 of latencies (ms), as figures. */
export function latencyFigures(scenario: string, samples: number[], targets: { p95?: number; p99?: number }, params: Record<string, unknown>, prefix = ""): Figure[] {
  const sorted = [...samples].sort((a, b) => a - b);
  const figure = (name: string, value: number, target: number | undefined): Figure => ({
    scenario,
    metric: `${prefix}${name}`,
    value: round(value),
    unit: "ms",
    target: target ?? null,
    better: "lower",
    params,
  });
  return [figure("median", percentile(sorted, 50), undefined), figure("p95", percentile(sorted, 95), targets.p95), figure("p99", percentile(sorted, 99), targets.p99)];
}

export function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** A deterministic random source, the tests' own, so every run draws the same data. */
export { seededRandom as seeded } from "../tests/support/clock.js";

let template: string | undefined;
const scratch: string[] = [];

/** A fresh SQLite database, migrated like production (a copy of one migrated template). */
export async function scratchSqlite(): Promise<Database & { file: string; dispose(): Promise<void> }> {
  if (!template) {
    const dir = mkdtempSync(path.join(tmpdir(), "studybot-bench-"));
    scratch.push(dir);
    template = path.join(dir, "template.db");
    await migrateSqlite(`file:${template}`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), "studybot-bench-"));
  scratch.push(dir);
  const file = path.join(dir, "bench.db");
  copyFileSync(template, file);
  const database = await openSqlite(`file:${file}`);
  return { ...database, file, dispose: () => database.close() };
}

export function cleanUp(): void {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function benchBank(): BankView {
  const loaded = loadBank("questions/bank");
  return { ...loaded, search: createSearch(loaded.questions) };
}

export function machine(): Record<string, unknown> {
  const cpu = cpus();
  return { cpu: cpu[0]?.model ?? "unknown", cores: cpu.length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform}-${process.arch}` };
}

/** The PostgreSQL server the bench uses too, when DATABASE_URL names one (see the README, Performance). */
export function postgresServer(): string | undefined {
  const server = process.env.DATABASE_URL;
  return server && isPostgresUrl(server) ? server : undefined;
}

/** CPU time from start to stop: this process's, and that of the server processes serving one database. */
export interface CpuUsed {
  processMs: number;
  /** Null when the server does not run on this machine (its processes are not in /proc). */
  serverMs: number | null;
}

/**
 * Starts measuring the CPU this process and the PostgreSQL server processes connected to `databaseUrl`'s
 * database use (their user + system time in /proc; a connection opened meanwhile counts from zero, one closed
 * meanwhile is not counted), so a bench can say where an answer's time goes, measured in the same run.
 */
export async function cpuMeter(databaseUrl: string): Promise<{ stop(): Promise<CpuUsed> }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const backends = async () => {
    const { rows } = await client.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
    return new Map(rows.map(({ pid }) => [pid, serverProcessCpuMs(pid)]));
  };
  const processBefore = process.cpuUsage();
  const before = await backends();
  return {
    async stop() {
      const processUsed = process.cpuUsage(processBefore);
      const after = await backends();
      await client.end();
      // A connection that closed between the listing and the read is left out; none readable: a server elsewhere.
      const read = [...after].filter((entry): entry is [number, number] => entry[1] !== null);
      const serverMs = read.length === 0 ? null : read.reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);
      return { processMs: (processUsed.user + processUsed.system) / 1000, serverMs };
    },
  };
}

let clockTicksPerSecond: number | undefined;

/** A PostgreSQL server process's CPU time so far in ms, or null when no such process runs here. */
function serverProcessCpuMs(pid: number): number | null {
  let stat: string;
  try {
    if (!readFileSync(`/proc/${pid}/comm`, "utf8").startsWith("postgres")) return null;
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // After the command name in parentheses: state is field 3, utime and stime fields 14 and 15 (proc(5)).
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  clockTicksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
  return ((Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond) * 1000;
}

/** A fresh, migrated PostgreSQL database on `server`, dropped by dispose(). */
export async function scratchPostgres(server: string, poolSize: number): Promise<Database & { url: string; dispose(): Promise<void> }> {
  const name = `studybot_bench_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  await runAdminStatement(server, `CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const drop = () => runAdminStatement(server, `DROP DATABASE IF EXISTS "${name}"`);
  let database: Database;
  try {
    database = await openPostgres(url.toString(), { poolSize });
  } catch (error) {
    await drop();
    throw error;
  }
  return { ...database, url: url.toString(), dispose: async () => (await database.close(), await drop()) };
}
