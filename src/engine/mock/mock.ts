import type { Question, TopicSlug } from "../../bank/schema.js";
import { shuffled, type BankView } from "../bank.js";
import { fail, ok, type Result } from "../errors.js";
import type { ChatRecord, ChatStore } from "../ports/chats.js";
import type { MemberRecord, MemberStore } from "../ports/members.js";
import { DuplicateError, type Clock, type Random } from "../ports.js";
import type { Practice } from "../practice/practice.js";
import type { AttemptHook } from "../review/reviews.js";
import type { ReviewStore } from "../review/ports.js";
import type { ChatRef, MemberRef, Platform } from "../types.js";
import type { MockRecord, MockResult, MockStore, MockTimeUpClaim } from "./ports.js";

export const MOCK_DEFAULT_COUNT = 5;
export const MOCK_MAX_COUNT = 10;
export const MOCK_DEFAULT_MINUTES = 5;
export const MOCK_MAX_MINUTES = 60;
export const MOCK_IDLE_MINUTES = 30;
/** A question is never expired sooner than this after its time limit (the time-up message says an answer still counts). */
export const MOCK_GRACE_MINUTES = 10;
/** How long a sender holds a claimed time-up message before another process may send it. */
export const MOCK_TIME_UP_LEASE_MS = 5 * 60_000;
/** When a time-up message failed for a passing reason, it is tried again this much later. */
export const MOCK_TIME_UP_RETRY_MS = 60_000;
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
  /** The member's daily quota of the metered (LLM) grader was used up: the embedded grader answered. */
  quotaReached: boolean;
  next?: MockQuestionView;
  report?: MockReport;
}

/** What a Discord modal says it answers: the interview and the step it was opened on. */
export interface MockStep {
  mockId: number;
  position: number;
  followUp: boolean;
}

/** The time-up message to send: whom to tell, in which language, about what is being asked. */
export interface MockTimeUp {
  claim: MockTimeUpClaim;
  view: MockQuestionView;
}

/**
 * Mock interviews: n open questions in a row (mixed difficulty, a design question last where the topic has
 * one), answered in free text like /practice, each with a soft time limit; an answer that misses key points
 * gets one follow-up about the first missed one, graded against it alone; then a report. One running per
 * member (in any chat), expiring after 30 idle minutes (never sooner than 10 minutes past the time limit).
 * When the limit passes the member is told once, privately (`claimTimeUps`, on the scheduler's minute); a
 * later answer still counts, marked over time.
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
        timeUpAt: this.deadline(now, minutes),
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

  /**
   * Grades the answer to the question (or its follow-up) being asked; over the soft limit it still counts,
   * marked. `step` (a Discord modal) must name what is being asked, else STALE.
   */
  async answer(chatRef: ChatRef, memberRef: MemberRef, text: string, step?: MockStep): Promise<Result<MockAnswerOutcome>> {
    const [chat, member] = await this.both(chatRef, memberRef);
    const mock = await this.active(member);
    if (!mock) return fail("NO_ACTIVE_MOCK");
    if (step && !sameStep(mock, step)) return fail("STALE");
    const now = this.deps.clock.now();
    const view = this.view(mock);
    const { question } = view;
    const graded = await this.deps.practice.grade(chat, member, question, text, mock.followUp ? [mock.followUp] : undefined);
    if (!graded.ok) return graded;
    const { result: verdict, truncated, quotaReached } = graded.value;
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
    const advanced = await this.deps.store.advanceMock(mock.id, { position: mock.position, followUp: mock.followUp }, { position, followUp, results, askedAt: now, at: now, finished, timeUpAt: finished ? null : this.deadline(now, mock.minutes) });
    if (!advanced) return fail("ALREADY_ANSWERED");
    const after: MockRecord = { ...mock, position, followUp, results, askedAt: now, lastActivityAt: now, timeUpAt: finished ? null : this.deadline(now, mock.minutes), ...(finished ? { status: "finished" as const } : {}) };
    const outcome: MockAnswerOutcome = { result, question, truncated, quotaReached };
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

  /**
   * Claims the due time-up messages of members on `platforms` (one process wins each); an interview gone
   * idle meanwhile is expired instead. Each claim must end in `timeUpSent` or `timeUpFailed`.
   */
  async claimTimeUps(limit: number, platforms: readonly Platform[]): Promise<MockTimeUp[]> {
    const now = this.deps.clock.now();
    const claims = await this.deps.store.claimTimeUps(now, new Date(now.getTime() + MOCK_TIME_UP_LEASE_MS), limit, platforms);
    const due: MockTimeUp[] = [];
    for (const claim of claims) {
      if (this.expired(claim.mock, now) || !claim.mock.questionIds[claim.mock.position] || !this.deps.bank.byId.has(claim.mock.questionIds[claim.mock.position]!)) {
        await this.deps.store.closeMock(claim.mock.id, "expired");
        continue;
      }
      due.push({ claim, view: this.view(claim.mock) });
    }
    return due;
  }

  /** The time-up message went out: never again for this question. */
  async timeUpSent(timeUp: MockTimeUp): Promise<void> {
    await this.deps.store.timeUpSent(timeUp.claim.mock.id, timeUp.claim.leasedUntil);
  }

  /** It failed: a permanent refusal (blocked, DMs closed) gives it up, a passing failure tries again a minute later. */
  async timeUpFailed(timeUp: MockTimeUp, permanent: boolean): Promise<void> {
    const { mock, leasedUntil } = timeUp.claim;
    if (permanent) await this.deps.store.timeUpSent(mock.id, leasedUntil);
    else await this.deps.store.timeUpRetry(mock.id, leasedUntil, new Date(this.deps.clock.now().getTime() + MOCK_TIME_UP_RETRY_MS));
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
    if (!this.expired(mock, this.deps.clock.now())) return mock;
    await this.deps.store.closeMock(mock.id, "expired");
    return null;
  }

  /** Idle too long: 30 minutes, and at least 10 minutes past the time limit of what is being asked. */
  private expired(mock: MockRecord, now: Date): boolean {
    const window = Math.max(this.idleMs, (mock.minutes + MOCK_GRACE_MINUTES) * 60_000);
    return now.getTime() - mock.lastActivityAt.getTime() > window;
  }

  private deadline(askedAt: Date, minutes: number): Date {
    return new Date(askedAt.getTime() + minutes * 60_000);
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

function sameStep(mock: MockRecord, step: MockStep): boolean {
  return step.mockId === mock.id && step.position === mock.position && step.followUp === (mock.followUp !== null);
}
