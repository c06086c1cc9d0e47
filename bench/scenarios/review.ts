import Database from "better-sqlite3";
import { Engine } from "../../src/engine/engine.js";
import { byUrgency } from "../../src/engine/review/reviews.js";
import type { ChatRef, Messenger, MemberRef, Platform } from "../../src/engine/types.js";
import { ReviewReminders } from "../../src/scheduler/review-reminders.js";
import { openSqlite } from "../../src/store/database.js";
import { sqliteTimestamp } from "../../src/store/sqlite-hot-path.js";
import { benchBank, latencyFigures, round, scratchSqlite, seeded, type Figure, type Scenario } from "../support.js";
import { pino } from "pino";

/**
 * Personal review at scale in SQLite: 10,000 members × 500 cards (5,000,000 cards, due dates spread a
 * year around now, so about half are due). Measured: picking a member's next due cards (the store's
 * due window and the urgency order /review starts from), starting /review as a whole, recording a grade
 * (the card's transaction) and a review grade as a whole, and one reminder tick over every member opted in.
 */
export const reviewScenario: Scenario = {
  name: "review",
  async run({ quick, seed }) {
    const members = quick ? 50 : 10_000;
    const cardsPerMember = quick ? 50 : 500;
    const now = new Date("2026-05-04T13:30:00Z"); // 21:30 in Shanghai: every reminder is due
    const scratch = await scratchSqlite();
    const chatRef: ChatRef = { platform: "telegram", externalId: "-100" };
    await scratch.store.ensureChat(chatRef);
    await scratch.dispose();
    const bank = benchBank();
    const seedStart = performance.now();
    seedDecks(scratch.file, members, cardsPerMember, bank.questions.map((q) => q.id), now);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const db = await openSqlite(`file:${scratch.file}`);
    const engine = new Engine({ bank, store: db.store, review: db.stores.review, clock: { now: () => now } });
    const random = seeded(seed);
    const params = { members, cardsPerMember, cards: members * cardsPerMember, database: "sqlite", seedSeconds: round(seedSeconds) };
    const memberRef = (n: number): MemberRef => ({ platform: "telegram", externalId: `m${n}`, displayName: `member ${n}` });
    const figures: Figure[] = [];
    const samples = quick ? 20 : 300;

    const pick: number[] = [];
    const start: number[] = [];
    const grade: number[] = [];
    const answer: number[] = [];
    for (let i = 0; i < samples; i++) {
      const n = Math.floor(random() * members);
      const member = memberRef(n);
      const dm: ChatRef = { platform: "telegram", externalId: member.externalId };
      const learnerId = n + 1; // seeded: learner id = member id = n + 1
      let t0 = performance.now();
      const due = await db.stores.review.dueCards(learnerId, now, 60);
      byUrgency(due, now);
      pick.push(performance.now() - t0);

      t0 = performance.now();
      const started = await engine.review.start(dm, member);
      start.push(performance.now() - t0);
      if (!started.ok) throw new Error(`review did not start: ${started.code}`);

      t0 = performance.now();
      const graded = await engine.review.answer(dm, member, { kind: "recall", grade: i % 4 === 0 ? "forgot" : "know" });
      answer.push(performance.now() - t0);
      if (!graded.ok) throw new Error(`grade not recorded: ${graded.code}`);
      await engine.review.stop(dm, member);

      // The card write alone, as the daily and quiz answers make it.
      const questionId = bank.questions[Math.floor(random() * bank.questions.length)]!.id;
      t0 = performance.now();
      await db.stores.review.gradeCard({ learnerId, memberId: learnerId, questionId, source: `bench:${i}`, kind: "daily", at: now, schedule: (card) => ({ card: { ...(card ?? emptyCard(now)), reps: (card?.reps ?? 0) + 1, lastReview: now }, log: logOf(now) }) });
      grade.push(performance.now() - t0);
    }
    figures.push(...latencyFigures("review", pick, { p95: 5 }, params, "next due cards "));
    figures.push(...latencyFigures("review", start, {}, params, "/review start "));
    figures.push(...latencyFigures("review", grade, { p95: 5 }, params, "record a grade "));
    figures.push(...latencyFigures("review", answer, {}, params, "/review grade "));

    // Every member opted in to a 21:30 reminder, all due now; the platform accepts every send at once.
    optInEveryone(scratch.file, now);
    const sent: string[] = [];
    const messenger: Messenger = { send: async (to) => (sent.push(to.chat.externalId), "1"), edit: async () => undefined };
    const reminders = new ReviewReminders({ engine, messengers: new Map<Platform, Messenger>([["telegram", messenger]]), log: pino({ level: "silent" }), concurrency: 10 });
    const t0 = performance.now();
    const report = await reminders.tick(now);
    const tickMs = performance.now() - t0;
    if (report.sent + report.skipped !== members) throw new Error(`reminder tick covered ${report.sent + report.skipped} of ${members}`);
    figures.push({ scenario: "review", metric: "reminder tick", value: round(tickMs), unit: "ms", target: 2000, better: "lower", params: { members, sent: report.sent, skipped: report.skipped } });
    await db.close();
    return figures;
  },
};

