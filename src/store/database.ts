import { PrismaClient } from "../generated/prisma/client.js";
import { DEFAULT_DATABASE_URL, isPostgresUrl, isSqliteUrl, sqlitePath } from "./database-url.js";
import { migratePostgres, migrateSqlite } from "./migrate.js";
import type { Store } from "../engine/ports.js";
import { composeStore, createPrismaStores, type CapabilityStores } from "./prisma-store.js";
import { PrismaDailyThreadStore } from "./thread-store.js";
import type { HotPath } from "./hot-path.js";
import { SharedConnectionSqlite, SqliteHotPath } from "./sqlite-hot-path.js";
import type { ReviewSql } from "./review-sql.js";
import { SqliteReviewSql } from "./sqlite-review-sql.js";
import type { DailySql } from "./daily-sql.js";
import { SqliteDailySql } from "./sqlite-daily-sql.js";
import { InboxStore } from "./inbox-store.js";
import { PrismaLeaseStore } from "./lease-store.js";
import { lockSqliteDatabase, type ProcessLock } from "./process-lock.js";

export interface Database {
  kind: "sqlite" | "postgres";
  /** Every capability store composed: what the engine takes. */
  store: Store;
  /** The same stores one by one, each behind its own port. */
  stores: CapabilityStores;
  /** The thread-per-daily-post setting (Engine's `threads` deps), apart from the composed Store. */
  threads: PrismaDailyThreadStore;
  /**
   * The SQLite client's type serves both databases: the two generated clients have the same models
   * and model types, but their PrismaClient classes are not assignable to each other.
   */
  prisma: PrismaClient;
  /** Platform updates kept until handled (crash-safe update handling). */
  inbox: InboxStore;
  /** Leases electing one process for a job (the Telegram long poller). */
  leases: PrismaLeaseStore;
  /** Whether the database answers a trivial query now (the /healthz check). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connections per process. */
  poolSize?: number;
  /**
   * SQLite: hold an exclusive lock on the database for this process's life, so a second bot process on
   * the same file refuses to start (ProcessLockError) instead of sharing it. The entry point sets it.
   */
  exclusive?: boolean;
}

/** Opens (and migrates) the database a DATABASE_URL names: `file:` (or none) SQLite, `postgresql://` PostgreSQL. */
export function openDatabase(url: string = DEFAULT_DATABASE_URL, options: DatabaseOptions = {}): Promise<Database> {
  if (isPostgresUrl(url)) return openPostgres(url, options);
  if (isSqliteUrl(url)) return openSqlite(url, options);
  throw new Error("DATABASE_URL must be a file: URL (SQLite) or a postgresql:// URL");
}

/** Opens (and migrates) the embedded SQLite database. */
export async function openSqlite(url: string, options: DatabaseOptions = {}): Promise<Database> {
  const lock = options.exclusive ? lockSqliteDatabase(sqlitePath(url)) : undefined;
  try {
    return await openLockedSqlite(url, lock);
  } catch (error) {
    lock?.release();
    throw error;
  }
}

async function openLockedSqlite(url: string, lock: ProcessLock | undefined): Promise<Database> {
  await migrateSqlite(url);
  const adapter = new SharedConnectionSqlite({ url: sqlitePath(url), timeout: 5000 });
  const prisma = new PrismaClient({ adapter });
  // WAL lets readers run beside the writer; NORMAL sync is safe with WAL and much faster.
  await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await prisma.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  await prisma.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  if (!adapter.connection) throw new Error("the SQLite connection did not open");
  const hotPath = new SqliteHotPath(adapter.connection);
  return wrap("sqlite", prisma, hotPath, new SqliteReviewSql(adapter.connection, hotPath), new SqliteDailySql(adapter.connection, hotPath), lock);
}

/** Opens (and migrates) a PostgreSQL database through a connection pool of `poolSize`. */
export async function openPostgres(url: string, options: DatabaseOptions = {}): Promise<Database> {
  await migratePostgres(url);
  // Loaded only for PostgreSQL: the embedded default never pays for the second client and the pg driver.
  const [{ PrismaPg }, { PrismaClient: PostgresPrismaClient }, { createPostgresPool, DEFAULT_POOL_SIZE }] = await Promise.all([
    import("@prisma/adapter-pg"),
    import("../generated/prisma-pg/client.js"),
    import("./postgres.js"),
  ]);
  const [{ PostgresHotPath }, { PostgresReviewSql }, { PostgresDailySql }] = await Promise.all([import("./postgres-hot-path.js"), import("./postgres-review-sql.js"), import("./postgres-daily-sql.js")]);
  const pool = createPostgresPool(url, options.poolSize ?? DEFAULT_POOL_SIZE);
  const client = new PostgresPrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  // The one cast between the two generated clients (see Database.prisma).
  return wrap("postgres", client as unknown as PrismaClient, new PostgresHotPath(pool), new PostgresReviewSql(pool), new PostgresDailySql(pool));
}

function wrap(kind: Database["kind"], prisma: PrismaClient, hotPath: HotPath, reviewSql: ReviewSql, dailySql: DailySql, lock?: ProcessLock): Database {
  const stores = createPrismaStores(prisma, hotPath, reviewSql, dailySql);
  return {
    kind,
    store: composeStore(stores),
    stores,
    threads: new PrismaDailyThreadStore(prisma),
    prisma,
    inbox: new InboxStore(prisma),
    leases: new PrismaLeaseStore(prisma),
    async ping() {
      try {
        await prisma.$queryRawUnsafe("SELECT 1");
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      try {
        await prisma.$disconnect();
      } finally {
        lock?.release();
      }
    },
  };
}
