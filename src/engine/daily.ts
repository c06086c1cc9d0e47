import type { Question } from "../bank/schema.js";
import { answerModeOf, isAskable, shuffled, type BankView } from "./bank.js";
import { fail, ok, type EngineError, type Result } from "./errors.js";
import {
  DuplicateError,
  type ChatRecord,
  type Clock,
  type DailyAnswerRecord,
  type DailyAnswerWrite,
  type DailyRecord,
  type MemberRecord,
  type Random,
  type RecordedDailyAnswer,
  type ScoreDailyAnswer,
} from "./ports.js";
import type { DailyStore } from "./ports/daily.js";
import { encodeResponse, fitsMode, type AnswerInput } from "./responses.js";
import type { ChatRef, MemberRef } from "./types.js";
import { dailyPoints } from "./scoring.js";
import { advanceStreak, streakRulesOf } from "./streak.js";
import { dailySource, type AttemptHook } from "./review/reviews.js";
import type { DisputedQuestions } from "./reports/reports.js";
import { localDateOf, openDailyDate, periodKeys, postingInstant, type LocalDate } from "./time.js";

export interface DailyView {
  daily: DailyRecord;
  question: Question;
  answerCount: number;
}

/** A claimed daily question; `leased` when the claim made it and holds its first send lease (the scheduler's claims). */
export interface ClaimedDaily extends DailyView {
  leased: boolean;
}

export interface DailyAnswerOutcome {
  daily: DailyRecord;
  question: Question;
  correct: boolean | null;
  points: number;
  streak: number;
  longestStreak: number;
  /** How many members have answered, this one included. */
  answerCount: number;
}

/** The day's results, posted with the reveal. */
export interface DailyResults {
  daily: DailyRecord;
  question: Question;
  answered: number;
  /** Share of correct answers (0–100, rounded) of a multiple-choice daily with answers; null otherwise. */
  correctPercent: number | null;
  /** The first correct answer (for recall: the first "know"), and how long after the post it came. */
  fastest: { displayName: string; afterSeconds: number } | null;
  /** Members who answered it on the longest current streaks (at least STREAK_HOLDER_MIN days), longest first. */
  streakHolders: { displayName: string; streak: number }[];
}

/** What an answer makes of the chat's latest daily question (DailyQuestions.plan). */
type AnswerPlan =
  | { kind: "done"; result: EngineError<unknown> }
  | { kind: "wrongForm"; daily: DailyRecord }
  | { kind: "write"; daily: DailyRecord; question: Question; correct: boolean | null; write: Omit<DailyAnswerWrite, "chatId" | "memberId">; score: ScoreDailyAnswer };

export const STREAK_HOLDERS_SHOWN = 3;
export const STREAK_HOLDER_MIN = 2;

/** The details of ALREADY_ANSWERED: the answer that counts. */
export interface AlreadyAnswered {
  first: DailyAnswerRecord;
  daily: DailyRecord;
}

export interface DailyDeps {
  bank: BankView;
  store: DailyStore;
  clock: Clock;
  random: Random;
  /** Grades the member's review card after an answer is recorded (and again, idempotently, when it arrives twice). */
  attempts?: AttemptHook;
  /** Questions with open reports from enough members: left out of the rotation until the reports are closed. */
  disputes?: Pick<DisputedQuestions, "disputedIds">;
}

/** The daily question of a chat: picking it, answering it, revealing it. */
export class DailyQuestions {
  constructor(private readonly deps: DailyDeps) {}

  /**
   * The chat's current daily question: today's if posted, yesterday's until today's posting time,
   * else today's is claimed now (once per chat and local date, enforced by the store).
   */
  async current(chat: ChatRecord): Promise<Result<DailyView>> {
    const now = this.deps.clock.now();
    const today = localDateOf(now, chat.timeZone);
    const openDate = openDailyDate(now, chat.timeZone, chat.dailyTime);
    const existing = (await this.deps.store.findDaily(chat.id, today)) ?? (openDate === today ? null : await this.deps.store.findDaily(chat.id, openDate));
    return existing ? this.view(existing) : this.claim(chat, today);
  }

  /**
   * The daily question of `localDate` in the chat: the one already claimed, else one picked and claimed
   * now. The store's unique (chat, local date) key makes this safe to race: /daily and every scheduler
   * process get the same question. A chat that takes scheduled posts gets it posted at its posting time.
   * With `leaseUntil` (the scheduler about to send it) a daily made by this claim is leased to the caller
   * until then, in the same write.
   */
  async claim(chat: ChatRecord, localDate: LocalDate, leaseUntil?: Date): Promise<Result<ClaimedDaily>> {
    const existing = await this.deps.store.findDaily(chat.id, localDate);
    if (existing) return this.claimed(existing, false);
    const question = await this.pick(chat);
    if (!question) return fail("NO_QUESTIONS");
    const scheduled = chat.dailyEnabled && !chat.paused;
    const { daily, created } = await this.deps.store.claimDaily({
      chatId: chat.id,
      localDate,
      questionId: question.id,
      mode: answerModeOf(question, chat.dailyMode),
      postedAt: this.deps.clock.now(),
      deliverAt: scheduled ? postingInstant(localDate, chat.dailyTime, chat.timeZone) : null,
      ...(leaseUntil ? { leaseUntil } : {}),
    });
    return this.claimed(daily, created && leaseUntil !== undefined);
  }

