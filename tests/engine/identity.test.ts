import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Engine } from "../../src/engine/engine.js";
import { canonicalLinkCode, CROCKFORD_ALPHABET, newLinkCode } from "../../src/engine/identity/codes.js";
import type { PendingLink } from "../../src/engine/identity/identity.js";
import type { ChatRef, MemberRef } from "../../src/engine/types.js";
import { openDatabase } from "../../src/store/database.js";
import { ANONYMOUS_PLATFORM } from "../../src/store/identity-store.js";
import { fixtureBank } from "../support/bank.js";
import { DAY, seededRandom, TestClock } from "../support/clock.js";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "../support/database.js";

const MINUTE = 60_000;
const telegramGroup: ChatRef = { platform: "telegram", externalId: "-100" };
const server: ChatRef = { platform: "discord", externalId: "961000000000000001" };
const aliceTg: MemberRef = { platform: "telegram", externalId: "10", displayName: "Alice T" };
const aliceDc: MemberRef = { platform: "discord", externalId: "1001", displayName: "alice_d" };
const bob: MemberRef = { platform: "telegram", externalId: "20", displayName: "bob" };
const mallory: MemberRef = { platform: "discord", externalId: "6666", displayName: "mallory" };

let db: TestDatabase;
let clock: TestClock;
let engine: Engine;

beforeEach(async () => {
  db = await createTestDatabase();
  clock = new TestClock("2026-05-04T02:00:00Z");
  engine = new Engine({ bank: fixtureBank(), store: db.store, review: db.stores.review, identity: db.stores.identity, clock, random: seededRandom(11) });
});
afterEach(() => db.dispose());

async function learnerOf(member: MemberRef): Promise<number> {
  return db.stores.review.learnerOf((await db.store.ensureMember(member)).id);
}

async function code(member: MemberRef = aliceTg): Promise<string> {
  const issued = await engine.identity.issueCode(member);
  if (!issued.ok) throw new Error(issued.code);
  return issued.value.code;
}

async function redeem(member: MemberRef, typed: string): Promise<PendingLink> {
  const pending = await engine.identity.redeem(member, typed);
  if (!pending.ok) throw new Error(pending.code);
  return pending.value;
}

/** A recall quiz of `count` questions (default: as many as the fixture bank gives), every answer self-graded `grade`; returns how many. */
async function quizAll(chat: ChatRef, member: MemberRef, grade: "know" | "forgot", count = 20): Promise<number> {
  const started = await engine.startQuiz(chat, member, { count, mode: "recall" });
  if (!started.ok) throw new Error(started.code);
  for (let i = 0; i < started.value.total; i++) {
    const answered = await engine.answerQuiz(chat, member, { kind: "recall", grade });
    if (!answered.ok) throw new Error(answered.code);
  }
  return started.value.total;
}

