import { execFile } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { isPostgresUrl, sqlitePath } from "./database-url.js";

const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const MIGRATIONS_DIR = path.join(PROJECT_ROOT, "prisma", "migrations");
const POSTGRES_MIGRATIONS_DIR = path.join(PROJECT_ROOT, "prisma", "postgres", "migrations");

function folderNames(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Names of the checked-in migrations, in order. */
export function migrationNames(): string[] {
  return folderNames(MIGRATIONS_DIR);
}

/** Names of the checked-in PostgreSQL migrations (twins of the SQLite ones, see postgres-derivation.ts). */
export function postgresMigrationNames(): string[] {
  return folderNames(POSTGRES_MIGRATIONS_DIR);
}

const APPLIED_MIGRATIONS = 'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL';

function appliedMigrations(file: string): Set<string> {
  const db = new Database(file, { fileMustExist: true, readonly: true });
  try {
    const rows = db.prepare(APPLIED_MIGRATIONS).all() as { migration_name: string }[];
    return new Set(rows.map((r) => r.migration_name));
  } catch {
    return new Set();
  } finally {
    db.close();
  }
}

/** Whether the SQLite database at `url` lacks any checked-in migration (a missing file lacks all). */
export function sqliteNeedsMigration(url: string): boolean {
  let applied: Set<string>;
  try {
    applied = appliedMigrations(sqlitePath(url));
  } catch {
    return true;
  }
  return migrationNames().some((name) => !applied.has(name));
}

/** Whether the PostgreSQL database at `url` lacks any checked-in migration. Throws when it is unreachable. */
export async function postgresNeedsMigration(url: string): Promise<boolean> {
  // Loaded here, not at the top: the pg driver costs a SQLite process some 14 MB of memory it never uses.
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const table = await client.query<{ exists: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS exists`);
    if (!table.rows[0]?.exists) return true;
    const applied = new Set((await client.query<{ migration_name: string }>(APPLIED_MIGRATIONS)).rows.map((r) => r.migration_name));
    return postgresMigrationNames().some((name) => !applied.has(name));
  } finally {
    await client.end();
  }
}

/** Runs the Prisma CLI of this project; prisma.config.ts picks schema, migrations and adapter by `databaseUrl`. */
export async function runPrisma(args: string[], databaseUrl: string): Promise<{ stdout: string; stderr: string }> {
  const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  const preload = fileURLToPath(new URL("./prisma-cli-preload.mjs", import.meta.url));
  return promisify(execFile)(process.execPath, ["--import", preload, prismaCli, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    maxBuffer: 16 * 1024 * 1024,
  });
}

/**
 * Brings the database up to date with `prisma migrate deploy`, so a fresh clone needs no manual
 * migration step. Skipped when nothing is pending, which keeps start-up fast.
 */
export async function migrateSqlite(url: string): Promise<void> {
  if (!sqliteNeedsMigration(url)) return;
  mkdirSync(path.dirname(sqlitePath(url)), { recursive: true });
  await runPrisma(["migrate", "deploy"], `file:${sqlitePath(url)}`);
}

/**
 * The same for PostgreSQL, with the derived migrations in prisma/postgres/migrations. Several
 * processes may start at once: migrate deploy serialises them with an advisory lock, and the
 * later ones find nothing left to apply.
 */
export async function migratePostgres(url: string): Promise<void> {
  if (!(await postgresNeedsMigration(url))) return;
  await runPrisma(["migrate", "deploy"], url);
}

/** Migrates the database at `url`, whichever kind it is. */
export function migrateDatabase(url: string): Promise<void> {
  return isPostgresUrl(url) ? migratePostgres(url) : migrateSqlite(url);
}
