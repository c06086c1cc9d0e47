import type { Question, TopicSlug } from "../../bank/schema.js";
import { shuffled, type BankView } from "../bank.js";
import { fail, ok, type Result } from "../errors.js";
import type { ChatRecord, ChatStore } from "../ports/chats.js";
import type { MemberRecord, MemberStore } from "../ports/members.js";
import { DuplicateError, type Clock, type Random } from "../ports.js";
import type { Practice } from "../practice/practice.js";
import type { AttemptHook } from "../review/reviews.js";
import type { ReviewStore } from "../review/ports.js";
import type { ChatRef, MemberRef } from "../types.js";
import type { MockRecord, MockResult, MockStore } from "./ports.js";

export const MOCK_DEFAULT_COUNT = 5;
export const MOCK_MAX_COUNT = 10;
export const MOCK_DEFAULT_MINUTES = 5;
export const MOCK_MAX_MINUTES = 60;
export const MOCK_IDLE_MINUTES = 30;
/** The weakest key points the report names. */
export const MOCK_WEAKEST = 3;

export interface MockDeps {
  bank: BankView;
  store: MockStore;
  directory: Pick<ChatStore, "ensureChat"> & MemberStore;
  learners: Pick<ReviewStore, "learnerOf">;
  clock: Clock;
  random: Random;
  /** Grades answers (the practice module's grader, quota and key points). */
  practice: Practice;
  /** Adds the missed questions to the review deck (Reviews.graded, as Again). */
  attempts?: AttemptHook;
  idleMinutes?: number;
}

/** What is being asked now: a question, or its follow-up about one missed key point. */
export interface MockQuestionView {
  mock: MockRecord;
  question: Question;
  /** 0-based. */
  position: number;
  total: number;
  minutes: number;
  followUp?: { keyPoint: string; covered: string | null };
}

export interface MockReport {
  mock: MockRecord;
  results: (MockResult & { question: Question })[];
  /** Mean coverage of the answered questions, 0–100; null when none was answered. */
  score: number | null;
  weakest: { questionId: string; text: string; score: number }[];
  /** Questions with a missed key point (what /mock review adds to the deck). */
  missedQuestions: string[];
}

export interface MockAnswerOutcome {
  /** The result recorded for the question (once its follow-up, if any, is answered too). */
  result: MockResult;
  question: Question;
  truncated: boolean;
  next?: MockQuestionView;
  report?: MockReport;
}

/**
 * Mock interviews: n open questions in a row (mixed difficulty, a design question last where the topic has
 * one), answered in free text like /practice, each with a soft time limit; an answer that misses key points
 * gets one follow-up about the first missed one, graded against it alone; then a report. One running per
 * member (in any chat), expiring after 30 idle minutes.
 */
export class MockInterviews {
  private readonly idleMs: number;

  constructor(private readonly deps: MockDeps) {
    this.idleMs = (deps.idleMinutes ?? MOCK_IDLE_MINUTES) * 60_000;
  }

