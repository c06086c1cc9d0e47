import path from "node:path";

/** The embedded default: an SQLite file under ./data (gitignored). */
export const DEFAULT_DATABASE_URL = "file:./data/studybot.db";

export function isSqliteUrl(url: string): boolean {
  return url.startsWith("file:");
}

export function isPostgresUrl(url: string): boolean {
  return url.startsWith("postgresql://") || url.startsWith("postgres://");
}

/** The absolute file path of a `file:` SQLite URL (relative paths are taken from the working directory). */
export function sqlitePath(url: string): string {
  if (!isSqliteUrl(url)) throw new Error(`not an SQLite file URL: ${url}`);
  return path.resolve(url.slice("file:".length));
}

/** A `file:` URL for an SQLite database file. */
export function sqliteUrl(file: string): string {
  return `file:${path.resolve(file)}`;
}

/** The URL with its password masked, for logs. */
export function redactedDatabaseUrl(url: string): string {
  if (!isPostgresUrl(url)) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgresql://(unparsable URL)";
  }
}
