import pg from "pg";

/** What the plain-SQL PostgreSQL stores (hot path, daily posts, review) share about Prisma's columns. */

const TIMESTAMP_OID = 1114;

/** Prisma keeps DateTime as UTC in `timestamp(3)` columns: read them as UTC, whatever the process's zone. */
export const utcTimestamps = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID ? (value: string) => new Date(`${value.replace(" ", "T")}Z`) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** A Date as a `timestamp(3)` literal in UTC (Prisma's spelling). */
export function pgTimestamp(date: Date): string {
  return date.toISOString().slice(0, -1);
}