describe("link codes", () => {
  it("are 8 Crockford base32 characters, read forgivingly (case, hyphens, I/L/O)", () => {
    const made = newLinkCode();
    expect(made).toMatch(new RegExp(`^[${CROCKFORD_ALPHABET}]{8}$`));
    expect(new Set(Array.from({ length: 50 }, () => newLinkCode())).size).toBe(50);
    expect(canonicalLinkCode("abcd-efgh")).toBe("ABCDEFGH");
    expect(canonicalLinkCode("o1il 2345")).toBe("0111" + "2345");
    expect(canonicalLinkCode("ABCDEFGU")).toBeUndefined();
    expect(canonicalLinkCode("ABC")).toBeUndefined();
  });

  it("are stored as a hash only, and a new code replaces the identity's unused one", async () => {
    const first = await code();
    const second = await code();
    const rows = await db.prisma.linkCode.findMany();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(second);
    expect(rows[0]!.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await engine.identity.redeem(aliceDc, first)).toMatchObject({ ok: false, code: "LINK_CODE_INVALID" });
    expect((await engine.identity.redeem(aliceDc, second)).ok).toBe(true);
  });

  it("expire after 10 minutes (the injected clock)", async () => {
    const typed = await code();
    clock.advance(10 * MINUTE + 1);
    expect(await engine.identity.redeem(aliceDc, typed)).toMatchObject({ ok: false, code: "LINK_CODE_INVALID" });
    // Typed in time but confirmed after expiry: nothing is linked.
    const fresh = await code();
    const pending = await redeem(aliceDc, fresh.toLowerCase());
    clock.advance(11 * MINUTE);
    expect(await engine.identity.confirm(aliceDc, pending.codeId)).toMatchObject({ ok: false, code: "STALE" });
    expect(await learnerOf(aliceDc)).not.toBe(await learnerOf(aliceTg));
  });

  it("are used once: a second confirmation, or another member typing it, links nothing more", async () => {
    const typed = await code();
    const pending = await redeem(aliceDc, typed);
    expect(pending.issuer).toMatchObject({ platform: "telegram", displayName: "Alice T" });
    // Pending for Alice's Discord account: nobody else can take it meanwhile.
    expect(await engine.identity.redeem(mallory, typed)).toMatchObject({ ok: false, code: "LINK_CODE_INVALID" });
    expect(await engine.identity.confirm(mallory, pending.codeId)).toMatchObject({ ok: false, code: "STALE" });
    const linked = await engine.identity.confirm(aliceDc, pending.codeId);
    expect(linked.ok && linked.value.map((identity) => identity.platform)).toEqual(["discord", "telegram"]);
    expect(await learnerOf(aliceDc)).toBe(await learnerOf(aliceTg));
    expect(await engine.identity.confirm(aliceDc, pending.codeId)).toMatchObject({ ok: false, code: "ALREADY_LINKED" });
    expect(await engine.identity.redeem(mallory, typed)).toMatchObject({ ok: false, code: "LINK_CODE_INVALID" });
    expect(await learnerOf(mallory)).not.toBe(await learnerOf(aliceTg));
    // Own code, and a second account of one platform, are refused.
    expect(await engine.identity.redeem(aliceTg, await code(aliceTg))).toMatchObject({ ok: false, code: "LINK_SELF" });
    expect(await engine.identity.redeem(mallory, await code(bob))).toMatchObject({ ok: true });
    expect(await engine.identity.redeem(bob, await code(aliceDc))).toMatchObject({ ok: false, code: "LINK_SAME_PLATFORM" });
  });

  it("allow 5 wrong attempts per member per 10 minutes, then refuse without looking", async () => {
    const typed = await code();
    for (let i = 0; i < 5; i++) expect(await engine.identity.redeem(mallory, `WRONG${i}00`)).toMatchObject({ ok: false, code: "LINK_CODE_INVALID" });
    // The sixth is refused even with the right code; another member is not affected.
    expect(await engine.identity.redeem(mallory, typed)).toMatchObject({ ok: false, code: "LINK_TOO_MANY_ATTEMPTS" });
    expect(await db.prisma.linkAttempt.count()).toBe(5);
    clock.advance(10 * MINUTE + 1);
    expect((await engine.identity.redeem(mallory, await code())).ok).toBe(true);
  });

  it("issued by one process are redeemed by another on the same database (survives a restart)", async () => {
    const typed = await code();
    const second = await openDatabase(db.url, { poolSize: 2 });
    try {
      const other = new Engine({ bank: fixtureBank(), store: second.store, review: second.stores.review, identity: second.stores.identity, clock });
      const pending = await other.identity.redeem(aliceDc, typed);
      if (!pending.ok) throw new Error(pending.code);
      expect((await other.identity.confirm(aliceDc, pending.value.codeId)).ok).toBe(true);
    } finally {
      await second.close();
    }
    expect(await learnerOf(aliceDc)).toBe(await learnerOf(aliceTg));
    expect(testDatabaseKind()).toMatch(/sqlite|postgres/);
  });
});

