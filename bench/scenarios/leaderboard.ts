import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { Engine } from "../../src/engine/engine.js";
import type { Store } from "../../src/engine/ports.js";
import { periodKeys } from "../../src/engine/time.js";
import type { ChatRef } from "../../src/engine/types.js";
import { createPostgresPool } from "../../src/store/postgres.js";
import { benchBank, latencyFigures, postgresServer, round, scratchPostgres, scratchSqlite, seeded, type Figure, type Scenario } from "../support.js";

const ANSWERS_PER_MEMBER = 10;

/**
 * /leaderboard week and all in a chat of 1k, 10k and 100k members with ten recorded answers each
 * (1,000,000 at 100k): the top ten plus the caller's own rank, for callers drawn at random ranks.
 * On SQLite, and on PostgreSQL too when DATABASE_URL names a server (the same rows on both).
 */
export const leaderboardScenario: Scenario = {
  name: "leaderboard",
  async run({ quick, seed }) {
    const sizes = quick ? [100, 1_000] : [1_000, 10_000, 100_000];
    const figures = await measure("sqlite", sizes, quick, seed, async (members, now) => {
      const db = await scratchSqlite();
      const chat = await db.store.ensureChat(CHAT);
      await db.dispose();
      seedSqlite(db.file, chat.id, members, now, seed);
      return scratchReopen(db.file);
    });
    const server = postgresServer();
    if (server) {
      figures.push(
        ...(await measure("postgresql", sizes, quick, seed, async (members, now) => {
          const db = await scratchPostgres(server, 4);
          const chat = await db.store.ensureChat(CHAT);
          await seedPostgres(db.url, chat.id, members, now, seed);
          return db;
        })),
      );
    }
    return figures;
  },
};

const CHAT: ChatRef = { platform: "discord", externalId: "guild" };

/** The leaderboard's p95 at each size on one database, and the largest size's p95 over the smallest's. */
async function measure(
  database: "sqlite" | "postgresql",
  sizes: number[],
  quick: boolean,
  seed: number,
  open: (members: number, now: Date) => Promise<{ store: Store; close(): Promise<void> }>,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  const p95BySize = new Map<number, number>();
  for (const members of sizes) {
    const now = new Date("2026-05-01T02:00:00Z");
    const db = await open(members, now);
    const samples: number[] = [];
    const queries = quick ? 20 : 400;
    try {
      const engine = new Engine({ bank: benchBank(), store: db.store, clock: { now: () => now } });
      const random = seeded(seed);
      // Unmeasured first queries (JIT, prepared statements, caches), so no size pays the warm-up alone.
      const warmUp = quick ? 5 : 50;
      for (let i = -warmUp; i < queries; i++) {
        const memberNumber = Math.floor(random() * members);
        const member = { platform: "discord" as const, externalId: `m${memberNumber}`, displayName: `member ${memberNumber}` };
        const period = i % 2 === 0 ? "week" : "all";
        const start = performance.now();
        const board = await engine.leaderboard(CHAT, member, period);
        if (i >= 0) samples.push(performance.now() - start);
        if (!board.ok || board.value.entries.length !== 10 || !board.value.me) throw new Error("leaderboard incomplete");
      }
    } finally {
      await db.close();
    }
    const params = { members, answers: members * ANSWERS_PER_MEMBER, queries, periods: ["week", "all"], database };
    const latency = latencyFigures("leaderboard", samples, { p95: 10 }, params, `${database} ${members.toLocaleString("en")} members `);
    p95BySize.set(members, latency[1]!.value);
    figures.push(...latency);
  }
  const smallest = p95BySize.get(sizes[0]!)!;
  const largest = p95BySize.get(sizes.at(-1)!)!;
  figures.push({ scenario: "leaderboard", metric: `${database} p95 ${sizes.at(-1)!.toLocaleString("en")} / ${sizes[0]!.toLocaleString("en")} members`, value: round(largest / smallest), unit: "×", target: 1.3, better: "lower", params: { sizes, database } });
  return figures;
}

async function scratchReopen(file: string) {
  const { openSqlite } = await import("../../src/store/database.js");
  return openSqlite(`file:${file}`);
}

/** The histogram backfill of migration 20261202080000_score_histogram_levels (every level), as it runs on existing data. */
function histogramBackfill(): string {
  const sql = readFileSync(new URL("../../prisma/migrations/20261202080000_score_histogram_levels/migration.sql", import.meta.url), "utf8");
  return sql.split("\n").find((line) => line.startsWith('INSERT INTO "ScoreHistogram"'))!.replace(/;$/, "");
}

interface SeedMember {
  externalId: string;
  displayName: string;
  /** Points of each of the ten answers. */
  answers: number[];
  total: number;
  reachedAt: number;
}

/** The chat's members with their answers and totals, the same for both databases. */
function* seedMembers(members: number, now: Date, seed: number): Generator<SeedMember> {
  const random = seeded(seed + members);
  for (let m = 0; m < members; m++) {
    const answers: number[] = [];
    for (let d = 0; d < ANSWERS_PER_MEMBER; d++) answers.push(random() < 0.6 ? 10 : 2);
    const total = answers.reduce((a, b) => a + b, 0);
    yield { externalId: `m${m}`, displayName: `member ${m}`, answers, total, reachedAt: now.getTime() - Math.floor(random() * 86_400_000) };
  }
}

