import { Prisma } from "../generated/prisma/client.js";
import type { Database } from "./database.js";

/**
 * Every table, parents before children, with the columns that order its rows and whether its `id`
 * comes from a sequence. A model added to the schema must be added here (a test checks).
 */
export const COPY_ORDER: readonly { model: Prisma.ModelName; key: readonly string[]; serialId: boolean }[] = [
  { model: "Chat", key: ["id"], serialId: true },
  { model: "Member", key: ["id"], serialId: true },
  { model: "DailyQuestion", key: ["id"], serialId: true },
  { model: "DailyAnswer", key: ["id"], serialId: true },
  { model: "MemberStats", key: ["chatId", "memberId"], serialId: false },
  { model: "ScoreTotal", key: ["chatId", "period", "memberId"], serialId: false },
  { model: "ScoreHistogram", key: ["chatId", "period", "level", "points"], serialId: false },
  { model: "QuizSession", key: ["id"], serialId: true },
  { model: "QuizAnswer", key: ["id"], serialId: true },
  { model: "SeenQuestion", key: ["memberId", "questionId"], serialId: false },
  { model: "NativePoll", key: ["pollId"], serialId: false },
  { model: "DailyThreadSetting", key: ["id"], serialId: true },
  { model: "WeeklyRecap", key: ["id"], serialId: true },
  { model: "Learner", key: ["id"], serialId: true },
  { model: "LearnerMember", key: ["memberId"], serialId: false },
  { model: "ReviewCard", key: ["id"], serialId: true },
  { model: "ReviewLog", key: ["id"], serialId: true },
  { model: "ReviewSession", key: ["id"], serialId: true },
  { model: "ReviewReminder", key: ["learnerId"], serialId: false },
  { model: "PracticePrompt", key: ["id"], serialId: true },
  { model: "PracticeAttempt", key: ["id"], serialId: true },
  { model: "MockInterview", key: ["id"], serialId: true },
  { model: "GraderUse", key: ["id"], serialId: true },
  { model: "LinkCode", key: ["id"], serialId: true },
  { model: "LinkAttempt", key: ["id"], serialId: true },
  { model: "QuestionReport", key: ["id"], serialId: true },
];

/**
 * Tables of one running process's state, not the community's data: the update inbox (a stopped bot has
 * handled what it fetched, and Telegram keeps what it did not confirm) and the poller lease.
 */
export const NOT_COPIED: readonly Prisma.ModelName[] = ["InboxUpdate", "ProcessLease"];

const BATCH = 2_000;

export interface CopiedTable {
  model: Prisma.ModelName;
  source: number;
  target: number;
}

/** The model API of one table, whichever generated client it comes from (the rows are plain objects). */
interface TableDelegate {
  count(): Promise<number>;
  findMany(args: { orderBy: Record<string, "asc">[]; skip: number; take: number }): Promise<object[]>;
  createMany(args: { data: object[] }): Promise<{ count: number }>;
}

function table(client: unknown, model: Prisma.ModelName): TableDelegate {
  return (client as Record<string, TableDelegate>)[model.charAt(0).toLowerCase() + model.slice(1)]!;
}

/**
 * Copies every row of `source` into the empty, migrated `target` (either database kind), keeping ids,
 * in one target transaction, then moves the target's id sequences past the copied ids and compares
 * the row counts of every table. Throws, changing nothing, when the target holds any row.
 */
export async function copyDatabase(source: Database, target: Database): Promise<CopiedTable[]> {
  for (const { model } of COPY_ORDER) {
    const rows = await table(target.prisma, model).count();
    if (rows > 0) throw new Error(`the target database is not empty (${model} has ${rows} rows): copy into a freshly migrated database`);
  }
  await target.prisma.$transaction(
    async (tx) => {
      for (const { model, key } of COPY_ORDER) {
        for (let skip = 0; ; skip += BATCH) {
          const rows = await table(source.prisma, model).findMany({ orderBy: key.map((k) => ({ [k]: "asc" as const })), skip, take: BATCH });
          if (rows.length > 0) await table(tx, model).createMany({ data: rows });
          if (rows.length < BATCH) break;
        }
      }
      // SQLite moves its AUTOINCREMENT counter past explicit ids itself; PostgreSQL's sequences do not move.
      if (target.kind === "postgres") {
        for (const { model } of COPY_ORDER.filter((t) => t.serialId)) {
          await tx.$executeRawUnsafe(`SELECT setval(pg_get_serial_sequence('"${model}"', 'id'), COALESCE((SELECT MAX("id") FROM "${model}"), 0) + 1, false)`);
        }
      }
    },
    { timeout: 30 * 60_000, maxWait: 30_000 },
  );
  const copied: CopiedTable[] = [];
  for (const { model } of COPY_ORDER) copied.push({ model, source: await table(source.prisma, model).count(), target: await table(target.prisma, model).count() });
  return copied;
}
