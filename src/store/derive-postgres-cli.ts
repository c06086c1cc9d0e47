/**
 * `npm run db:derive-postgres [-- --check]`: derives prisma/postgres/ from prisma/schema.prisma and
 * prisma/migrations. Re-run it after adding an SQLite migration; commit what it writes after reading
 * the review notes it prints.
 *
 * Each missing PostgreSQL migration is generated offline: the SQLite migrations up to it are applied
 * to a scratch SQLite file and introspected (`prisma db pull`), which gives the models before and
 * after it; `prisma migrate diff --script` turns the pair, with the provider set to postgresql, into
 * PostgreSQL SQL. Existing PostgreSQL migrations are kept as they are: they may have been reviewed
 * and edited, and they may already be applied somewhere.
 *
 * The JS schema engine opens a connection even for a datamodel-to-datamodel diff, so generating
 * needs a PostgreSQL server (nothing is written to it): TEST_POSTGRES_URL, or a throwaway cluster
 * started with scripts/pg-test-cluster.sh. `--check` needs none.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { isPostgresUrl } from "./database-url.js";
import { runPrisma } from "./migrate.js";
import {
  derivePostgresSchema,
  migrationFolders,
  migrationRisks,
  postgresDrift,
  POSTGRES_MIGRATION_LOCK,
  POSTGRES_MIGRATIONS,
  POSTGRES_SCHEMA,
  PROJECT_ROOT,
  SQLITE_MIGRATIONS,
  SQLITE_SCHEMA,
} from "./postgres-derivation.js";

const CLUSTER_SCRIPT = path.join(PROJECT_ROOT, "scripts", "pg-test-cluster.sh");

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.some((a) => a !== "--check")) {
    process.stderr.write("usage: npm run db:derive-postgres [-- --check]\n");
    return 2;
  }
  if (args.includes("--check")) {
    const problems = postgresDrift();
    for (const problem of problems) process.stderr.write(`drift: ${problem}\n`);
    if (problems.length > 0) process.stderr.write("run `npm run db:derive-postgres`, review and commit what it writes\n");
    else process.stdout.write("prisma/postgres is current with prisma/schema.prisma and prisma/migrations\n");
    return problems.length > 0 ? 1 : 0;
  }

  mkdirSync(POSTGRES_MIGRATIONS, { recursive: true });
  writeFileSync(POSTGRES_SCHEMA, derivePostgresSchema(readFileSync(SQLITE_SCHEMA, "utf8")));
  writeFileSync(path.join(POSTGRES_MIGRATIONS, "migration_lock.toml"), POSTGRES_MIGRATION_LOCK);

  const sqlite = migrationFolders(SQLITE_MIGRATIONS);
  const existing = new Set(migrationFolders(POSTGRES_MIGRATIONS));
  const stale = [...existing].filter((name) => !sqlite.includes(name));
  if (stale.length > 0) {
    process.stderr.write(`PostgreSQL migrations without an SQLite source (remove or rename them): ${stale.join(", ")}\n`);
    return 1;
  }
  const missing = sqlite.filter((name) => !existing.has(name));
  if (missing.length > 0) await generateMigrations(sqlite, missing);
  else process.stdout.write("every SQLite migration has its PostgreSQL twin\n");

  await runPrisma(["generate"], postgresPlaceholderUrl());
  process.stdout.write("wrote prisma/postgres/schema.prisma and generated src/generated/prisma-pg\n");
  return 0;
}

async function generateMigrations(sqlite: string[], missing: string[]): Promise<void> {
  const scratch = mkdtempSync(path.join(tmpdir(), "studybot-derive-"));
  const server = startServer();
  try {
    const models = new SqliteModels(scratch);
    for (const name of missing) {
      const index = sqlite.indexOf(name);
      const before = models.after(sqlite.slice(0, index));
      const after = models.after(sqlite.slice(0, index + 1));
      const beforeFile = path.join(scratch, `before-${index}.prisma`);
      const afterFile = path.join(scratch, `after-${index}.prisma`);
      writeFileSync(beforeFile, asPostgres(await before));
      writeFileSync(afterFile, asPostgres(await after));
      const { stdout } = await runPrisma(["migrate", "diff", "--from-schema-datamodel", beforeFile, "--to-schema-datamodel", afterFile, "--script"], server.url);
      const sql = `-- Derived from prisma/migrations/${name} by \`npm run db:derive-postgres\`.\n${stdout}`;
      mkdirSync(path.join(POSTGRES_MIGRATIONS, name), { recursive: true });
      writeFileSync(path.join(POSTGRES_MIGRATIONS, name, "migration.sql"), sql);
      const risks = migrationRisks(sql);
      process.stdout.write(`wrote prisma/postgres/migrations/${name}/migration.sql${risks.length ? "; REVIEW:" : " (no risky statement found; read it anyway)"}\n`);
      for (const risk of risks) process.stdout.write(`  - ${risk}\n`);
    }
  } finally {
    server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The models after a prefix of the SQLite migrations, introspected from a scratch SQLite file. */
class SqliteModels {
  private readonly cache = new Map<string, Promise<string>>();
  constructor(private readonly dir: string) {}

  after(migrations: string[]): Promise<string> {
    const key = migrations.join(",");
    let models = this.cache.get(key);
    if (!models) {
      models = this.introspect(migrations);
      this.cache.set(key, models);
    }
    return models;
  }

  private async introspect(migrations: string[]): Promise<string> {
    const datasource = 'datasource db {\n  provider = "sqlite"\n  url      = env("DATABASE_URL")\n}\n';
    if (migrations.length === 0) return datasource;
    const file = path.join(this.dir, `models-${migrations.length}.db`);
    const db = new Database(file);
    for (const name of migrations) db.exec(readFileSync(path.join(SQLITE_MIGRATIONS, name, "migration.sql"), "utf8"));
    db.close();
    const schema = path.join(this.dir, `models-${migrations.length}.prisma`);
    writeFileSync(schema, datasource);
    const { stdout } = await runPrisma(["db", "pull", "--print", "--schema", schema], `file:${file}`);
    return stdout.slice(stdout.indexOf("datasource db"));
  }
}

function asPostgres(models: string): string {
  return models.replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"');
}

/** prisma.config.ts picks the PostgreSQL schema by URL; generate never connects. */
function postgresPlaceholderUrl(): string {
  return "postgresql://generate@localhost/unused";
}

function startServer(): { url: string; stop(): void } {
  const given = process.env.TEST_POSTGRES_URL;
  if (given && isPostgresUrl(given)) return { url: given, stop() {} };
  // Its own folder directly under the temp dir: the cluster may belong to the postgres user, who cannot enter `scratch`.
  const dir = mkdtempSync(path.join(tmpdir(), "studybot-derive-pg-"));
  const port = String(20000 + Math.floor(Math.random() * 20000));
  const url = execFileSync(CLUSTER_SCRIPT, ["start", dir, port], { encoding: "utf8" }).trim();
  return { url, stop: () => execFileSync(CLUSTER_SCRIPT, ["stop", dir]) };
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`db:derive-postgres failed: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
