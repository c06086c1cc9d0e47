import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client.js";
import { sqlitePath } from "./database-url.js";
import { migrateSqlite } from "./migrate.js";
import { PrismaStore } from "./prisma-store.js";

export interface Database {
  store: PrismaStore;
  prisma: PrismaClient;
  close(): Promise<void>;
}

/** Opens (and migrates) the embedded SQLite database. */
export async function openSqlite(url: string): Promise<Database> {
  await migrateSqlite(url);
  const prisma = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: sqlitePath(url), timeout: 5000 }) });
  // WAL lets readers run beside the writer; NORMAL sync is safe with WAL and much faster.
  await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await prisma.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  await prisma.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  return { store: new PrismaStore(prisma), prisma, close: () => prisma.$disconnect() };
}