  async start(chatRef: ChatRef, memberRef: MemberRef, options: { topic?: TopicSlug; count?: number; minutes?: number } = {}): Promise<Result<MockQuestionView>> {
    const count = options.count ?? MOCK_DEFAULT_COUNT;
    const minutes = options.minutes ?? MOCK_DEFAULT_MINUTES;
    if (!Number.isInteger(count) || count < 1 || count > MOCK_MAX_COUNT) return fail("INVALID_ARGUMENT", { max: MOCK_MAX_COUNT });
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > MOCK_MAX_MINUTES) return fail("INVALID_ARGUMENT", { max: MOCK_MAX_MINUTES });
    const [chat, member] = await this.both(chatRef, memberRef);
    const running = await this.active(member);
    if (running) return fail("MOCK_IN_PROGRESS", this.view(running));
    const questions = this.pick(options.topic, count);
    if (questions.length === 0) return fail("NO_QUESTIONS");
    const now = this.deps.clock.now();
    try {
      const mock = await this.deps.store.createMock({
        chatId: chat.id,
        memberId: member.id,
        learnerId: await this.deps.learners.learnerOf(member.id),
        topic: options.topic ?? null,
        questionIds: questions.map((q) => q.id),
        minutes,
        startedAt: now,
        askedAt: now,
        lastActivityAt: now,
      });
      return ok(this.view(mock));
    } catch (error) {
      if (!(error instanceof DuplicateError)) throw error;
      const winner = await this.deps.store.activeMock(member.id);
      return winner ? fail("MOCK_IN_PROGRESS", this.view(winner)) : fail("NO_ACTIVE_MOCK");
    }
  }

  /** The member's running interview and what it asks now. */
  async current(memberRef: MemberRef): Promise<Result<MockQuestionView>> {
    const member = await this.deps.directory.ensureMember(memberRef);
    const mock = await this.active(member);
    return mock ? ok(this.view(mock)) : fail("NO_ACTIVE_MOCK");
  }

  /** Grades the answer to the question (or its follow-up) being asked; over the soft limit it still counts, marked. */
  async answer(chatRef: ChatRef, memberRef: MemberRef, text: string): Promise<Result<MockAnswerOutcome>> {
    const [chat, member] = await this.both(chatRef, memberRef);
    const mock = await this.active(member);
    if (!mock) return fail("NO_ACTIVE_MOCK");
    const now = this.deps.clock.now();
    const view = this.view(mock);
    const { question } = view;
    const graded = await this.deps.practice.grade(chat, member, question, text, mock.followUp ? [mock.followUp] : undefined);
    if (!graded.ok) return graded;
    const { result: verdict, truncated } = graded.value;
    const seconds = Math.round((now.getTime() - mock.askedAt.getTime()) / 1000);
    const overTime = seconds > mock.minutes * 60;

    let result: MockResult;
    let followUp: string | null = null;
    let results = mock.results;
    if (mock.followUp) {
      // The follow-up completes the question's result: its key point is covered if the follow-up covered it.
      const previous = mock.results.at(-1)!;
      const hit = verdict.keyPoints[0]?.hit ?? false;
      result = {
        ...previous,
        seconds: previous.seconds + seconds,
        overTime: previous.overTime || overTime,
        missed: hit ? previous.missed.filter((m) => m.text !== mock.followUp) : previous.missed,
        followUp: { keyPoint: mock.followUp, hit },
      };
      results = [...mock.results.slice(0, -1), result];
    } else {
      const missed = verdict.keyPoints.filter((k) => !k.hit).map((k) => ({ text: k.text, score: k.score }));
      result = { questionId: question.id, coverage: verdict.coverage, missed, seconds, overTime };
      results = [...mock.results, result];
      followUp = missed[0]?.text ?? null;
    }
    const position = followUp ? mock.position : mock.position + 1;
    const finished = position >= mock.questionIds.length;
    const advanced = await this.deps.store.advanceMock(mock.id, { position: mock.position, followUp: mock.followUp }, { position, followUp, results, askedAt: now, at: now, finished });
    if (!advanced) return fail("ALREADY_ANSWERED");
    const after: MockRecord = { ...mock, position, followUp, results, askedAt: now, lastActivityAt: now, ...(finished ? { status: "finished" as const } : {}) };
    const outcome: MockAnswerOutcome = { result, question, truncated };
    if (finished) outcome.report = this.report(after);
    else outcome.next = this.view(after);
    return ok(outcome);
  }

  /** Ends the running interview with the report so far. */
  async stop(memberRef: MemberRef): Promise<Result<MockReport>> {
    const member = await this.deps.directory.ensureMember(memberRef);
    const mock = await this.active(member);
    if (!mock) return fail("NO_ACTIVE_MOCK");
    await this.deps.store.closeMock(mock.id, "stopped");
    return ok(this.report({ ...mock, status: "stopped" }));
  }

  /** Adds the last finished (or stopped) interview's missed questions to the member's review deck, graded Again, once. */
  async reviewMissed(memberRef: MemberRef): Promise<Result<{ added: string[] }>> {
    const member = await this.deps.directory.ensureMember(memberRef);
    const last = await this.deps.store.lastMock(member.id);
    if (!last || last.status === "active") return fail("NO_ACTIVE_MOCK");
    const missed = this.report(last).missedQuestions;
    if (!(await this.deps.store.markReviewed(last.id, this.deps.clock.now()))) return fail("ALREADY_ANSWERED");
    const at = this.deps.clock.now();
    for (const [i, questionId] of missed.entries()) {
      await this.deps.attempts?.graded({ memberId: member.id, questionId, source: `mock:${last.id}:${i}`, kind: "mock", correct: false, response: "forgot", at });
    }
    return ok({ added: missed });
  }

  report(mock: MockRecord): MockReport {
    const results = mock.results.flatMap((r) => {
      const question = this.deps.bank.byId.get(r.questionId);
      return question ? [{ ...r, question }] : [];
    });
    const score = results.length > 0 ? Math.round((100 * results.reduce((sum, r) => sum + r.coverage, 0)) / results.length) : null;
    const weakest = results
      .flatMap((r) => r.missed.map((m) => ({ questionId: r.questionId, text: m.text, score: m.score })))
      .sort((a, b) => a.score - b.score)
      .slice(0, MOCK_WEAKEST);
    return { mock, results, score, weakest, missedQuestions: results.filter((r) => r.missed.length > 0).map((r) => r.questionId) };
  }

  /** n questions with key points, unseen order random, easiest first; a design question last where the topic has one. */
  private pick(topic: TopicSlug | undefined, count: number): Question[] {
    const pool = shuffled(this.deps.practice.pool(topic), this.deps.random);
    const design = topic === undefined || topic === "applications" ? pool.find((q) => q.topic === "applications") : undefined;
    const rest = pool.filter((q) => q !== design);
    // Mixed difficulty: take round-robin over the difficulties, then ask them easiest first.
    const byDifficulty = [1, 2, 3].map((d) => rest.filter((q) => q.difficulty === d));
    const picked: Question[] = [];
    const wanted = design ? count - 1 : count;
    for (let i = 0; picked.length < wanted && byDifficulty.some((list) => list.length > i); i++) {
      for (const list of byDifficulty) if (list[i] && picked.length < wanted) picked.push(list[i]!);
    }
    picked.sort((a, b) => a.difficulty - b.difficulty);
    return design ? [...picked, design] : picked;
  }

  private async active(member: MemberRecord): Promise<MockRecord | null> {
    const mock = await this.deps.store.activeMock(member.id);
    if (!mock) return null;
    if (this.deps.clock.now().getTime() - mock.lastActivityAt.getTime() <= this.idleMs) return mock;
    await this.deps.store.closeMock(mock.id, "expired");
    return null;
  }

  private view(mock: MockRecord): MockQuestionView {
    const id = mock.questionIds[mock.position];
    const question = id === undefined ? undefined : this.deps.bank.byId.get(id);
    if (!question) throw new Error(`mock ${mock.id} refers to question ${id ?? "(none)"} that is not in the bank`);
    const view: MockQuestionView = { mock, question, position: mock.position, total: mock.questionIds.length, minutes: mock.minutes };
    if (mock.followUp) {
      const last = mock.results.at(-1);
      const covered = question.keyPoints?.find((point) => !last?.missed.some((m) => m.text === point)) ?? null;
      view.followUp = { keyPoint: mock.followUp, covered };
    }
    return view;
  }

  private async both(chatRef: ChatRef, memberRef: MemberRef): Promise<[ChatRecord, MemberRecord]> {
    return Promise.all([this.deps.directory.ensureChat(chatRef), this.deps.directory.ensureMember(memberRef)]);
  }
}
