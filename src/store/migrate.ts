import { execFile } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { sqlitePath } from "./database-url.js";

const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const MIGRATIONS_DIR = path.join(PROJECT_ROOT, "prisma", "migrations");

/** Names of the checked-in migrations, in order. */
export function migrationNames(): string[] {
  return readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function appliedMigrations(file: string): Set<string> {
  const db = new Database(file, { fileMustExist: true, readonly: true });
  try {
    const rows = db.prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL").all() as { migration_name: string }[];
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

/**
 * Brings the database up to date with `prisma migrate deploy`, so a fresh clone needs no manual
 * migration step. Skipped when nothing is pending, which keeps start-up fast.
 */
export async function migrateSqlite(url: string): Promise<void> {
  if (!sqliteNeedsMigration(url)) return;
  mkdirSync(path.dirname(sqlitePath(url)), { recursive: true });
  const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  await promisify(execFile)(process.execPath, [prismaCli, "migrate", "deploy"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: `file:${sqlitePath(url)}` },
  });
}
