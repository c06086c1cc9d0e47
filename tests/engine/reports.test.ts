import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { questionRevision, withRevision } from "../../src/bank/revision.js";
import type { Question } from "../../src/bank/schema.js";
import { Engine } from "../../src/engine/engine.js";
import { DISPUTED_REPORTERS, parseReason } from "../../src/engine/reports/reports.js";
import type { ChatRef, MemberRef } from "../../src/engine/types.js";
import { renderQuizQuestion } from "../../src/presenter/question.js";
import { renderReviewCard } from "../../src/presenter/review.js";
import { fixtureBank, FIXTURE_QUESTIONS } from "../support/bank.js";
import { DAY, seededRandom, TestClock } from "../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const group: ChatRef = { platform: "telegram", externalId: "-100" };
const owner: MemberRef = { platform: "telegram", externalId: "1", displayName: "owner" };
const members: MemberRef[] = ["10", "20", "30", "40"].map((id) => ({ platform: "telegram", externalId: id, displayName: `m${id}` }));
const [alice, bob, carol] = members as [MemberRef, MemberRef, MemberRef];

let db: TestDatabase;
let clock: TestClock;

function build(questions: readonly Question[] = FIXTURE_QUESTIONS, seed = 7): Engine {
  return new Engine({
    bank: fixtureBank(questions),
    store: db.store,
    review: db.stores.review,
    reports: db.stores.reports,
    isOwner: (member) => `${member.platform}:${member.externalId}` === "telegram:1",
    clock,
    random: seededRandom(seed),
  });
}

beforeEach(async () => {
  db = await createTestDatabase();
  clock = new TestClock("2026-05-04T02:00:00Z");
});
afterEach(() => db.dispose());

describe("reporting a question", () => {
  it("keeps one open report per member and question: a second filing updates it; the reason reads as typed", async () => {
    const engine = build();
    const first = await engine.reports.report(alice, "qrag01", "wrong");
    expect(first.ok && first.value.created).toBe(true);
    const again = await engine.reports.report(alice, "QRAG01", undefined, "第二句不对");
    expect(again.ok && !again.value.created && again.value.report.id === (first.ok && first.value.report.id)).toBe(true);
    expect(again.ok && again.value.report).toMatchObject({ reason: "wrong", text: "第二句不对", status: "open", revision: questionRevision(FIXTURE_QUESTIONS[0]!) });
    expect(await db.prisma.questionReport.count()).toBe(1);
    expect((await engine.reports.report(alice, "qnope1", "typo")).ok).toBe(false);
    expect([parseReason("答案错误"), parseReason("2"), parseReason("outdated"), parseReason("错别字"), parseReason("其他"), parseReason("nonsense")]).toEqual(["wrong", "ambiguous", "outdated", "typo", "other", undefined]);
  });

  it("owners list open reports newest first and resolve or dismiss them; others get NOT_OWNER; a resolution queues the reporter's note once", async () => {
    const engine = build();
    await engine.reports.report(alice, "qrag01", "wrong", "应先检索");
    clock.advance(60_000);
    await engine.reports.report(bob, "qtrf01", "outdated");
    expect(await engine.reports.open(alice)).toEqual({ ok: false, code: "NOT_OWNER" });
    const open = await engine.reports.open(owner);
    if (!open.ok) throw new Error(open.code);
    expect(open.value.map((r) => [r.report.questionId, r.report.reporter.displayName, r.question?.id])).toEqual([
      ["qtrf01", "m20", "qtrf01"],
      ["qrag01", "m10", "qrag01"],
    ]);
    const [newest, oldest] = open.value as [(typeof open.value)[0], (typeof open.value)[0]];
    expect((await engine.reports.resolve(bob, oldest.report.id)).ok).toBe(false);
    const resolved = await engine.reports.resolve(owner, oldest.report.id, "已改写第二段");
    expect(resolved.ok && resolved.value).toMatchObject({ status: "resolved", note: "已改写第二段", closedBy: "telegram:1" });
    expect(await engine.reports.resolve(owner, oldest.report.id)).toMatchObject({ ok: false, code: "REPORT_CLOSED" });
    expect(await engine.reports.dismiss(owner, 999)).toMatchObject({ ok: false, code: "UNKNOWN_REPORT" });
    expect((await engine.reports.dismiss(owner, newest.report.id)).ok).toBe(true);

    // Only the resolved report has a note, and it is claimed once.
    const notes = await engine.reports.claimNotes(10, ["telegram"]);
    expect(notes.map((n) => [n.id, n.reporter.externalId, n.note])).toEqual([[oldest.report.id, "10", "已改写第二段"]]);
    expect(await engine.reports.claimNotes(10, ["telegram"])).toEqual([]);
    // A passing failure brings it back later; a permanent one gives up.
    await engine.reports.noteFailed(notes[0]!, false, "network");
    expect(await engine.reports.claimNotes(10, ["telegram"])).toEqual([]);
    clock.advance(6 * 60_000);
    const retried = await engine.reports.claimNotes(10, ["telegram"]);
    expect(retried.map((n) => n.id)).toEqual([oldest.report.id]);
    await engine.reports.noteFailed(retried[0]!, true, "forbidden");
    clock.advance(DAY);
    expect(await engine.reports.claimNotes(10, ["telegram"])).toEqual([]);
    // Closed reports leave the list, and the member may report the question again.
    expect(await engine.reports.open(owner)).toEqual({ ok: true, value: [] });
    expect((await engine.reports.report(alice, "qrag01", "typo")).ok && (await db.prisma.questionReport.count())).toBe(3);
  });
});