function emptyCard(now: Date) {
  return { due: now, stability: 0, difficulty: 0, elapsedDays: 0, scheduledDays: 0, learningSteps: 0, reps: 0, lapses: 0, state: 0 as const, lastReview: null };
}

function logOf(now: Date) {
  return { rating: 3 as const, state: 2 as const, due: now, stability: 5, difficulty: 5, elapsedDays: 1, lastElapsedDays: 1, scheduledDays: 3, learningSteps: 0, prevDue: now, prevReps: 1, prevLapses: 0, prevLastReview: now, review: now };
}

/**
 * Members, learners and cards written in a few INSERT … SELECT statements over a recursive CTE (row by
 * row would take longer than the benchmark); the card indexes are built after the rows.
 */
function seedDecks(file: string, members: number, cardsPerMember: number, bankIds: string[], now: Date): void {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const ids = Array.from({ length: cardsPerMember }, (_, k) => bankIds[k] ?? `qzz${String(k).padStart(3, "0")}`);
  const indexes = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ReviewCard' AND sql IS NOT NULL`).all() as { name: string; sql: string }[];
  db.transaction(() => {
    db.prepare(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1)
      INSERT INTO "Member" ("platform", "externalId", "displayName", "createdAt") SELECT 'telegram', 'm' || i, 'member ' || i, ? FROM n`).run(members, sqliteTimestamp(now));
    db.prepare(`INSERT INTO "Learner" ("id", "createdAt") SELECT "id", ? FROM "Member"`).run(sqliteTimestamp(now));
    db.prepare(`INSERT INTO "LearnerMember" ("memberId", "learnerId") SELECT "id", "id" FROM "Member"`).run();
    db.exec(`CREATE TEMP TABLE q (k INTEGER PRIMARY KEY, questionId TEXT NOT NULL)`);
    const addQuestion = db.prepare(`INSERT INTO q (k, questionId) VALUES (?, ?)`);
    ids.forEach((id, k) => addQuestion.run(k, id));
    for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);
    // Due dates spread over a year around now (about half due); intervals of 1–60 days before them.
    db.prepare(`INSERT INTO "ReviewCard" ("learnerId", "questionId", "due", "stability", "difficulty", "elapsedDays", "scheduledDays", "learningSteps", "reps", "lapses", "state", "lastReview", "lastRating", "createdAt")
      SELECT l."id", q.questionId,
        strftime('%Y-%m-%dT%H:%M:%S', ? + ((l."id" * 7919 + q.k * 104729) % 31536000) - 15768000, 'unixepoch') || '.000+00:00',
        5.0, 5.0, 0, 1 + (l."id" + q.k) % 60, 0, 3, 0, 2,
        strftime('%Y-%m-%dT%H:%M:%S', ? + ((l."id" * 7919 + q.k * 104729) % 31536000) - 15768000 - (1 + (l."id" + q.k) % 60) * 86400, 'unixepoch') || '.000+00:00',
        CASE WHEN (l."id" + q.k) % 5 = 0 THEN 1 ELSE 3 END, ?
      FROM "Learner" l CROSS JOIN q`).run(nowSeconds, nowSeconds, sqliteTimestamp(now));
    for (const index of indexes) db.exec(index.sql);
  })();
  db.exec("ANALYZE");
  db.close();
}

function optInEveryone(file: string, now: Date): void {
  const db = new Database(file);
  db.prepare(`INSERT INTO "ReviewReminder" ("learnerId", "platform", "externalId", "language", "time", "timeZone", "nextAt")
    SELECT l."learnerId", 'telegram', m."externalId", 'zh', '21:30', 'Asia/Shanghai', ? FROM "LearnerMember" l JOIN "Member" m ON m."id" = l."memberId"
    ON CONFLICT ("learnerId") DO NOTHING`).run(sqliteTimestamp(new Date(now.getTime() - 60_000)));
  db.close();
}