describe("merging two decks", () => {
  it("rebuilds each question both reviewed from both logs in review order (ts-fsrs reschedule), keeps every log and the earlier first-seen date; one reminder; running reviews end; idempotent", async () => {
    // Telegram: every question, all forgotten, on day 1; Discord: every question known on day 2, then Telegram again on day 3 for some.
    const all = await quizAll(telegramGroup, aliceTg, "forgot");
    expect(all).toBeGreaterThan(3);
    clock.advance(DAY);
    await quizAll(server, aliceDc, "know");
    clock.advance(DAY);
    await quizAll(telegramGroup, aliceTg, "know", 3);
    expect((await engine.review.remind(server, aliceDc, "21:30")).ok).toBe(true);
    expect((await engine.review.remind(telegramGroup, aliceTg, "08:00")).ok).toBe(true);
    clock.advance(5 * DAY);
    expect((await engine.review.start(telegramGroup, aliceTg)).ok).toBe(true);

    const [tgLearner, dcLearner] = [await learnerOf(aliceTg), await learnerOf(aliceDc)];
    const [tgCards, dcCards] = [await db.stores.review.cards(tgLearner), await db.stores.review.cards(dcLearner)];
    expect(tgCards).toHaveLength(all);
    expect(dcCards).toHaveLength(all);
    const logsBefore = await db.prisma.reviewLog.findMany({ orderBy: [{ review: "asc" }, { id: "asc" }] });
    // The row kept is the card with the later last review: three from Telegram's day 3, the rest from Discord's day 2.
    const keptIds = tgCards.map((ours) => {
      const theirs = dcCards.find((card) => card.questionId === ours.questionId)!;
      return ((theirs.lastReview?.getTime() ?? 0) > (ours.lastReview?.getTime() ?? 0) ? theirs : ours).id;
    });
    expect(keptIds.filter((id) => tgCards.some((c) => c.id === id))).toHaveLength(3);
    const firstSeen = new Map((await db.prisma.reviewCard.findMany({ where: { learnerId: tgLearner } })).map((card) => [card.questionId, card.createdAt]));

    const pending = await redeem(aliceDc, await code(aliceTg));
    expect((await engine.identity.confirm(aliceDc, pending.codeId)).ok).toBe(true);

    const merged = await db.stores.review.cards(tgLearner);
    expect(merged.map((card) => card.id).sort((a, b) => a - b)).toEqual(keptIds.sort((a, b) => a - b));
    for (const card of merged) {
      // Both decks' grades of the question, oldest first: the card is what they give played as one history.
      const grades = logsBefore.filter((log) => log.questionId === card.questionId);
      expect(grades.map((log) => log.learnerId).sort()).toEqual([tgLearner, dcLearner, ...(grades.length === 3 ? [tgLearner] : [])].sort());
      expect(card.reps).toBe(grades.length);
      expect(card.lastReview).toEqual(grades.at(-1)!.review);
      expect(card.lastRating).toBe(grades.at(-1)!.rating);
      // Forgotten on day 1, known since: no lapse counted twice, the interval grown from the latest grade on.
      expect(card.lapses).toBe(0);
      expect(card.state).toBe(2);
      const rebuilt = engine.review.rescheduled((await db.prisma.reviewLog.findMany({ where: { cardId: card.id }, orderBy: [{ review: "asc" }, { id: "asc" }] })).map((log) => ({ ...log, kind: "quiz" as const, rating: log.rating as 1, state: log.state as 0 })));
      expect(card.due).toEqual(rebuilt.card.due);
      expect(card.stability).toBeCloseTo(rebuilt.card.stability, 9);
    }
    // Rebuilding again changes nothing: the merged card is already what its log gives.
    const again = await engine.review.rebuildCard(tgLearner, merged[0]!.questionId);
    expect(again).toEqual(merged[0]);
    for (const card of await db.prisma.reviewCard.findMany()) expect(card.createdAt).toEqual(firstSeen.get(card.questionId));
    expect(await db.prisma.reviewLog.count()).toBe(logsBefore.length);
    expect(await db.prisma.reviewLog.count({ where: { learnerId: tgLearner } })).toBe(logsBefore.length);
    expect((await db.prisma.reviewLog.findMany({ orderBy: { id: "asc" } })).map((log) => log.source)).toEqual([...logsBefore].sort((a, b) => a.id - b.id).map((log) => log.source));
    // Every log hangs on its question's kept card.
    for (const log of await db.prisma.reviewLog.findMany({ include: { card: true } })) expect(log.card.questionId).toBe(log.questionId);
    expect(await db.prisma.learner.findUnique({ where: { id: dcLearner } })).toBeNull();
    expect(await db.prisma.reviewReminder.findMany()).toEqual([expect.objectContaining({ learnerId: tgLearner, platform: "telegram", time: "08:00" })]);
    expect(await db.prisma.reviewSession.count({ where: { status: "active" } })).toBe(0);
    // The deck is the same from either platform now.
    expect((await engine.review.progress(aliceDc)).reduce((sum, topic) => sum + topic.attempted, 0)).toBe(all);

    // Idempotent: merging again (the learner is gone) changes nothing.
    const snapshot = async () => [await db.prisma.reviewCard.findMany({ orderBy: { id: "asc" } }), await db.prisma.reviewLog.findMany({ orderBy: { id: "asc" } }), await db.prisma.learnerMember.findMany({ orderBy: { memberId: "asc" } })];
    const before = await snapshot();
    await db.stores.identity.mergeLearners(tgLearner, dcLearner, engine.review.rescheduled);
    expect(await snapshot()).toEqual(before);
    expect(await engine.identity.confirm(aliceDc, pending.codeId)).toMatchObject({ ok: false, code: "ALREADY_LINKED" });
    expect(await snapshot()).toEqual(before);
  });

  it("makes the seen questions one record: a question answered on either platform is not new on the other, and practice attempts move", async () => {
    // Telegram answers two questions (quiz points for each first answer), Discord none yet.
    expect(await quizAll(telegramGroup, aliceTg, "know", 2)).toBe(2);
    const seenOnTelegram = await db.prisma.seenQuestion.findMany({ where: { memberId: (await db.store.ensureMember(aliceTg)).id } });
    expect(seenOnTelegram).toHaveLength(2);
    const dcLearner = await learnerOf(aliceDc);
    const dcMember = (await db.store.ensureMember(aliceDc)).id;
    const dcChat = await db.store.ensureChat(server);
    const prompt = await db.prisma.practicePrompt.create({ data: { chatId: dcChat.id, memberId: dcMember, questionId: "qrag01", status: "answered", askedAt: clock.now(), lastActivityAt: clock.now() } });
    await db.prisma.practiceAttempt.create({
      data: { promptId: prompt.id, learnerId: dcLearner, memberId: dcMember, chatId: dcChat.id, questionId: "qrag01", answer: "我的回答", coverage: 0.5, verdicts: "[]", grader: "keypoints", suggestedGrade: "fuzzy", firstAttempt: true, createdAt: clock.now() },
    });

    const pending = await redeem(aliceDc, await code(aliceTg));
    expect((await engine.identity.confirm(aliceDc, pending.codeId)).ok).toBe(true);
    const learner = await learnerOf(aliceTg);
    expect(await db.prisma.practiceAttempt.findMany({ select: { learnerId: true, memberId: true } })).toEqual([{ learnerId: learner, memberId: dcMember }]);

    // On Discord, the quiz prefers what the learner has not answered anywhere, and a question answered on
    // Telegram earns no first-answer points again.
    const seen = new Set(seenOnTelegram.map((row) => row.questionId));
    const started = await engine.startQuiz(server, aliceDc, { count: 20, mode: "recall" });
    if (!started.ok) throw new Error(started.code);
    const session = await db.prisma.quizSession.findFirstOrThrow({ where: { memberId: dcMember } });
    const order = JSON.parse(session.questionIds) as string[];
    const unseenFirst = order.slice(0, order.length - seen.size);
    expect(unseenFirst.some((id) => seen.has(id))).toBe(false);
    for (let i = 0; i < started.value.total; i++) expect((await engine.answerQuiz(server, aliceDc, { kind: "recall", grade: "know" })).ok).toBe(true);
    const answers = await db.prisma.quizAnswer.findMany({ where: { sessionId: session.id }, orderBy: { position: "asc" } });
    for (const answer of answers) expect(answer.points, answer.questionId).toBe(seen.has(answer.questionId) ? 0 : 1);

    // Unlinking Discord: the seen questions it brought stay with the learner (on the Telegram identity's record,
    // the earlier first-seen date kept), and the Discord identity keeps its own.
    const beforeUnlink = await db.prisma.seenQuestion.findMany({ where: { memberId: dcMember } });
    expect((await engine.identity.unlink(aliceTg, "discord")).ok).toBe(true);
    const tgMember = (await db.store.ensureMember(aliceTg)).id;
    const tgSeen = new Map((await db.prisma.seenQuestion.findMany({ where: { memberId: tgMember } })).map((row) => [row.questionId, row]));
    for (const row of beforeUnlink) {
      const union = tgSeen.get(row.questionId)!;
      const own = seenOnTelegram.find((r) => r.questionId === row.questionId);
      expect(union.firstSeenAt).toEqual(own && own.firstSeenAt < row.firstSeenAt ? own.firstSeenAt : row.firstSeenAt);
      expect(union.timesAnswered).toBe(row.timesAnswered + (own?.timesAnswered ?? 0));
    }
    expect(await db.prisma.seenQuestion.findMany({ where: { memberId: dcMember } })).toEqual(beforeUnlink);
    expect((await db.stores.quiz.answeredQuestionIds(dcMember)).size).toBe(beforeUnlink.length);
  });

  it("per-chat standings stay per member and chat", async () => {
    await quizAll(telegramGroup, aliceTg, "know");
    await quizAll(server, aliceDc, "know");
    const standings = async () => db.prisma.scoreTotal.findMany({ orderBy: [{ chatId: "asc" }, { period: "asc" }, { memberId: "asc" }] });
    const stats = async () => db.prisma.memberStats.findMany({ orderBy: [{ chatId: "asc" }, { memberId: "asc" }] });
    const [scoresBefore, statsBefore] = [await standings(), await stats()];
    const pending = await redeem(aliceDc, await code(aliceTg));
    expect((await engine.identity.confirm(aliceDc, pending.codeId)).ok).toBe(true);
    expect(await standings()).toEqual(scoresBefore);
    expect(await stats()).toEqual(statsBefore);
  });
});

