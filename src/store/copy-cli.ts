/**
 * `npm run db:copy -- --from file:./data/studybot.db --to postgresql://…`: moves every row of one
 * database into another, empty one (migrating both first), and verifies the row counts table by table.
 * Stop the bot while it runs: rows written to the source meanwhile are not copied.
 */
import { parseArgs } from "node:util";
import { copyDatabase } from "./copy.js";
import { openDatabase, type Database } from "./database.js";
import { isPostgresUrl, isSqliteUrl, redactedDatabaseUrl } from "./database-url.js";

const USAGE = "usage: npm run db:copy -- --from <file:… | postgresql://…> --to <file:… | postgresql://…>";

async function main(): Promise<number> {
  let from: string | undefined;
  let to: string | undefined;
  try {
    ({ from, to } = parseArgs({ options: { from: { type: "string" }, to: { type: "string" } }, strict: true }).values);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const valid = (url: string | undefined): url is string => url !== undefined && (isSqliteUrl(url) || isPostgresUrl(url));
  if (!valid(from) || !valid(to) || from === to) {
    process.stderr.write(`--from and --to must be two different database URLs\n${USAGE}\n`);
    return 2;
  }
  const opened: Database[] = [];
  try {
    const source = await openDatabase(from);
    opened.push(source);
    const target = await openDatabase(to);
    opened.push(target);
    const copied = await copyDatabase(source, target);
    const width = Math.max(...copied.map((t) => t.model.length));
    process.stdout.write(`${"table".padEnd(width)}  ${"from".padStart(8)}  ${"to".padStart(8)}\n`);
    for (const t of copied) process.stdout.write(`${t.model.padEnd(width)}  ${String(t.source).padStart(8)}  ${String(t.target).padStart(8)}${t.source === t.target ? "" : "  MISMATCH"}\n`);
    const mismatched = copied.filter((t) => t.source !== t.target);
    if (mismatched.length > 0) {
      process.stderr.write(`row counts differ in ${mismatched.map((t) => t.model).join(", ")}\n`);
      return 1;
    }
    process.stdout.write(`copied ${copied.reduce((sum, t) => sum + t.target, 0)} rows from ${redactedDatabaseUrl(from)} to ${redactedDatabaseUrl(to)}; every table's count matches\n`);
    return 0;
  } finally {
    for (const database of opened) await database.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`db:copy failed: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
