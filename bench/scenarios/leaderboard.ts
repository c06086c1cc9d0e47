import Database from "better-sqlite3";
import { Engine } from "../../src/engine/engine.js";
import { periodKeys } from "../../src/engine/time.js";
import type { ChatRef } from "../../src/engine/types.js";
import { benchBank, latencyFigures, round, scratchSqlite, seeded, type Figure, type Scenario } from "../support.js";

const ANSWERS_PER_MEMBER = 10;

/**
 * /leaderboard week and all in a chat of 1k, 10k and 100k members with ten recorded answers each
 * (1,000,000 at 100k): the top ten plus the caller's own rank, for callers drawn at random ranks.
 */
export const leaderboardScenario: Scenario = {
  name: "leaderboard",
  async run({ quick, seed }) {
    const sizes = quick ? [100, 1_000] : [1_000, 10_000, 100_000];
    const figures: Figure[] = [];
    const p95BySize = new Map<number, number>();
    for (const members of sizes) {
      const now = new Date("2026-05-01T02:00:00Z");
      const db = await scratchSqlite();
      const chatRef: ChatRef = { platform: "discord", externalId: "guild" };
      const chat = await db.store.ensureChat(chatRef);
      await db.dispose();
      seedChat(db.file, chat.id, members, now, seed);
      const reopened = await scratchReopen(db.file);
      const engine = new Engine({ bank: benchBank(), store: reopened.store, clock: { now: () => now } });
      const random = seeded(seed);
      const samples: number[] = [];
      const queries = quick ? 20 : 400;
      for (let i = 0; i < queries; i++) {
        const memberNumber = Math.floor(random() * members);
        const member = { platform: "discord" as const, externalId: `m${memberNumber}`, displayName: `member ${memberNumber}` };
        const period = i % 2 === 0 ? "week" : "all";
        const start = performance.now();
        const board = await engine.leaderboard(chatRef, member, period);
        samples.push(performance.now() - start);
        if (!board.ok || board.value.entries.length !== 10 || !board.value.me) throw new Error("leaderboard incomplete");
      }
      await reopened.close();
      const params = { members, answers: members * ANSWERS_PER_MEMBER, queries, periods: ["week", "all"] };
      const latency = latencyFigures("leaderboard", samples, { p95: 15 }, params, `${members.toLocaleString("en")} members `);
      p95BySize.set(members, latency[1]!.value);
      figures.push(...latency);
    }
    const smallest = p95BySize.get(sizes[0]!)!;
    const largest = p95BySize.get(sizes.at(-1)!)!;
    figures.push({ scenario: "leaderboard", metric: `p95 ${sizes.at(-1)!.toLocaleString("en")} / ${sizes[0]!.toLocaleString("en")} members`, value: round(largest / smallest), unit: "×", target: 2, better: "lower", params: { sizes } });
    return figures;
  },
};

async function scratchReopen(file: string) {
  const { openSqlite } = await import("../../src/store/database.js");
  return openSqlite(`file:${file}`);
}

/** Members, their answers and their per-period totals, written directly (seeding is not what is measured). */
function seedChat(file: string, chatId: number, members: number, now: Date, seed: number): void {
  const random = seeded(seed + members);
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
    for (let m = 0; m < members; m++) {
      const memberId = Number(addMember.run(`m${m}`, `member ${m}`, iso(now.getTime())).lastInsertRowid);
      let total = 0;
      for (const dailyId of dailyIds) {
        const correct = random() < 0.6;
        const points = correct ? 10 : 2;
        total += points;
        addAnswer.run(dailyId, memberId, correct ? 1 : 0, points, iso(now.getTime()));
      }
      const reached = iso(now.getTime() - Math.floor(random() * 86_400_000));
      addTotal.run(chatId, "all", memberId, total, reached);
      addTotal.run(chatId, week, memberId, Math.floor(total / 3), reached);
      addTotal.run(chatId, month, memberId, Math.floor(total / 2), reached);
    }
  })();
  db.close();
}
