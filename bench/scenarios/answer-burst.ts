import Database from "better-sqlite3";
import { Engine } from "../../src/engine/engine.js";
import type { ChatRef, MemberRef } from "../../src/engine/types.js";
import type { Database as StoreDatabase } from "../../src/store/database.js";
import { createPostgresPool } from "../../src/store/postgres.js";
import { benchBank, cpuMeter, latencyFigures, postgresServer, round, scratchPostgres, scratchSqlite, type CpuUsed, type Figure, type Scenario } from "../support.js";

const SUBMITTERS = 32;
/** PostgreSQL runs: concurrent submitters (clients) and connections per process; each against its own raw-insert baseline. */
const POSTGRES_RUNS = [
  { submitters: 2, poolSize: 2 },
  { submitters: 8, poolSize: 8 },
  { submitters: 32, poolSize: 16 },
];

/**
 * A daily question in a big chat: every member answers within a minute. Answers go through the
 * engine (member, answer, score, streak, one transaction each) from 32 concurrent submitters; the
 * baseline inserts the same answer rows with raw better-sqlite3 in the same run.
 */
export const answerBurstScenario: Scenario = {
  name: "answer burst",
  async run({ quick }) {
    const members = quick ? 200 : 10_000;
    const figures: Figure[] = [];
    const sqlite = await scratchSqlite();
    const onSqlite = await burst(sqlite, members);
    await sqlite.dispose();
    const params = { members, submitters: SUBMITTERS, database: "sqlite" };
    figures.push(
      { scenario: "answer burst", metric: "throughput (sqlite)", value: round(onSqlite.rate), unit: "answers/s", target: 1_500, better: "higher", params },
      ...latencyFigures("answer burst", onSqlite.latencies, { p99: 25 }, params, "sqlite latency "),
    );
    const rawRate = await rawInsertRate(members);
    figures.push(
      { scenario: "answer burst", metric: "raw better-sqlite3 insert", value: round(rawRate), unit: "rows/s", target: null, better: "higher", params },
      { scenario: "answer burst", metric: "sqlite engine / raw insert", value: round((onSqlite.rate / rawRate) * 100), unit: "%", target: 25, better: "higher", params },
    );
    // PostgreSQL when DATABASE_URL names a server: for each (submitters, pool), a fresh database for the
    // answer path and another for raw single-row inserts of the same rows, side by side in this run.
    const server = postgresServer();
    if (server) {
      for (const { submitters, poolSize } of POSTGRES_RUNS) {
        const postgres = await scratchPostgres(server, poolSize);
        let onPostgres: { rate: number; latencies: number[] };
        let cpu: CpuUsed;
        try {
          const meter = await cpuMeter(postgres.url);
          onPostgres = await burst(postgres, members, submitters);
          cpu = await meter.stop();
        } finally {
          await postgres.dispose();
        }
        const raw = await rawPostgresInsertRate(server, members, submitters, poolSize);
        const pgParams = { members, submitters, database: "postgresql", poolSize };
        const label = `postgresql, ${submitters} clients`;
        figures.push(
          { scenario: "answer burst", metric: `throughput (${label})`, value: round(onPostgres.rate), unit: "answers/s", target: null, better: "higher", params: pgParams },
          ...latencyFigures("answer burst", onPostgres.latencies, { p99: 50 }, pgParams, `${label} latency `),
          { scenario: "answer burst", metric: `raw pg insert (${label})`, value: round(raw.rate), unit: "rows/s", target: null, better: "higher", params: pgParams },
          ...latencyFigures("answer burst", raw.latencies, {}, pgParams, `raw pg insert (${label}) latency `).slice(2),
          { scenario: "answer burst", metric: `postgresql engine / raw insert (${submitters} clients)`, value: round((onPostgres.rate / raw.rate) * 100), unit: "%", target: 40, better: "higher", params: pgParams },
          ...cpuFigures(`answer (${label})`, cpu, members, pgParams),
          ...cpuFigures(`raw pg insert (${label})`, raw.cpu, members, pgParams),
        );
      }
    }
    return figures;
  },
};

/**
 * Where the time of an answer (or a raw insert) goes: this process's CPU (the engine and the driver) and the
 * server's, per answer, in ms. On 2 cores both together bound the rate; with few clients, each waiting for
 * its answer, they add up on every answer's path.
 */
function cpuFigures(what: string, cpu: CpuUsed, rows: number, params: Record<string, unknown>): Figure[] {
  const perRow = (ms: number) => ({ scenario: "answer burst", value: round(ms / rows), unit: "ms", target: null, better: "lower" as const, params });
  return [
    { metric: `node CPU per ${what}`, ...perRow(cpu.processMs) },
    ...(cpu.serverMs === null ? [] : [{ metric: `postgresql CPU per ${what}`, ...perRow(cpu.serverMs) }]),
  ];
}