describe("unlink", () => {
  it("gives the identity a fresh learner; the merged history stays with the learner it leaves", async () => {
    await quizAll(server, aliceDc, "know", 2);
    expect((await engine.review.remind(server, aliceDc, "21:30")).ok).toBe(true);
    const pending = await redeem(aliceDc, await code(aliceTg));
    expect((await engine.identity.confirm(aliceDc, pending.codeId)).ok).toBe(true);
    const shared = await learnerOf(aliceTg);
    expect(await db.stores.review.cards(shared)).toHaveLength(2);

    expect(await engine.identity.unlink(aliceTg, "slack")).toMatchObject({ ok: false, code: "INVALID_ARGUMENT" });
    const unlinked = await engine.identity.unlink(aliceTg, "Discord");
    expect(unlinked.ok && unlinked.value.remaining.map((identity) => identity.platform)).toEqual(["telegram"]);
    const own = await learnerOf(aliceDc);
    expect(own).not.toBe(shared);
    expect(await db.stores.review.cards(shared)).toHaveLength(2);
    expect(await db.stores.review.cards(own)).toHaveLength(0);
    // The reminder goes where it is delivered: with the Discord identity.
    expect(await db.prisma.reviewReminder.findUnique({ where: { learnerId: own } })).toMatchObject({ platform: "discord" });
    // Its future activity is its own.
    await quizAll(server, aliceDc, "forgot", 1);
    expect(await db.stores.review.cards(own)).toHaveLength(1);
    expect(await db.stores.review.cards(shared)).toHaveLength(2);
    expect(await engine.identity.unlink(aliceTg, "discord")).toMatchObject({ ok: false, code: "NOT_LINKED" });
  });
});

