import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { migratePostgres, migrateSqlite, migrationNames, postgresMigrationNames, postgresNeedsMigration, sqliteNeedsMigration } from "../../src/store/migrate.js";
import { runAdminStatement } from "../../src/store/postgres.js";
import { testDatabaseKind } from "../support/database.js";
import { databaseUrl, POSTGRES_SKIP_REASON, TEST_DATABASE_PREFIX } from "../support/postgres.js";

describe("migrateSqlite", () => {
  it("creates a fresh database with every checked-in migration, then finds nothing pending", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "studybot-migrate-"));
    try {
      const url = `file:${path.join(dir, "nested", "fresh.db")}`;
      expect(sqliteNeedsMigration(url)).toBe(true);
      await migrateSqlite(url);
      expect(sqliteNeedsMigration(url)).toBe(false);
      const db = new Database(path.join(dir, "nested", "fresh.db"), { readonly: true });
      const applied = db.prepare("SELECT migration_name FROM _prisma_migrations").all() as { migration_name: string }[];
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
      db.close();
      expect(applied.map((r) => r.migration_name)).toEqual(migrationNames());
      expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["Chat", "Member", "DailyQuestion", "DailyAnswer", "ScoreTotal", "QuizSession"]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.runIf(testDatabaseKind() === "postgres")(`migratePostgres${testDatabaseKind() === "postgres" ? "" : ` (${POSTGRES_SKIP_REASON})`}`, () => {
  it("migrates an empty database once when several processes start at the same time", async () => {
    const server = inject("postgresServer");
    const name = `${TEST_DATABASE_PREFIX}${inject("postgresRun")}_migrate`;
    await runAdminStatement(server, `CREATE DATABASE "${name}"`);
    const url = databaseUrl(server, name);
    try {
      expect(await postgresNeedsMigration(url)).toBe(true);
      await Promise.all([migratePostgres(url), migratePostgres(url)]);
      expect(await postgresNeedsMigration(url)).toBe(false);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const applied = await client.query<{ migration_name: string }>('SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name');
      await client.end();
      expect(applied.rows.map((r) => r.migration_name)).toEqual(postgresMigrationNames());
      expect(postgresMigrationNames()).toEqual(migrationNames());
    } finally {
      await runAdminStatement(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });
});
