import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { openSqlite, type Database } from "../../src/store/database.js";

export interface TestDatabase extends Database {
  url: string;
  /** Closes the database and deletes its files. */
  dispose(): Promise<void>;
}

/** A fresh, real SQLite database file, migrated like production (copied from the migrated template). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), "studybot-test-"));
  const file = path.join(dir, "test.db");
  copyFileSync(inject("templateDatabase"), file);
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
