import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Engine } from "../../src/engine/engine.js";
import { KeyPointGrader } from "../../src/engine/practice/keypoints.js";
import type { ChatRef, MemberRef } from "../../src/engine/types.js";
import { LlmGrader } from "../../src/grader/llm-grader.js";
import { renderMockOutcome } from "../../src/presenter/mock.js";
import { fixtureBank } from "../support/bank.js";
import { seededRandom, TestClock } from "../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { completion, stubEndpoint, type LlmStub } from "../support/llm-stub.js";
import { FULL_ANSWERS, PRACTICE_QUESTIONS, practiceDeps } from "../support/practice.js";

/** GRADER_DAILY_LIMIT counts a mock interview's LLM grades exactly as practice's: one quota, one grading path. */

const dm: ChatRef = { platform: "telegram", externalId: "11" };
const alice: MemberRef = { platform: "telegram", externalId: "11", displayName: "alice" };

let db: TestDatabase;
let clock: TestClock;
let stub: LlmStub;
let engine: Engine;

beforeEach(async () => {
  db = await createTestDatabase();
  clock = new TestClock("2026-05-04T02:00:00Z");
  // The stub judges like a strict interviewer: every key point covered, unless the answer says it does not know.
  stub = await stubEndpoint((body, res) => {
    const user = body.messages[1]!.content;
    const points = user.split("候选人的回答：")[0]!.match(/^\d+\. /gm)?.length ?? 0;
    const covered = !user.split("候选人的回答：")[1]!.includes("不知道");
    res.end(completion(JSON.stringify({ keyPoints: Array.from({ length: points }, () => ({ covered })), grade: covered ? 2 : 0, feedback: covered ? "要点齐全" : "没有答到要点" })));
  });
  const fallback = new KeyPointGrader();
  const llm = new LlmGrader({ baseUrl: stub.url, model: "stub-model", fallback, timeoutMs: 8000 });
  engine = new Engine({ bank: fixtureBank(PRACTICE_QUESTIONS), store: db.store, review: db.stores.review, clock, random: seededRandom(5), practice: practiceDeps(db, llm, { limit: 3, fallback }), mock: db.stores.mock });
});
afterEach(async () => {
  await stub.close();
  await db.dispose();
});

describe("the LLM quota across practice and mock interviews", () => {
  it("a mock's LLM grades (its follow-ups too) count in the member's daily quota, and practice's count for the mock", async () => {
    const practice = engine.practice!;
    const mock = engine.mock!;
    expect((await practice.start(dm, alice, { topic: "inference" })).ok).toBe(true);
    const practised = await practice.answer(dm, alice, FULL_ANSWERS.qkvc01!);
    expect(practised.ok && practised.value.attempt.grader).toBe("llm"); // 1 of 3

    expect((await mock.start(dm, alice, { count: 2 })).ok).toBe(true);
    const missed = await mock.answer(dm, alice, "不知道"); // 2 of 3: nothing covered, a follow-up
    expect(missed.ok && [missed.value.quotaReached, missed.value.next?.followUp?.keyPoint]).toEqual([false, "缓存历史 token 的 K 和 V"]);
    const followUp = await mock.answer(dm, alice, "还是不知道"); // 3 of 3
    expect(followUp.ok && [followUp.value.quotaReached, followUp.value.result.followUp?.hit]).toEqual([false, false]);
    expect(stub.requests).toHaveLength(3);

    // The quota is used up: the embedded grader answers the next question, and the outcome says so.
    const embedded = await mock.answer(dm, alice, FULL_ANSWERS.qlora1!);
    if (!embedded.ok) throw new Error(embedded.code);
    expect(embedded.value.quotaReached).toBe(true);
    expect(embedded.value.result.coverage).toBe(1);
    expect(renderMockOutcome(embedded.value, "zh", 5, { quotaLimit: practice.quotaLimit })[0]!.text).toContain("今天的 AI 评阅（每天 3 次）已用完，这次由内置的要点匹配评阅。");
    expect(stub.requests).toHaveLength(3);

    // And for practice too: the mock's grades used it up.
    await practice.start(dm, alice, { topic: "finetuning" });
    const after = await practice.answer(dm, alice, FULL_ANSWERS.qlora1!);
    expect(after.ok && [after.value.attempt.grader, after.value.quotaReached]).toEqual(["keypoints", true]);
    expect(stub.requests).toHaveLength(3);

    // The next local day the LLM grades again.
    clock.advance(24 * 3_600_000);
    expect((await mock.start(dm, alice, { count: 1 })).ok).toBe(true);
    const tomorrow = await mock.answer(dm, alice, FULL_ANSWERS.qkvc01!);
    expect(tomorrow.ok && tomorrow.value.quotaReached).toBe(false);
    expect(stub.requests).toHaveLength(4);
  });

  it("an answer the LLM failed to grade (the embedded fallback answered) does not count", async () => {
    await stub.close();
    const mock = engine.mock!;
    expect((await mock.start(dm, alice, { count: 1 })).ok).toBe(true);
    expect((await mock.answer(dm, alice, FULL_ANSWERS.qkvc01!)).ok).toBe(true);
    expect(await db.prisma.graderUse.count()).toBe(0);
  });

  it("the migration counts the LLM-graded practice answers of before in the quota, as they counted", async () => {
    const practice = engine.practice!;
    for (const topic of ["inference", "finetuning"] as const) {
      await practice.start(dm, alice, { topic });
      await practice.answer(dm, alice, FULL_ANSWERS[topic === "inference" ? "qkvc01" : "qlora1"]!);
    }
    const uses = async () => (await db.prisma.graderUse.findMany({ orderBy: { at: "asc" } })).map((u) => [u.memberId, u.at.toISOString()]);
    const kept = await uses();
    expect(kept).toHaveLength(2);
    const migration = readFileSync(new URL("../../prisma/migrations/20261202100000_mock_time_up_grader_use/migration.sql", import.meta.url), "utf8");
    const backfill = migration.split("\n").find((line) => line.startsWith('INSERT INTO "GraderUse"'))!;
    await db.prisma.graderUse.deleteMany();
    await db.prisma.$executeRawUnsafe(backfill);
    expect(await uses()).toEqual(kept);
  });
});