describe("the data export and erasure", () => {
  async function linkedAliceWithHistory(): Promise<void> {
    const daily = await engine.currentDaily(telegramGroup);
    if (!daily.ok) throw new Error(daily.code);
    for (const member of [aliceTg, bob]) expect((await engine.answerDaily(telegramGroup, member, daily.value.daily.mode === "choice" ? { kind: "choice", index: 0 } : { kind: "recall", grade: "know" })).ok).toBe(true);
    await quizAll(server, aliceDc, "know", 2);
    expect((await engine.answerDaily(server, mallory, { kind: "recall", grade: "know" })).ok || true).toBe(true);
    expect((await engine.review.remind(server, aliceDc, "21:30")).ok).toBe(true);
    // A practice answer in Discord's own words, before the link.
    const dcMember = (await db.store.ensureMember(aliceDc)).id;
    const dcChat = await db.store.ensureChat(server);
    const prompt = await db.prisma.practicePrompt.create({ data: { chatId: dcChat.id, memberId: dcMember, questionId: "qrag01", status: "answered", askedAt: clock.now(), lastActivityAt: clock.now() } });
    await db.prisma.practiceAttempt.create({
      data: { promptId: prompt.id, learnerId: await learnerOf(aliceDc), memberId: dcMember, chatId: dcChat.id, questionId: "qrag01", answer: "检索增强", coverage: 0.5, verdicts: "[]", grader: "keypoints", suggestedGrade: "fuzzy", firstAttempt: true, createdAt: clock.now() },
    });
    const pending = await redeem(aliceDc, await code(aliceTg));
    expect((await engine.identity.confirm(aliceDc, pending.codeId)).ok).toBe(true);
  }

  it("/mydata exports identities, cards, logs, answers, reminders and per-chat stats of the learner only", async () => {
    await linkedAliceWithHistory();
    const data = JSON.parse(JSON.stringify(await engine.identity.export(aliceDc))) as Record<string, unknown[]> & { reminder: Record<string, unknown> };
    expect(data.format).toBe("studybot-export/1");
    expect((data.identities as { platform: string; displayName: string }[]).map((i) => [i.platform, i.displayName])).toEqual([["telegram", "Alice T"], ["discord", "alice_d"]]);
    expect(data.cards).toHaveLength(3);
    expect(data.reviewLogs).toHaveLength(3);
    expect(data.dailyAnswers).toEqual([expect.objectContaining({ questionId: expect.any(String), localDate: "2026-05-04", chat: expect.objectContaining({ platform: "telegram", externalId: "-100" }) })]);
    expect(data.quizSessions).toEqual([expect.objectContaining({ answers: [expect.anything(), expect.anything()] })]);
    expect(data.reminder).toMatchObject({ time: "21:30", platform: "discord" });
    expect(data.practiceAttempts).toEqual([expect.objectContaining({ questionId: "qrag01", answer: "检索增强", verdicts: [] })]);
    expect(data.seenQuestions).toHaveLength(3);
    expect(data.chatStats).toHaveLength(2);
    expect(data.scores!.length).toBeGreaterThan(0);
    expect(JSON.stringify(data)).not.toContain("bob");
    expect(JSON.stringify(data)).not.toContain("codeHash");
  });

  it("/forgetme deletes everything personal, anonymises chat answers, and leaves the chats' counts unchanged", async () => {
    await linkedAliceWithHistory();
    const group = await db.store.ensureChat(telegramGroup);
    const daily = await db.prisma.dailyQuestion.findFirstOrThrow({ where: { chatId: group.id } });
    const answersBefore = await db.prisma.dailyAnswer.count();
    const quizAnswersBefore = await db.prisma.quizAnswer.count();
    const bobBoard = await engine.leaderboard(telegramGroup, bob, "all");

    const aliceMembers = [(await db.store.ensureMember(aliceTg)).id, (await db.store.ensureMember(aliceDc)).id];
    const aliceLearner = await learnerOf(aliceTg);
    expect(await engine.identity.forget(aliceTg, engine.identity.forgetStamp() - 11)).toMatchObject({ ok: false, code: "STALE" });
    const forgotten = await engine.identity.forget(aliceTg, engine.identity.forgetStamp());
    expect(forgotten).toEqual({ ok: true, value: { identities: 2, anonymisedAnswers: 2 } });

    // Nothing personal is left.
    for (const external of ["10", "1001"]) expect(await db.prisma.member.findFirst({ where: { externalId: external } })).toBeNull();
    expect(JSON.stringify(await db.prisma.member.findMany())).not.toMatch(/Alice T|alice_d/);
    for (const model of ["learnerMember", "reviewCard", "reviewLog", "reviewSession", "reviewReminder", "seenQuestion", "linkCode", "linkAttempt", "dailyAnswer", "quizSession", "memberStats", "scoreTotal", "practiceAttempt", "practicePrompt", "mockInterview", "questionReport"] as const) {
      const rows = (await (db.prisma[model] as unknown as { findMany(): Promise<{ memberId?: number; learnerId?: number; redeemerId?: number | null }[]> }).findMany());
      for (const row of rows) {
        expect(aliceMembers, model).not.toContain(row.memberId);
        expect(aliceMembers, model).not.toContain(row.redeemerId);
        expect(row.learnerId, model).not.toBe(aliceLearner);
      }
    }
    expect(await db.prisma.learner.findUnique({ where: { id: aliceLearner } })).toBeNull();
    expect(await db.prisma.reviewCard.count()).toBe(1); // bob's
    expect(await db.prisma.reviewReminder.count()).toBe(0);
    // The chats' counts: every answer kept, under anonymous members with no name, on no board.
    expect(await db.prisma.dailyAnswer.count()).toBe(answersBefore);
    expect(await db.prisma.quizAnswer.count()).toBe(quizAnswersBefore);
    expect((await db.prisma.dailyQuestion.findUniqueOrThrow({ where: { id: daily.id } })).answerCount).toBe(2);
    const anonymous = await db.prisma.member.findMany({ where: { platform: ANONYMOUS_PLATFORM } });
    expect(anonymous).toHaveLength(2);
    expect(await db.prisma.scoreTotal.count({ where: { memberId: { in: anonymous.map((m) => m.id) } } })).toBe(0);
    expect(await db.prisma.memberStats.count({ where: { memberId: { in: anonymous.map((m) => m.id) } } })).toBe(0);
    const board = await engine.leaderboard(telegramGroup, bob, "all");
    if (!board.ok || !bobBoard.ok) throw new Error("no board");
    expect(board.value.entries.map((entry) => entry.displayName)).toEqual(["bob"]);
    expect(bobBoard.value.entries.map((entry) => entry.displayName)).toContain("Alice T");
    // Coming back is a fresh start.
    expect(await engine.identity.linked(aliceTg)).toEqual([expect.objectContaining({ platform: "telegram", displayName: "Alice T" })]);
    expect(await db.stores.review.cards(await learnerOf(aliceTg))).toHaveLength(0);
  });
});
