import type { Question } from "../bank/schema.js";
import { answerModeOf, isAskable, shuffled, type BankView } from "./bank.js";
import { fail, ok, type Result } from "./errors.js";
import { DuplicateError, type ChatRecord, type Clock, type DailyAnswerRecord, type DailyRecord, type MemberRecord, type Random, type Store } from "./ports.js";
import { encodeResponse, fitsMode, type AnswerInput } from "./responses.js";
import { dailyPoints } from "./scoring.js";
import { advanceStreak, EMPTY_STREAK } from "./streak.js";
import { localDateOf, openDailyDate, periodKeys } from "./time.js";

export interface DailyView {
  daily: DailyRecord;
  question: Question;
  answerCount: number;
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

/** The details of ALREADY_ANSWERED: the answer that counts. */
export interface AlreadyAnswered {
  first: DailyAnswerRecord;
  daily: DailyRecord;
}

export interface DailyDeps {
  bank: BankView;
  store: Store;
  clock: Clock;
  random: Random;
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
    if (existing) return this.view(existing);

    const latest = await this.deps.store.latestDaily(chat.id);
    const question = await this.pick(chat.id, latest);
    if (!question) return fail("NO_QUESTIONS");
    const { daily } = await this.deps.store.claimDaily({
      chatId: chat.id,
      localDate: today,
      questionId: question.id,
      mode: answerModeOf(question, chat.dailyMode),
      postedAt: now,
    });
    return this.view(daily);
  }

  /** The daily question members can answer now: the latest one posted in the chat (STALE when it is not `expectedId`). */
  async open(chat: ChatRecord, expectedId?: number): Promise<Result<DailyView>> {
    const latest = await this.deps.store.latestDaily(chat.id);
    if (expectedId !== undefined && latest?.id !== expectedId) return fail("STALE");
    return latest ? this.view(latest) : fail("NO_DAILY");
  }

  async answer(chat: ChatRecord, member: MemberRecord, input: AnswerInput, expectedId?: number): Promise<Result<DailyAnswerOutcome>> {
    const open = await this.open(chat, expectedId);
    if (!open.ok) return open;
    const { daily, question } = open.value;
    const first = await this.deps.store.findDailyAnswer(daily.id, member.id);
    if (first) return fail<AlreadyAnswered>("ALREADY_ANSWERED", { first, daily });
    if (!fitsMode(input, daily.mode)) return fail("INVALID_RESPONSE", { mode: daily.mode });

    const now = this.deps.clock.now();
    const correct = input.kind === "choice" ? input.index === question.item?.correct : null;
    try {
      const outcome = await this.deps.store.transaction(async (tx) => {
        const streak = advanceStreak((await tx.getStats(chat.id, member.id)) ?? EMPTY_STREAK, daily.localDate);
        const points = dailyPoints(daily.mode, correct, streak.currentStreak);
        const response = encodeResponse(input);
        await tx.insertDailyAnswer({ dailyId: daily.id, memberId: member.id, response, correct, points, streak: streak.currentStreak, answeredAt: now });
        await tx.saveStreak(chat.id, member.id, streak, correct);
        await tx.addPoints({ chatId: chat.id, memberId: member.id, points, periods: scorePeriods(now, chat.timeZone), at: now });
        await tx.markAnswered(member.id, question.id, response, now);
        return { daily, question, correct, points, streak: streak.currentStreak, longestStreak: streak.longestStreak };
      });
      return ok({ ...outcome, answerCount: await this.deps.store.countDailyAnswers(daily.id) });
    } catch (error) {
      if (!(error instanceof DuplicateError)) throw error;
      // A concurrent submission won the race: report the answer that was recorded.
      const recorded = await this.deps.store.findDailyAnswer(daily.id, member.id);
      if (!recorded) throw error;
      return fail<AlreadyAnswered>("ALREADY_ANSWERED", { first: recorded, daily });
    }
  }

  private async view(daily: DailyRecord): Promise<Result<DailyView>> {
    const question = this.deps.bank.byId.get(daily.questionId);
    if (!question) return fail("UNKNOWN_QUESTION", { id: daily.questionId });
    const answerCount = await this.deps.store.countDailyAnswers(daily.id);
    return ok({ daily, question, answerCount });
  }

  /**
   * Questions do not repeat in a chat until every askable question was posted there once, and
   * the topic differs from the previous day's whenever another topic is left.
   */
  private async pick(chatId: number, previous: DailyRecord | null): Promise<Question | undefined> {
    const askable = this.deps.bank.questions.filter(isAskable);
    const timesPosted = new Map<string, number>();
    for (const id of await this.deps.store.postedQuestionIds(chatId)) timesPosted.set(id, (timesPosted.get(id) ?? 0) + 1);
    const fewest = Math.min(...askable.map((q) => timesPosted.get(q.id) ?? 0));
    const fresh = askable.filter((q) => (timesPosted.get(q.id) ?? 0) === fewest);
    const previousTopic = previous ? this.deps.bank.byId.get(previous.questionId)?.topic : undefined;
    const otherTopic = fresh.filter((q) => q.topic !== previousTopic);
    return shuffled(otherTopic.length > 0 ? otherTopic : fresh, this.deps.random)[0];
  }
}

/** Every leaderboard period that points earned at `at` count towards. */
export function scorePeriods(at: Date, timeZone: string): string[] {
  const { week, month } = periodKeys(at, timeZone);
  return ["all", week, month];
}
