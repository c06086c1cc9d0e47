import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { migrateSqlite, migrationNames, sqliteNeedsMigration } from "../../src/store/migrate.js";

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
