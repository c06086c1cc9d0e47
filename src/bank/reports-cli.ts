/**
 * npm run --silent questions:reports — prints the open question reports as JSON (one object on stdout), newest
 * first, for maintainers who fix the bank in the repository: each with its question, reason, text, the revision
 * it was reported on and whether the bank's content changed since. Reads DATABASE_URL and BANK_DIR like the bot.
 */
import { ConfigError, loadConfig } from "../config.js";
import { Engine } from "../engine/engine.js";
import { openDatabase } from "../store/database.js";
import { loadBank } from "./load.js";
import { createSearch } from "./search.js";

async function main(): Promise<number> {
  const config = loadConfig();
  const loaded = loadBank(config.BANK_DIR);
  const bank = { ...loaded, search: createSearch(loaded.questions) };
  const database = await openDatabase(config.DATABASE_URL, { poolSize: 2 });
  try {
    const engine = new Engine({ bank, store: database.store, reports: database.stores.reports, clock: { now: () => new Date() } });
    const open = await engine.reports.allOpen();
    const reports = open.map(({ report, question, reporters }) => ({
      id: report.id,
      questionId: report.questionId,
      topic: question?.topic ?? null,
      prompt: question?.prompt ?? null,
      reason: report.reason,
      text: report.text,
      reportedAt: report.createdAt.toISOString(),
      reporter: { platform: report.reporter.platform, id: report.reporter.externalId, name: report.reporter.displayName },
      reporters,
      revision: report.revision,
      currentRevision: question?.revision ?? null,
      changedSince: report.revision !== null && question?.revision !== undefined && report.revision !== question.revision,
    }));
    process.stdout.write(`${JSON.stringify({ open: reports.length, reports }, null, 2)}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : `questions:reports failed: ${(error as Error).message}`}\n`);
    process.exitCode = 1;
  },
);
