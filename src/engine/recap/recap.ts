import type { Question } from "../../bank/schema.js";
import type { BankView } from "../bank.js";
import { fail, ok, type Result } from "../errors.js";
import { LEADERBOARD_SIZE, rankTop } from "../leaderboard.js";
import type { ChatRecord, Clock, RankedScore, StandingsStore } from "../ports.js";
import type { ChartRenderer } from "../ports/charts.js";
import type { RecapStore } from "../ports/recap.js";
import { streakAsOf, streakRulesOf } from "../streak.js";
import { addDays, isoWeekOf, openDailyDate, weekdayOf, weekStartOf, type LocalDate } from "../time.js";
import type { Language } from "../types.js";

export const RECAP_TOP = 3;

export interface WeeklyRecap {
  /** The ISO week recapped, e.g. "2026-W48", and its Monday and Sunday. */
  week: string;
  from: LocalDate;
  to: LocalDate;
  /** The week's top 10 (the picture); the text shows the first RECAP_TOP. */
  top: RankedScore[];
  /** Members who answered at least one daily question that week. */
  members: number;
  answers: number;
  /** Share of correct answers (0–100) among the week's multiple-choice answers; null without any. */
  correctPercent: number | null;
  /** The multiple-choice question most answered wrong that week. */
  mostMissed: { question: Question; wrong: number; answered: number } | null;
  /** The longest streak running in the chat now. */
  longestStreak: { displayName: string; streak: number } | null;
}

export interface RecapDeps {
  bank: BankView;
  store: RecapStore;
  standings: StandingsStore;
  clock: Clock;
  charts?: ChartRenderer | null;
}

/**
 * The weekly recap of a chat: posted with the daily question of the chat's recap day, about the ISO week
 * before it. The store's unique (chat, week) key makes it exactly once across processes, as for the daily.
 */
export class WeeklyRecaps {
  constructor(private readonly deps: RecapDeps) {}

  /** The ISO week whose recap goes out with the daily question of `localDate`, or null when none is due that day. */
  weekDue(chat: ChatRecord, localDate: LocalDate): string | null {
    if (chat.recapDay === null || weekdayOf(localDate) !== chat.recapDay) return null;
    return isoWeekOf(addDays(weekStartOf(localDate), -7));
  }

  /** Claims the recap due with the daily question of `localDate`; null when none is due or another writer claimed it. */
  async claim(chat: ChatRecord, localDate: LocalDate): Promise<{ id: number; from: LocalDate } | null> {
    const week = this.weekDue(chat, localDate);
    if (!week) return null;
    const claimed = await this.deps.store.claimRecap(chat.id, week, this.deps.clock.now());
    return claimed && { id: claimed.id, from: addDays(weekStartOf(localDate), -7) };
  }

  /** The recap of the week starting on Monday `from`; NO_DAILY when nobody answered that week. */
  async compose(chat: ChatRecord, from: LocalDate): Promise<Result<WeeklyRecap>> {
    const to = addDays(from, 6);
    const week = isoWeekOf(from);
    const answers = await this.deps.store.weekAnswers(chat.id, from, to);
    if (answers.length === 0) return fail("NO_DAILY");
    const choice = answers.filter((a) => a.correct !== null);
    const byQuestion = new Map<string, { wrong: number; answered: number }>();
    for (const answer of choice) {
      const tally = byQuestion.get(answer.questionId) ?? { wrong: 0, answered: 0 };
      tally.answered += 1;
      if (answer.correct === false) tally.wrong += 1;
      byQuestion.set(answer.questionId, tally);
    }
    // Most wrong answers; then the lower share right; then the id, so the pick is stable.
    const missed = [...byQuestion]
      .filter(([, tally]) => tally.wrong > 0)
      .sort((a, b) => b[1].wrong - a[1].wrong || b[1].wrong / b[1].answered - a[1].wrong / a[1].answered || a[0].localeCompare(b[0]))[0];
    const missedQuestion = missed && this.deps.bank.byId.get(missed[0]);
    const openDate = openDailyDate(this.deps.clock.now(), chat.timeZone, chat.dailyTime);
    const rules = streakRulesOf(chat);
    const streaks = (await this.deps.store.streakStates(chat.id))
      .map((member) => ({ displayName: member.displayName, streak: streakAsOf(member.state, openDate, rules).currentStreak, memberId: member.memberId }))
      .filter((member) => member.streak > 0)
      .sort((a, b) => b.streak - a.streak || a.memberId - b.memberId);
    const top = rankTop(await this.deps.standings.topScores(chat.id, week, LEADERBOARD_SIZE + 1)).slice(0, LEADERBOARD_SIZE);
    return ok({
      week,
      from,
      to,
      top,
      members: new Set(answers.map((a) => a.memberId)).size,
      answers: answers.length,
      correctPercent: choice.length > 0 ? Math.round((100 * choice.filter((a) => a.correct).length) / choice.length) : null,
      mostMissed: missed && missedQuestion ? { question: missedQuestion, ...missed[1] } : null,
      longestStreak: streaks[0] ? { displayName: streaks[0].displayName, streak: streaks[0].streak } : null,
    });
  }

  /** The week's top 10 as a picture; null when pictures are off. */
  async picture(recap: WeeklyRecap, lang: Language, title: string): Promise<Uint8Array | null> {
    if (!this.deps.charts) return null;
    const entries = recap.top.map((entry) => ({ rank: entry.rank, name: entry.displayName, points: entry.points, highlighted: false }));
    return this.deps.charts.renderLeaderboard({ lang, title, entries }).catch(() => null);
  }

  recordSent(recapId: number, messageId: string): Promise<void> {
    return this.deps.store.recordRecapSent(recapId, messageId, this.deps.clock.now());
  }

  recordFailure(recapId: number, reason: string): Promise<void> {
    return this.deps.store.recordRecapFailure(recapId, reason);
  }
}
