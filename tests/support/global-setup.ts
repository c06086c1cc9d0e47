import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migratePostgres, migrateSqlite } from "../../src/store/migrate.js";
import { runAdminStatement } from "../../src/store/postgres.js";
import type { DatabaseKind } from "./database.js";
import { databaseUrl, TEMPLATE_DATABASE_PREFIX, TEST_DATABASE_PREFIX } from "./postgres.js";

/**
 * Migrates one template database with the real `prisma migrate deploy` for the project's database
 * kind; each test file copies it (tests/support/database.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const kind = project.config.provide?.databaseKind ?? "sqlite";
  // The postgres project has an SQLite template too: some of its tests use both (e.g. copying one into the other).
  const teardowns = await Promise.all(kind === "postgres" ? [setupSqlite(project), setupPostgres(project)] : [setupSqlite(project)]);
  return async () => {
    for (const teardown of teardowns) await teardown();
  };
}

async function setupSqlite(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(path.join(tmpdir(), "studybot-template-"));
  const template = path.join(dir, "template.db");
  await migrateSqlite(`file:${template}`);
  project.provide("sqliteTemplate", template);
  return async () => rmSync(dir, { recursive: true, force: true });
}

async function setupPostgres(project: TestProject): Promise<() => Promise<void>> {
  const server = process.env.TEST_POSTGRES_URL;
  if (!server) throw new Error("the postgres test project needs TEST_POSTGRES_URL");
  const run = `${process.pid}_${Date.now().toString(36)}`;
  const template = `${TEMPLATE_DATABASE_PREFIX}${run}`;
  await runAdminStatement(server, `CREATE DATABASE "${template}"`);
  await migratePostgres(databaseUrl(server, template));
  project.provide("postgresTemplate", template);
  project.provide("postgresServer", server);
  project.provide("postgresRun", run);
  return () => dropDatabasesOf(server, run);
}

/** Drops the template and whatever test databases of this run a failed test left behind. */
async function dropDatabasesOf(server: string, run: string): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2", [
    `${TEMPLATE_DATABASE_PREFIX}${run}`,
    `${TEST_DATABASE_PREFIX}${run}\\_%`,
  ]);
  await client.end();
  for (const { datname } of rows) await runAdminStatement(server, `DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseKind: DatabaseKind;
    /** The migrated SQLite template's file. */
    sqliteTemplate: string;
    /** The migrated PostgreSQL template database's name, in the postgres project. */
    postgresTemplate: string;
    /** TEST_POSTGRES_URL, in the postgres project. */
    postgresServer: string;
    /** This run's part of the PostgreSQL database names. */
    postgresRun: string;
  }
}