/** Members, their answers and their per-period totals, written directly (seeding is not what is measured). */
function seedSqlite(file: string, chatId: number, members: number, now: Date, seed: number): void {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const { week, month } = periodKeys(now, "Asia/Shanghai");
  // DateTime columns as Prisma's SQLite adapter writes them (ISO 8601 text).
  const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
  db.transaction(() => {
    const addMember = db.prepare('INSERT INTO "Member" ("platform", "externalId", "displayName", "createdAt") VALUES (\'discord\', ?, ?, ?)');
    const addDaily = db.prepare('INSERT INTO "DailyQuestion" ("chatId", "localDate", "questionId", "mode", "postedAt") VALUES (?, ?, ?, \'choice\', ?)');
    const addAnswer = db.prepare('INSERT INTO "DailyAnswer" ("dailyQuestionId", "memberId", "response", "correct", "points", "streak", "answeredAt") VALUES (?, ?, \'A\', ?, ?, 1, ?)');
    const addTotal = db.prepare('INSERT INTO "ScoreTotal" ("chatId", "period", "memberId", "points", "reachedAt") VALUES (?, ?, ?, ?, ?)');
    const dailyIds: number[] = [];
    for (let d = 0; d < ANSWERS_PER_MEMBER; d++) {
      const date = new Date(now.getTime() - d * 86_400_000);
      dailyIds.push(Number(addDaily.run(chatId, date.toISOString().slice(0, 10), `q${d}`, iso(date.getTime())).lastInsertRowid));
    }
    for (const member of seedMembers(members, now, seed)) {
      const memberId = Number(addMember.run(member.externalId, member.displayName, iso(now.getTime())).lastInsertRowid);
      member.answers.forEach((points, d) => addAnswer.run(dailyIds[d]!, memberId, points === 10 ? 1 : 0, points, iso(now.getTime())));
      const reached = iso(member.reachedAt);
      addTotal.run(chatId, "all", memberId, member.total, reached);
      addTotal.run(chatId, week, memberId, Math.floor(member.total / 3), reached);
      addTotal.run(chatId, month, memberId, Math.floor(member.total / 2), reached);
    }
    db.exec(histogramBackfill());
  })();
  db.close();
}

/** The same rows on PostgreSQL, in batches of unnest() arrays, then the histogram backfill and ANALYZE. */
async function seedPostgres(url: string, chatId: number, members: number, now: Date, seed: number): Promise<void> {
  const pool = createPostgresPool(url, 1);
  try {
    const { week, month } = periodKeys(now, "Asia/Shanghai");
    const stamp = (ms: number) => new Date(ms).toISOString().slice(0, -1);
    const dailyIds: number[] = [];
    for (let d = 0; d < ANSWERS_PER_MEMBER; d++) {
      const date = new Date(now.getTime() - d * 86_400_000);
      const row = await pool.query('INSERT INTO "DailyQuestion" ("chatId", "localDate", "questionId", "mode", "postedAt") VALUES ($1, $2, $3, \'choice\', $4) RETURNING "id"', [chatId, date.toISOString().slice(0, 10), `q${d}`, stamp(date.getTime())]);
      dailyIds.push((row.rows[0] as { id: number }).id);
    }
    const all = [...seedMembers(members, now, seed)];
    for (let from = 0; from < all.length; from += 10_000) {
      const batch = all.slice(from, from + 10_000);
      const ids = await pool.query(
        `INSERT INTO "Member" ("platform", "externalId", "displayName", "createdAt") SELECT 'discord', e, n, $3::timestamp FROM unnest($1::text[], $2::text[]) AS t(e, n) RETURNING "id", "externalId"`,
        [batch.map((m) => m.externalId), batch.map((m) => m.displayName), stamp(now.getTime())],
      );
      const idOf = new Map((ids.rows as { id: number; externalId: string }[]).map((r) => [r.externalId, r.id]));
      const memberIds = batch.map((m) => idOf.get(m.externalId)!);
      const answers = batch.flatMap((m, i) => m.answers.map((points, d) => [dailyIds[d]!, memberIds[i]!, points] as const));
      await pool.query(
        `INSERT INTO "DailyAnswer" ("dailyQuestionId", "memberId", "response", "correct", "points", "streak", "answeredAt") SELECT d, m, 'A', p = 10, p, 1, $4::timestamp FROM unnest($1::int[], $2::int[], $3::int[]) AS t(d, m, p)`,
        [answers.map((a) => a[0]), answers.map((a) => a[1]), answers.map((a) => a[2]), stamp(now.getTime())],
      );
      const totals = batch.flatMap((m, i) => [["all", m.total], [week, Math.floor(m.total / 3)], [month, Math.floor(m.total / 2)]].map(([period, points]) => [period as string, memberIds[i]!, points as number, stamp(m.reachedAt)] as const));
      await pool.query(
        `INSERT INTO "ScoreTotal" ("chatId", "period", "memberId", "points", "reachedAt") SELECT $1, p, m, s, r::timestamp FROM unnest($2::text[], $3::int[], $4::int[], $5::text[]) AS t(p, m, s, r)`,
        [chatId, totals.map((t) => t[0]), totals.map((t) => t[1]), totals.map((t) => t[2]), totals.map((t) => t[3])],
      );
    }
    await pool.query(histogramBackfill());
    await pool.query("VACUUM ANALYZE");
  } finally {
    await pool.end();
  }
}
