import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

/** Pool size when none is configured: enough for a bot process, well under PostgreSQL's default 100 connections. */
export const DEFAULT_POOL_SIZE = 10;

// PostgreSQL's internal `name` (OID 19) and `"char"` (OID 18) columns appear in the catalog queries of
// Prisma's schema engine (migrate deploy/diff). @prisma/adapter-pg 6.19 rejects both ("Column type
// 'name' could not be deserialized"); their values already arrive as strings, so calling them text
// (OID 25) is exact.
const TEXT_OID = 25;
const TEXT_LIKE_OIDS = new Set([18, 19]);

type QueryResult = pg.QueryResult | pg.QueryResult[];

function asText(result: QueryResult): QueryResult {
  for (const one of Array.isArray(result) ? result : [result]) {
    for (const field of one.fields ?? []) if (TEXT_LIKE_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
  }
  return result;
}

/** A pg client that reports catalog `name`/`"char"` columns as text, for the Prisma adapter. */
class CatalogTextClient extends pg.Client {
  // pg's query() has many overloads (promise, callback, submittable); this wraps the two the pool and adapter use.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config?.submit === "function") return super.query(config, values, callback);
    if (typeof values === "function") [values, callback] = [undefined, values];
    if (typeof callback === "function") {
      return super.query(config, values, (error: Error | null, result: QueryResult) => callback(error, error ? result : asText(result)));
    }
    return (super.query(config, values) as Promise<QueryResult>).then(asText);
  }
}

/** A connection pool for the PostgreSQL database at `url` (a postgresql:// URL). */
export function createPostgresPool(url: string, size: number = DEFAULT_POOL_SIZE, options: Pick<pg.PoolConfig, "allowExitOnIdle"> = {}): pg.Pool {
  // A bounded connect timeout: an unreachable database fails requests and /healthz instead of hanging them.
  // READ COMMITTED whatever the server's default: the store's row locks and atomic updates are made for it
  // (a stricter level would fail concurrent answers with serialization errors instead of queueing them).
  return new pg.Pool({
    connectionString: url,
    max: size,
    connectionTimeoutMillis: 5_000,
    options: "-c default_transaction_isolation=read\\ committed",
    Client: CatalogTextClient,
    ...options,
  });
}

// The Prisma CLI never closes its adapter: without this its process would wait for idle connections to time out (10 s).
const CLI_POOL = { allowExitOnIdle: true };

/**
 * The Prisma adapter for the CLI (migrate deploy/diff). Its shadow database is dropped only after its
 * pool is closed: the stock adapter drops it first, which PostgreSQL refuses while the pool is connected.
 */
export class PostgresMigrationAdapter extends PrismaPg {
  constructor(private readonly url: string) {
    super(createPostgresPool(url, 2, CLI_POOL), { disposeExternalPool: true });
  }

  override async connectToShadowDb(): Promise<Awaited<ReturnType<PrismaPg["connectToShadowDb"]>>> {
    const name = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID().replaceAll("-", "")}`;
    await runAdminStatement(this.url, `CREATE DATABASE "${name}"`);
    const shadowUrl = new URL(this.url);
    shadowUrl.pathname = `/${name}`;
    const shadow = await new PrismaPg(createPostgresPool(shadowUrl.toString(), 2, CLI_POOL), { disposeExternalPool: true }).connect();
    const closePool = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await closePool();
      await runAdminStatement(this.url, `DROP DATABASE IF EXISTS "${name}"`);
    };
    return shadow;
  }
}

/** Runs one statement on its own connection (CREATE/DROP DATABASE cannot run inside a transaction or pool session state). */
export async function runAdminStatement(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
