import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Engine } from "../../src/engine/engine.js";
import { Scheduler } from "../../src/engine/review/scheduling.js";
import type { ChatRef, MemberRef } from "../../src/engine/types.js";
import { openPostgres, type Database } from "../../src/store/database.js";
import { fixtureBank } from "../support/bank.js";
import { DAY, seededRandom, TestClock } from "../support/clock.js";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "../support/database.js";

// A grade landing while two learners merge (/link confirmed): the member sees no error, no grade is lost, and
// the merged card is what its whole log gives. The merge and the grade take the learner's row first (the merge
// both rows, the grade its own): one waits for the other. On SQLite the one writer runs them one after the other.

const group: ChatRef = { platform: "telegram", externalId: "-100" };
const server: ChatRef = { platform: "discord", externalId: "961000000000000001" };
const aliceTg: MemberRef = { platform: "telegram", externalId: "10", displayName: "Alice T" };
const aliceDc: MemberRef = { platform: "discord", externalId: "1001", displayName: "alice_d" };

let db: TestDatabase;
let clock: TestClock;
let engine: Engine;

beforeEach(async () => {
  db = await createTestDatabase();
  clock = new TestClock("2026-05-04T02:00:00Z");
  engine = engineOn(db);
});
afterEach(() => db.dispose());

function engineOn(database: Database): Engine {
  return new Engine({ bank: fixtureBank(), store: database.store, review: database.stores.review, identity: database.stores.identity, clock, random: seededRandom(11) });
}

async function memberId(member: MemberRef): Promise<number> {
  return (await db.store.ensureMember(member)).id;
}

async function learnerOf(member: MemberRef): Promise<number> {
  return db.stores.review.learnerOf(await memberId(member));
}

/** Both identities review every question (Telegram forgets them on day 1, Discord knows them on day 2); a code of Telegram's typed on Discord. */
async function twoDecksAndAPendingLink(): Promise<{ codeId: number; questions: string[] }> {
  for (const [chat, member, grade] of [[group, aliceTg, "forgot"], [server, aliceDc, "know"]] as const) {
    const started = await engine.startQuiz(chat, member, { count: 20, mode: "recall" });
    if (!started.ok) throw new Error(started.code);
    for (let i = 0; i < started.value.total; i++) expect((await engine.answerQuiz(chat, member, { kind: "recall", grade })).ok).toBe(true);
    clock.advance(DAY);
  }
  const issued = await engine.identity.issueCode(aliceTg);
  if (!issued.ok) throw new Error(issued.code);
  const pending = await engine.identity.redeem(aliceDc, issued.value.code);
  if (!pending.ok) throw new Error(pending.code);
  const questions = (await db.stores.review.cards(await learnerOf(aliceTg))).map((card) => card.questionId);
  return { codeId: pending.value.codeId, questions };
}

/** Every card of the learner is what its log gives (rebuilding it changes nothing), and holds one grade a log row. */
async function expectConsistentDeck(learnerId: number): Promise<void> {
  for (const card of await db.stores.review.cards(learnerId)) {
    expect(card.reps, card.questionId).toBe(await db.prisma.reviewLog.count({ where: { cardId: card.id } }));
    expect(await engine.review.rebuildCard(learnerId, card.questionId), card.questionId).toEqual(card);
  }
}

