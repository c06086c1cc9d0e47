import { randomUUID } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { openPostgres, openSqlite, type Database } from "../../src/store/database.js";
import { runAdminStatement } from "../../src/store/postgres.js";
import { databaseUrl, TEST_DATABASE_PREFIX } from "./postgres.js";

export type DatabaseKind = Database["kind"];

export interface TestDatabase extends Database {
  url: string;
  /** Closes the database and deletes it. */
  dispose(): Promise<void>;
}

/** The database the current vitest project runs against ("sqlite" or "postgres", see vitest.config.ts). */
export function testDatabaseKind(): DatabaseKind {
  return inject("databaseKind");
}

/**
 * A fresh, real database, migrated like production: an SQLite file copied from the migrated
 * template, or a PostgreSQL database created from the migrated template database (CREATE DATABASE
 * … TEMPLATE), emptied and reused once a test disposed of it. The global teardown drops them all.
 */
export async function createTestDatabase(kind: DatabaseKind = testDatabaseKind()): Promise<TestDatabase> {
  return kind === "postgres" ? createPostgresTestDatabase() : createSqliteTestDatabase();
}

async function createSqliteTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), "studybot-test-"));
  const file = path.join(dir, "test.db");
  copyFileSync(inject("sqliteTemplate"), file);
  const url = `file:${file}`;
  const database = await openSqlite(url);
  return {
    ...database,
    url,
    async dispose() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Databases of this worker that a finished test gave back: emptied and reused, CREATE DATABASE costs ~150 ms. */
const idlePostgresDatabases: string[] = [];

async function createPostgresTestDatabase(): Promise<TestDatabase> {
  const server = inject("postgresServer");
  let name = idlePostgresDatabases.pop();
  if (name) {
    await emptyDatabase(databaseUrl(server, name));
  } else {
    name = `${TEST_DATABASE_PREFIX}${inject("postgresRun")}_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
    await runAdminStatement(server, `CREATE DATABASE "${name}" TEMPLATE "${inject("postgresTemplate")}"`);
  }
  const url = databaseUrl(server, name);
  const database = await openPostgres(url, { poolSize: 8 });
  return {
    ...database,
    url,
    async dispose() {
      await database.close();
      idlePostgresDatabases.push(name);
    },
  };
}

/** Back to the state of a fresh copy of the template: every table empty, ids from 1 again. */
async function emptyDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>("SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'");
    await client.query(`TRUNCATE ${rows.map((r) => r.name).join(", ")} RESTART IDENTITY CASCADE`);
  } finally {
    await client.end();
  }
}