/** Every member answers today's question through the engine, from `submitters` concurrent submitters. */
export async function burst(db: StoreDatabase, members: number, submitters = SUBMITTERS): Promise<{ rate: number; latencies: number[] }> {
  const now = new Date("2026-05-01T02:00:00Z");
  const engine = new Engine({ bank: benchBank(), store: db.store, clock: { now: () => now }, random: () => 0.42 });
  const chat: ChatRef = { platform: "telegram", externalId: "-100" };
  const daily = await engine.currentDaily(chat);
  if (!daily.ok) throw new Error(`no daily question: ${daily.code}`);
  const mode = daily.value.daily.mode;
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: submitters }, async () => {
      for (let i = next++; i < members; i = next++) {
        const member: MemberRef = { platform: "telegram", externalId: String(10_000_000 + i), displayName: `member ${i}` };
        const input = mode === "choice" ? { kind: "choice" as const, index: i % 4 } : { kind: "recall" as const, grade: "know" as const };
        const start = performance.now();
        const result = await engine.answerDaily(chat, member, input);
        latencies.push(performance.now() - start);
        if (!result.ok) throw new Error(`answer failed: ${result.code}`);
      }
    }),
  );
  const rate = members / ((performance.now() - started) / 1000);
  const recorded = await db.store.countDailyAnswers(daily.value.daily.id);
  if (recorded !== members) throw new Error(`expected ${members} answers, found ${recorded}`);
  return { rate, latencies };
}

/** The same answer rows inserted one by one with a prepared statement, autocommit, same pragmas. */
async function rawInsertRate(rows: number): Promise<number> {
  const db = await scratchSqlite();
  const daily = await db.prisma.dailyQuestion.create({ data: { chat: { create: { platform: "telegram", externalId: "-1" } }, localDate: "2026-05-01", questionId: "q", mode: "choice", postedAt: new Date() } });
  await db.prisma.member.createMany({ data: Array.from({ length: rows }, (_, i) => ({ platform: "telegram", externalId: String(i), displayName: `member ${i}` })) });
  const memberIds = (await db.prisma.member.findMany({ select: { id: true } })).map((m) => m.id);
  await db.dispose();
  const raw = new Database(db.file);
  raw.pragma("journal_mode = WAL");
  raw.pragma("synchronous = NORMAL");
  const insert = raw.prepare('INSERT INTO "DailyAnswer" ("dailyQuestionId", "memberId", "response", "correct", "points", "streak", "answeredAt") VALUES (?, ?, ?, ?, ?, ?, ?)');
  const started = performance.now();
  for (const memberId of memberIds) insert.run(daily.id, memberId, "A", 1, 10, 1, Date.now());
  const rate = rows / ((performance.now() - started) / 1000);
  raw.close();
  return rate;
}

/**
 * The raw PostgreSQL ceiling: the same answer rows as single-row INSERTs (one named prepared statement,
 * autocommit) through `pg`, from `submitters` concurrent workers on a pool of `poolSize`, in a fresh database.
 */
async function rawPostgresInsertRate(server: string, rows: number, submitters: number, poolSize: number): Promise<{ rate: number; latencies: number[]; cpu: CpuUsed }> {
  const db = await scratchPostgres(server, 2);
  try {
    const daily = await db.prisma.dailyQuestion.create({ data: { chat: { create: { platform: "telegram", externalId: "-1" } }, localDate: "2026-05-01", questionId: "q", mode: "choice", postedAt: new Date() } });
    await db.prisma.member.createMany({ data: Array.from({ length: rows }, (_, i) => ({ platform: "telegram", externalId: String(i), displayName: `member ${i}` })) });
    const memberIds = (await db.prisma.member.findMany({ select: { id: true } })).map((m) => m.id);
    const pool = createPostgresPool(db.url, poolSize);
    try {
      await Promise.all(Array.from({ length: poolSize }, () => pool.query("SELECT 1"))); // connections open before the clock starts, as the bot's are
      const latencies: number[] = [];
      let next = 0;
      const meter = await cpuMeter(db.url);
      const started = performance.now();
      await Promise.all(
        Array.from({ length: submitters }, async () => {
          for (let i = next++; i < memberIds.length; i = next++) {
            const start = performance.now();
            await pool.query({
              name: "raw_insert",
              text: 'INSERT INTO "DailyAnswer" ("dailyQuestionId", "memberId", "response", "correct", "points", "streak", "answeredAt") VALUES ($1, $2, $3, $4, $5, $6, $7)',
              values: [daily.id, memberIds[i], "A", true, 10, 1, new Date().toISOString().slice(0, -1)],
            });
            latencies.push(performance.now() - start);
          }
        }),
      );
      const rate = rows / ((performance.now() - started) / 1000);
      return { rate, latencies, cpu: await meter.stop() };
    } finally {
      await pool.end();
    }
  } finally {
    await db.dispose();
  }
}
