import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { DEFAULT_DATABASE_URL, isPostgresUrl } from "./src/store/database-url.js";
import { PostgresMigrationAdapter } from "./src/store/postgres.js";

// The JS schema engine (engine: "js") lets migrate deploy/diff and generate run offline:
// the native schema-engine binary cannot be downloaded here.
// DATABASE_URL picks the database: a postgresql:// URL uses the schema and migrations derived for
// PostgreSQL (prisma/postgres/, see `npm run db:derive-postgres`), anything else the SQLite source.
const url = (process.env.DATABASE_URL ??= DEFAULT_DATABASE_URL);
const postgres = isPostgresUrl(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: postgres ? path.join("prisma", "postgres", "schema.prisma") : path.join("prisma", "schema.prisma"),
  async adapter() {
    return postgres ? new PostgresMigrationAdapter(url) : new PrismaBetterSQLite3({ url });
  },
});