describe("a disputed question", () => {
  const two = FIXTURE_QUESTIONS.filter((q) => q.id === "qtrf02" || q.id === "qinf01");

  it(`leaves the daily rotation with open reports from ${DISPUTED_REPORTERS} members, until one is closed`, async () => {
    let engine = build(two);
    for (const member of [alice, bob]) await engine.reports.report(member, "qinf01", "wrong");
    // Two reporters are not enough: over two days both questions are posted.
    const posted: string[] = [];
    const dailyOn = async () => {
      const daily = await engine.currentDaily(group);
      if (!daily.ok) throw new Error(daily.code);
      posted.push(daily.value.question.id);
      clock.advance(DAY);
    };
    await dailyOn();
    await dailyOn();
    expect(new Set(posted)).toEqual(new Set(["qtrf02", "qinf01"]));

    await engine.reports.report(carol, "qinf01", "ambiguous");
    // A fresh engine (another process) sees it too: the rotation reads the store.
    engine = build(two, 99);
    posted.length = 0;
    for (let day = 0; day < 4; day++) await dailyOn();
    expect(posted).toEqual(["qtrf02", "qtrf02", "qtrf02", "qtrf02"]);

    const open = await engine.reports.open(owner);
    if (!open.ok) throw new Error(open.code);
    await engine.reports.dismiss(owner, open.value[0]!.report.id);
    posted.length = 0;
    await dailyOn();
    expect(posted).toEqual(["qinf01"]);
  });

  it("is still asked in quizzes and reviews, marked 有人报告此题可能有误", async () => {
    const engine = build(two);
    for (const member of [alice, bob, carol]) await engine.reports.report(member, "qinf01", "wrong");
    const quiz = await engine.startQuiz(group, members[3]!, { topic: "inference", count: 1 });
    if (!quiz.ok) throw new Error(quiz.code);
    expect(quiz.value.question.id).toBe("qinf01");
    expect(quiz.value.disputed).toBe(true);
    expect(renderQuizQuestion(quiz.value, "zh").text).toContain("有人报告此题可能有误");

    const answered = await engine.answerQuiz(group, members[3]!, { kind: "choice", index: 0 });
    expect(answered.ok).toBe(true);
    clock.advance(2 * DAY);
    const review = await engine.review.start({ platform: "telegram", externalId: "40" }, members[3]!);
    if (!review.ok) throw new Error(review.code);
    expect(review.value.question.id).toBe("qinf01");
    expect(renderReviewCard(review.value, "zh").text).toContain("有人报告此题可能有误");
    // An undisputed question carries no mark.
    const other = await engine.startQuiz(group, bob, { topic: "transformer", count: 1 });
    expect(other.ok && other.value.disputed).toBeFalsy();
  });
});

