import { ok, type Result } from "./errors.js";
import type { ChatRecord, Clock, MemberRecord, MemberStatsRecord, RankedScore, ScoreEntry } from "./ports.js";
import type { StandingsStore } from "./ports/standings.js";
import { EMPTY_STREAK, isPerfect, streakAsOf, streakRulesOf } from "./streak.js";
import { openDailyDate, periodKeys } from "./time.js";

export const LEADERBOARD_PERIODS = ["week", "month", "all"] as const;
export type LeaderboardPeriod = (typeof LEADERBOARD_PERIODS)[number];
export const LEADERBOARD_SIZE = 10;

/**
 * Ranks for the top of a leaderboard, in leaderboard order: competition ranking ("1, 2, 2, 4"), a rank
 * being 1 + the members with more points, as the store's rankOf gives it to everyone else. `top` may hold
 * one row more than is shown, so the last one shown knows whether the next one ties with it.
 */
export function rankTop(top: readonly ScoreEntry[]): RankedScore[] {
  const ranked: RankedScore[] = [];
  top.forEach((entry, index) => {
    const above = ranked[index - 1];
    const tiedAbove = above !== undefined && above.points === entry.points;
    if (tiedAbove) above.tied = true;
    ranked.push({ ...entry, rank: tiedAbove ? above.rank : index + 1, tied: tiedAbove });
  });
  return ranked;
}

export interface Leaderboard {
  period: LeaderboardPeriod;
  /** The stored period key, e.g. "2026-W48". */
  periodKey: string;
  entries: RankedScore[];
  /** The caller's own standing, also when outside the top entries; null before they score. */
  me: RankedScore | null;
}

export interface MemberStatsView {
  stats: MemberStatsRecord;
  /** The streak as it stands today: 0 once a daily question was missed and no freeze or rest day covered it. */
  streak: number;
  /** Freezes held today (after any spent on the days missed since the last answer). */
  freezesHeld: number;
  /** The current streak has used no freeze. */
  perfect: boolean;
  /** Days the member answered the chat's daily question, all time. */
  daysStudied: number;
  all: RankedScore | null;
  week: RankedScore | null;
}

export interface StandingsDeps {
  store: StandingsStore;
  clock: Clock;
}

/**
 * Leaderboards read per-period aggregates (one row per member per period), ordered by points,
 * then by who reached them first, then by member id: a stable order that never scans answers.
 * Members with the same points share a rank (rankTop); the order only lists them.
 */
export class Standings {
  constructor(private readonly deps: StandingsDeps) {}

  periodKey(chat: ChatRecord, period: LeaderboardPeriod): string {
    return period === "all" ? "all" : periodKeys(this.deps.clock.now(), chat.timeZone)[period];
  }

  async leaderboard(chat: ChatRecord, member: MemberRecord, period: LeaderboardPeriod): Promise<Result<Leaderboard>> {
    const periodKey = this.periodKey(chat, period);
    const standing = await this.deps.store.standing(chat.id, periodKey, LEADERBOARD_SIZE + 1, member.id);
    const entries = rankTop(standing.top).slice(0, LEADERBOARD_SIZE);
    const me = entries.find((e) => e.memberId === member.id) ?? standing.me;
    return ok({ period, periodKey, entries, me });
  }

  async stats(chat: ChatRecord, member: MemberRecord): Promise<Result<MemberStatsView>> {
    const stats = (await this.deps.store.getStats(chat.id, member.id)) ?? { ...EMPTY_STREAK, dailyAnswers: 0, dailyCorrect: 0, quizAnswers: 0, quizCorrect: 0 };
    const openDate = openDailyDate(this.deps.clock.now(), chat.timeZone, chat.dailyTime);
    const [all, week] = await Promise.all([
      this.deps.store.rankOf(chat.id, "all", member.id),
      this.deps.store.rankOf(chat.id, this.periodKey(chat, "week"), member.id),
    ]);
    const today = streakAsOf(stats, openDate, streakRulesOf(chat));
    return ok({ stats, streak: today.currentStreak, freezesHeld: today.freezesHeld, perfect: isPerfect(today), daysStudied: stats.dailyAnswers, all, week });
  }
}
