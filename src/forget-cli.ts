/**
 * `npm run --silent member:forget -- <platform>:<id>`: what /forgetme does, for an operator: deletes the
 * learner of that platform identity and every identity linked to it (cards, logs, reviews, reminders, quiz
 * history, stats and scores); their daily answers in chats stay, anonymised. Prints one line.
 */
import { Identities } from "./engine/identity/identity.js";
import { PLATFORMS } from "./engine/types.js";
import { loadConfig } from "./config.js";
import { openDatabase } from "./store/database.js";

const USAGE = "usage: npm run --silent member:forget -- <platform>:<id>   (platform: discord, telegram or console)";

async function main(args: string[]): Promise<number> {
  const match = args.length === 1 ? /^([a-z]+):(.+)$/.exec(args[0]!) : null;
  if (!match || !(PLATFORMS as readonly string[]).includes(match[1]!)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const [, platform, externalId] = match as unknown as [string, string, string];
  const database = await openDatabase(loadConfig().DATABASE_URL);
  try {
    const identities = new Identities({ store: database.stores.identity, directory: database.store, clock: { now: () => new Date() } });
    const forgotten = await identities.forgetIdentity(platform, externalId);
    if (!forgotten.ok) {
      process.stderr.write(`no member ${platform}:${externalId} in this database\n`);
      return 1;
    }
    process.stdout.write(`forgot ${platform}:${externalId}: ${forgotten.value.identities} identities deleted, ${forgotten.value.anonymisedAnswers} answers in chats kept anonymised\n`);
    return 0;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`member:forget failed: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