describe("revisions", () => {
  it("every question carries a content hash that changes exactly when prompt, answer, key points or item change", () => {
    const question = FIXTURE_QUESTIONS.find((q) => q.id === "qinf01")!;
    const revision = questionRevision(question);
    expect(revision).toMatch(/^[0-9a-f]{12}$/);
    expect(question.revision).toBe(revision);
    expect(questionRevision({ ...question, difficulty: 3, topic: "rag", sources: [{ file: "x.txt", number: 9 }] } as Question)).toBe(revision);
    expect(questionRevision({ ...question, prompt: `${question.prompt}?` })).not.toBe(revision);
    expect(questionRevision({ ...question, answer: `${question.answer}.` })).not.toBe(revision);
    expect(questionRevision({ ...question, keyPoints: ["K", "V"] })).not.toBe(revision);
    expect(questionRevision({ ...question, item: { ...question.item!, correct: 1 } })).not.toBe(revision);
  });

  it("every attempt records the revision it was answered on: daily, quiz and review", async () => {
    const engine = build(FIXTURE_QUESTIONS.filter((q) => q.id === "qinf01"));
    const question = FIXTURE_QUESTIONS.find((q) => q.id === "qinf01")!;
    await engine.currentDaily(group);
    const daily = await engine.answerDaily(group, alice, { kind: "choice", index: 2 });
    expect(daily.ok).toBe(true);
    await engine.startQuiz(group, bob, { count: 1 });
    expect((await engine.answerQuiz(group, bob, { kind: "choice", index: 2 })).ok).toBe(true);
    clock.advance(5 * DAY);
    expect((await engine.review.start({ platform: "telegram", externalId: "10" }, alice, { mode: "choice" })).ok).toBe(true);
    expect((await engine.review.answer({ platform: "telegram", externalId: "10" }, alice, { kind: "choice", index: 2 })).ok).toBe(true);

    expect((await db.prisma.dailyAnswer.findMany()).map((a) => a.revision)).toEqual([question.revision]);
    expect((await db.prisma.quizAnswer.findMany()).map((a) => a.revision)).toEqual([question.revision]);
    const logs = await db.prisma.reviewLog.findMany({ orderBy: { id: "asc" } });
    expect(logs.map((log) => [log.kind, log.revision])).toEqual([
      ["daily", question.revision],
      ["quiz", question.revision],
      ["review", question.revision],
    ]);
  });

  it("a correction of an item's key does not penalise those who answered the old revision: points kept, card not graded down", async () => {
    const original = FIXTURE_QUESTIONS.find((q) => q.id === "qinf01")!;
    let engine = build([original]);
    await engine.currentDaily(group);
    const answered = await engine.answerDaily(group, alice, { kind: "choice", index: 2 });
    if (!answered.ok) throw new Error(answered.code);
    expect([answered.value.correct, answered.value.points]).toEqual([true, 10]);
    const member = await db.store.ensureMember(alice);
    const learnerId = await db.stores.review.learnerOf(member.id);
    const cardBefore = await db.stores.review.findCard(learnerId, original.id);
    expect(cardBefore?.lastRating).toBe(3);

    // The bank is corrected: the key moves from C to B. The process restarts with the new bank.
    const corrected = withRevision({ ...original, item: { ...original.item!, correct: 1 } });
    expect(corrected.revision).not.toBe(original.revision);
    engine = build([corrected]);
    // The same press again (a redelivered update): nothing is recomputed from the new key.
    const again = await engine.answerDaily(group, alice, { kind: "choice", index: 2 });
    expect(again.ok ? null : again.code).toBe("ALREADY_ANSWERED");
    const stored = await db.prisma.dailyAnswer.findFirstOrThrow();
    expect([stored.correct, stored.points, stored.revision]).toEqual([true, 10, original.revision]);
    const board = await engine.leaderboard(group, alice, "all");
    expect(board.ok && board.value.me?.points).toBe(10);
    const daily = await db.store.latestDaily((await engine.chat(group)).id);
    const results = await engine.dailyResults(daily!);
    expect(results.ok && results.value.correctPercent).toBe(100);
    const cardAfter = await db.stores.review.findCard(learnerId, original.id);
    expect(cardAfter).toEqual(cardBefore);
    expect(await db.prisma.reviewLog.count()).toBe(1);
    expect(await engine.review.mistakes(alice)).toEqual([]);
  });
});
