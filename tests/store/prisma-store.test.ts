import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EMPTY_STREAK } from "../../src/engine/streak.js";
import { DuplicateError } from "../../src/engine/ports.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(() => db.dispose());

const at = new Date("2026-04-01T00:00:00Z");

describe("the Prisma capability stores", () => {
  it("creates a chat once with the default settings and a member once, keeping its name current", async () => {
    const chat = await db.store.ensureChat({ platform: "telegram", externalId: "-1", title: "LLM 面试群" });
    expect(chat).toMatchObject({ timeZone: "Asia/Shanghai", language: "zh", dailyTime: "09:00", dailyEnabled: true, revealDelayMinutes: 720, dailyMode: "choice" });
    expect((await db.store.ensureChat({ platform: "telegram", externalId: "-1" })).id).toBe(chat.id);
    const [a, b] = await Promise.all([
      db.store.ensureMember({ platform: "telegram", externalId: "7", displayName: "old" }),
      db.store.ensureMember({ platform: "telegram", externalId: "7", displayName: "old" }),
    ]);
    expect(a.id).toBe(b.id);
    const renamed = await db.store.ensureMember({ platform: "telegram", externalId: "7", displayName: "new" });
    expect(renamed).toMatchObject({ id: a.id, ref: { displayName: "new" } });
    expect(await db.prisma.member.count()).toBe(1);
  });

  it("claims a (chat, local date) slot exactly once", async () => {
    const chat = await db.store.ensureChat({ platform: "discord", externalId: "c" });
    const slot = { chatId: chat.id, localDate: "2026-04-01", mode: "recall" as const, postedAt: at, deliverAt: null };
    const claims = await Promise.all(["qaaaaa", "qbbbbb", "qccccc"].map((questionId) => db.store.claimDaily({ ...slot, questionId })));
    expect(claims.filter((c) => c.created)).toHaveLength(1);
    expect(new Set(claims.map((c) => c.daily.questionId)).size).toBe(1);
    expect(await db.prisma.dailyQuestion.count()).toBe(1);
  });

  it("rejects a second answer to a daily with DuplicateError and keeps nothing of it", async () => {
    const chat = await db.store.ensureChat({ platform: "discord", externalId: "c" });
    const member = await db.store.ensureMember({ platform: "discord", externalId: "m", displayName: "m" });
    const { daily } = await db.store.claimDaily({ chatId: chat.id, localDate: "2026-04-01", questionId: "qaaaaa", mode: "recall", postedAt: at, deliverAt: null });
    const write = { chatId: chat.id, memberId: member.id, dailyId: daily.id, questionId: "qaaaaa", response: "know", correct: null, at, periods: ["all"] };
    const score = () => ({ streak: { ...EMPTY_STREAK, currentStreak: 1, longestStreak: 1, lastStreakDate: "2026-04-01" }, points: 5 });
    await db.store.recordDailyAnswer(write, score);
    await expect(db.store.recordDailyAnswer(write, score)).rejects.toBeInstanceOf(DuplicateError);
    expect(await db.store.rankOf(chat.id, "all", member.id)).toMatchObject({ points: 5, rank: 1 });
    expect(await db.store.getStats(chat.id, member.id)).toMatchObject({ dailyAnswers: 1 });
    expect((await db.store.latestDaily(chat.id))?.answerCount).toBe(1);
  });

  it("keeps one active quiz per member per chat and frees the slot when it closes", async () => {
    const chat = await db.store.ensureChat({ platform: "console", externalId: "console" });
    const member = await db.store.ensureMember({ platform: "console", externalId: "me", displayName: "me" });
    const session = { chatId: chat.id, memberId: member.id, topic: null, mode: "recall" as const, questionIds: ["qaaaaa"], startedAt: at, lastActivityAt: at };
    const first = await db.store.createQuiz(session);
    await expect(db.store.createQuiz(session)).rejects.toBeInstanceOf(DuplicateError);
    await db.store.closeQuiz(first.id, "stopped");
    expect(await db.store.activeQuiz(chat.id, member.id)).toBeNull();
    const second = await db.store.createQuiz(session);
    expect(await db.store.activeQuiz(chat.id, member.id)).toMatchObject({ id: second.id, questionIds: ["qaaaaa"], status: "active" });
  });
});