describe(`a grade and a merge at once (${testDatabaseKind()})`, () => {
  it("a grade whose learner was merged away before it was written lands on the merged learner", async () => {
    const { codeId, questions } = await twoDecksAndAPendingLink();
    const [into, stale] = [await learnerOf(aliceTg), await learnerOf(aliceDc)];
    const logs = await db.prisma.reviewLog.count();
    // The grade's learner was looked up before the merge (Reviews.graded does that first), and the merge commits
    // before the grade is written (on SQLite the merge's transaction runs before the grade's write).
    expect((await engine.identity.confirm(aliceDc, codeId)).ok).toBe(true);
    const scheduler = new Scheduler();
    const card = await db.stores.review.gradeCard({
      learnerId: stale,
      memberId: await memberId(aliceDc),
      questionId: questions[0]!,
      source: "daily:late",
      kind: "daily",
      at: clock.now(),
      schedule: (current) => {
        expect(current).not.toBeNull(); // the merged card
        return scheduler.grade(current, 3, clock.now());
      },
    });
    expect(card).toMatchObject({ learnerId: into, questionId: questions[0] });
    expect(await db.prisma.reviewLog.count()).toBe(logs + 1);
    expect(await db.prisma.reviewLog.findUniqueOrThrow({ where: { source: "daily:late" } })).toMatchObject({ learnerId: into, cardId: card!.id });
    await expectConsistentDeck(into);
  });

  it.runIf(testDatabaseKind() === "postgres")("on PostgreSQL, from two processes: a grade arriving during the merge waits for it; a merge arriving during a grade waits for that", async () => {
    const { codeId, questions } = await twoDecksAndAPendingLink();
    const [into, from] = [await learnerOf(aliceTg), await learnerOf(aliceDc)];
    const dcMember = await memberId(aliceDc);
    const other = await openPostgres(db.url, { poolSize: 4 });
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    try {
      const second = engineOn(other);
      // The second process is up: its pool holds a connection, as a running bot's does.
      await other.prisma.$queryRaw`SELECT 1`;
      const waiting = async (n: number) => {
        for (let i = 0; i < 400; i++) {
          const { rows } = await blocker.query<{ n: string }>(`SELECT COUNT(DISTINCT l.pid) AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted AND a.datname = current_database()`);
          if (Number(rows[0]!.n) >= n) return;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        throw new Error(`never saw ${n} sessions waiting for a lock`);
      };
      // A grade from the second process, through the review hook as a daily answer makes it.
      const grade = (questionId: string, source: string) => second.review.graded({ memberId: dcMember, questionId, source, kind: "daily", correct: true, response: "A", at: clock.now() });

      // 1. The grade arrives while the merge runs: a third session holds the merged learner's card of the first
      // question, so the merge stops inside its transaction, holding both learners.
      await blocker.query("BEGIN");
      await blocker.query(`SELECT 1 FROM "ReviewCard" WHERE "learnerId" = $1 AND "questionId" = $2 FOR UPDATE`, [into, questions[0]]);
      const merging = engine.identity.confirm(aliceDc, codeId);
      await waiting(1);
      // The second process still finds Discord's own learner (the merge has not committed) and waits for its row.
      expect(await other.stores.review.learnerOf(dcMember)).toBe(from);
      const during = grade(questions[1]!, "daily:during-merge");
      await waiting(2);
      await blocker.query("ROLLBACK");
      const [merged] = await Promise.all([merging, during]);
      expect(merged.ok).toBe(true);
      expect(await db.prisma.reviewLog.findUniqueOrThrow({ where: { source: "daily:during-merge" } })).toMatchObject({ learnerId: into, questionId: questions[1] });
      expect(await db.prisma.learner.findUnique({ where: { id: from } })).toBeNull();

      // 2. A merge arrives while a grade runs: unlink, then link again; the grade holds Discord's learner and waits
      // for its card, the merge waits for the grade, then merges the deck with that grade in it.
      expect((await engine.identity.unlink(aliceTg, "discord")).ok).toBe(true);
      const own = await learnerOf(aliceDc);
      await grade(questions[2]!, "daily:own-card"); // Discord's new learner has a card of the third question again
      clock.advance(DAY);
      const issued = await engine.identity.issueCode(aliceTg);
      const pending = issued.ok ? await engine.identity.redeem(aliceDc, issued.value.code) : null;
      if (!pending?.ok) throw new Error("no pending link");
      await blocker.query("BEGIN");
      await blocker.query(`SELECT 1 FROM "ReviewCard" WHERE "learnerId" = $1 AND "questionId" = $2 FOR UPDATE`, [own, questions[2]]);
      const grading = grade(questions[2]!, "daily:during-grade");
      await waiting(1);
      const mergingAgain = engine.identity.confirm(aliceDc, pending.value.codeId);
      await waiting(2);
      await blocker.query("ROLLBACK");
      const [, relinked] = await Promise.all([grading, mergingAgain]);
      expect(relinked.ok).toBe(true);
      expect(await db.prisma.reviewLog.findUniqueOrThrow({ where: { source: "daily:during-grade" } })).toMatchObject({ learnerId: into, questionId: questions[2] });
      const card = await db.stores.review.findCard(into, questions[2]!);
      expect(await db.prisma.reviewLog.findMany({ where: { questionId: questions[2] }, select: { cardId: true, learnerId: true } })).toEqual(
        expect.arrayContaining([{ cardId: card!.id, learnerId: into }]),
      );
      expect(await db.prisma.reviewLog.count({ where: { questionId: questions[2], NOT: { cardId: card!.id } } })).toBe(0);
      await expectConsistentDeck(into);
    } finally {
      await blocker.end();
      await other.close();
    }
  });
});