  private async claimed(daily: DailyRecord, leased: boolean): Promise<Result<ClaimedDaily>> {
    const view = await this.view(daily);
    return view.ok ? ok({ ...view.value, leased }) : view;
  }

  /** A daily question as shown: with its question and live answer count. */
  async view(daily: DailyRecord): Promise<Result<DailyView>> {
    const question = this.deps.bank.byId.get(daily.questionId);
    if (!question) return fail("UNKNOWN_QUESTION", { id: daily.questionId });
    const answerCount = daily.answerCount;
    return ok({ daily, question, answerCount });
  }

  /** How the chat did on a daily question: answers, share correct, the fastest correct answer, streak holders. */
  async results(daily: DailyRecord): Promise<Result<DailyResults>> {
    const question = this.deps.bank.byId.get(daily.questionId);
    if (!question) return fail("UNKNOWN_QUESTION", { id: daily.questionId });
    const answers = await this.deps.store.dailyAnswers(daily.id);
    const correct = answers.filter((a) => a.correct === true).length;
    const first = answers.find((a) => (daily.mode === "choice" ? a.correct === true : a.response === "know"));
    const streakHolders = answers
      .filter((a) => a.streak >= STREAK_HOLDER_MIN)
      .sort((a, b) => b.streak - a.streak || a.answeredAt.getTime() - b.answeredAt.getTime())
      .slice(0, STREAK_HOLDERS_SHOWN)
      .map((a) => ({ displayName: a.displayName, streak: a.streak }));
    return ok({
      daily,
      question,
      answered: answers.length,
      correctPercent: daily.mode === "choice" && answers.length > 0 ? Math.round((100 * correct) / answers.length) : null,
      fastest: first ? { displayName: first.displayName, afterSeconds: Math.max(0, Math.round((first.answeredAt.getTime() - daily.postedAt.getTime()) / 1000)) } : null,
      streakHolders,
    });
  }

  /** The daily question members can answer now: the latest one posted in the chat (STALE when it is not `expectedId`). */
  async open(chat: ChatRecord, expectedId?: number): Promise<Result<DailyView>> {
    const latest = await this.deps.store.latestDaily(chat.id);
    if (expectedId !== undefined && latest?.id !== expectedId) return fail("STALE");
    return latest ? this.view(latest) : fail("NO_DAILY");
  }

  async answer(chat: ChatRecord, member: MemberRecord, input: AnswerInput, expectedId?: number): Promise<Result<DailyAnswerOutcome>> {
    const plan = this.plan(chat, await this.deps.store.latestDaily(chat.id), input, expectedId);
    if (plan.kind !== "write") return this.unwritten(plan, member);
    try {
      // One store call records it all; the unique answer key turns a second answer into DuplicateError.
      const recorded = await this.deps.store.recordDailyAnswer({ chatId: chat.id, memberId: member.id, ...plan.write }, plan.score);
      return this.written(plan, member, recorded);
    } catch (error) {
      if (!(error instanceof DuplicateError)) throw error;
      // A concurrent submission won the race: report the answer that was recorded.
      const recorded = await this.deps.store.findDailyAnswer(plan.daily.id, member.id);
      if (!recorded) throw error;
      // The answer may be a redelivery after a crash before its card was graded: grading is idempotent.
      await this.feedDeck(plan.daily, member, recorded);
      return fail<AlreadyAnswered>("ALREADY_ANSWERED", { first: recorded, daily: plan.daily });
    }
  }

  /**
   * `answer` from the chat's and member's references, in one store call where the store can (one round
   * trip on PostgreSQL): the same plan, made from the rows the store read. Null: the store could not, and
   * the caller answers step by step (ensuring chat and member, then `answer`).
   */
  async answerByRef(chatRef: ChatRef, memberRef: MemberRef, input: AnswerInput, expectedId?: number): Promise<Result<DailyAnswerOutcome> | null> {
    let plan: AnswerPlan | undefined;
    const taken = await this.deps.store.answerLatestDaily(chatRef, memberRef, (chat, daily) => {
      plan = this.plan(chat, daily, input, expectedId);
      return plan.kind === "write" ? { write: plan.write, score: plan.score } : { write: null };
    });
    if (!taken || !plan) return null;
    if (plan.kind !== "write") return this.unwritten(plan, taken.member);
    if (!taken.recorded) throw new Error("the store took a daily answer without recording it");
    return this.written(plan, taken.member, taken.recorded);
  }

