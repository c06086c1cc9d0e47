import { mkdirSync } from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";

/** Thrown when another process holds the database: its message is the one line the operator sees. */
export class ProcessLockError extends Error {
  override name = "ProcessLockError";
}

export interface ProcessLock {
  release(): void;
}

/**
 * Holds an exclusive lock on `<database>-lock` for as long as this process runs: an SQLite database
 * serves one bot process. The lock is SQLite's own (an exclusive transaction on a small side file,
 * never committed), so the operating system releases it when the process dies, even by SIGKILL; a
 * second process finds it taken at once and refuses with one line.
 */
export function lockSqliteDatabase(databasePath: string): ProcessLock {
  const lockPath = `${databasePath}-lock`;
  mkdirSync(path.dirname(lockPath), { recursive: true }); // a first start creates the database's directory too
  const connection = new BetterSqlite3(lockPath, { timeout: 0 });
  try {
    connection.pragma("locking_mode = EXCLUSIVE");
    connection.exec("BEGIN EXCLUSIVE");
  } catch (error) {
    connection.close();
    if ((error as { code?: string }).code === "SQLITE_BUSY") {
      throw new ProcessLockError(`another studybot process is using ${databasePath} (an SQLite database serves one process: stop the other one, or use PostgreSQL for several)`);
    }
    throw error;
  }
  return {
    release() {
      try {
        connection.exec("ROLLBACK");
      } finally {
        connection.close();
      }
    },
  };
}