  /** What an answer makes of the chat's latest daily: an outcome without a write, a response of the wrong form, or the write. */
  private plan(chat: ChatRecord, latest: DailyRecord | null, input: AnswerInput, expectedId: number | undefined): AnswerPlan {
    if (expectedId !== undefined && latest?.id !== expectedId) return { kind: "done", result: fail("STALE") };
    if (!latest) return { kind: "done", result: fail("NO_DAILY") };
    const question = this.deps.bank.byId.get(latest.questionId);
    if (!question) return { kind: "done", result: fail("UNKNOWN_QUESTION", { id: latest.questionId }) };
    const daily = latest;
    if (!fitsMode(input, daily.mode)) return { kind: "wrongForm", daily };
    const now = this.deps.clock.now();
    const correct = input.kind === "choice" ? input.index === question.item?.correct : null;
    const response = encodeResponse(input);
    return {
      kind: "write",
      daily,
      question,
      correct,
      write: { dailyId: daily.id, questionId: question.id, response, correct, at: now, periods: scorePeriods(now, chat.timeZone), revision: question.revision ?? null },
      score: (before) => {
        const streak = advanceStreak(before, daily.localDate, streakRulesOf(chat));
        return { streak, points: dailyPoints(daily.mode, correct, streak.currentStreak) };
      },
    };
  }

  private async unwritten(plan: Exclude<AnswerPlan, { kind: "write" }>, member: MemberRecord): Promise<Result<DailyAnswerOutcome>> {
    if (plan.kind === "done") return plan.result;
    // A second answer is reported as such whatever its form; a first one of the wrong form is not taken.
    const first = await this.deps.store.findDailyAnswer(plan.daily.id, member.id);
    if (first) await this.feedDeck(plan.daily, member, first);
    return first ? fail<AlreadyAnswered>("ALREADY_ANSWERED", { first, daily: plan.daily }) : fail("INVALID_RESPONSE", { mode: plan.daily.mode });
  }

  private async written(plan: Extract<AnswerPlan, { kind: "write" }>, member: MemberRecord, recorded: RecordedDailyAnswer): Promise<Result<DailyAnswerOutcome>> {
    const { daily, question, correct, write } = plan;
    const { streak, points, answerCount } = recorded;
    await this.feedDeck(daily, member, { correct, response: write.response, answeredAt: write.at, revision: write.revision ?? null });
    return ok({ daily, question, correct, points, streak: streak.currentStreak, longestStreak: streak.longestStreak, answerCount });
  }

  /** The member's first answer to a daily question grades their card of it, once (keyed by daily and member). */
  private async feedDeck(daily: DailyRecord, member: MemberRecord, first: Pick<DailyAnswerRecord, "correct" | "response" | "answeredAt"> & { revision?: string | null }): Promise<void> {
    await this.deps.attempts?.graded({
      memberId: member.id,
      questionId: daily.questionId,
      source: dailySource(daily.id, member.id),
      kind: "daily",
      correct: first.correct,
      response: first.response,
      at: first.answeredAt,
      // The attempt as it was recorded, on the revision it was made on: a later correction of the key changes neither.
      revision: first.revision,
    });
  }

  /**
   * Questions do not repeat in a chat until every eligible question (askable, in the chat's topics)
   * was posted there once; among those, topics rotate (see `rotateTopics`).
   */
  private async pick(chat: ChatRecord): Promise<Question | undefined> {
    const topics = chat.dailyTopics && new Set(chat.dailyTopics);
    const disputed = (await this.deps.disputes?.disputedIds()) ?? new Set<string>();
    const candidates = this.deps.bank.questions.filter((q) => isAskable(q) && (!topics || topics.has(q.topic)));
    // A disputed question waits until its reports are closed, unless nothing else is left to ask.
    const undisputed = candidates.filter((q) => !disputed.has(q.id));
    const eligible = undisputed.length > 0 ? undisputed : candidates;
    if (eligible.length === 0) return undefined;
    const posted = await this.deps.store.postedQuestionIds(chat.id);
    const timesPosted = new Map<string, number>();
    for (const id of posted) timesPosted.set(id, (timesPosted.get(id) ?? 0) + 1);
    const fewest = Math.min(...eligible.map((q) => timesPosted.get(q.id) ?? 0));
    const fresh = eligible.filter((q) => (timesPosted.get(q.id) ?? 0) === fewest);
    const [previous, beforeThat] = posted
      .slice(-2)
      .reverse()
      .map((id) => this.deps.bank.byId.get(id)?.topic);
    return shuffled(rotateTopics(fresh, previous, beforeThat), this.deps.random)[0];
  }
}

/**
 * The questions to pick from so topics rotate: another topic than the previous day's while one is
 * left, and never a third day in a row of one topic while another is left. The previous topic comes
 * again (a second day) only when so much more of it is left than of all others together that
 * avoiding it now would force three in a row later.
 */
export function rotateTopics(fresh: readonly Question[], previous: string | undefined, beforeThat: string | undefined): readonly Question[] {
  const same = fresh.filter((q) => q.topic === previous);
  const other = fresh.filter((q) => q.topic !== previous);
  if (same.length === 0 || other.length === 0) return fresh;
  const secondDayAllowed = previous !== beforeThat;
  return secondDayAllowed && same.length > 2 * other.length ? same : other;
}

/** Every leaderboard period that points earned at `at` count towards. */
export function scorePeriods(at: Date, timeZone: string): string[] {
  const { week, month } = periodKeys(at, timeZone);
  return ["all", week, month];
}
