import type { StreakState } from "./daily.js";

/** Standings: per-period score totals (the leaderboards) and a member's stats in a chat. */

export interface MemberStatsRecord extends StreakState {
  dailyAnswers: number;
  dailyCorrect: number;
  quizAnswers: number;
  quizCorrect: number;
}

export interface ScoreEntry {
  memberId: number;
  displayName: string;
  points: number;
  reachedAt: Date;
}

export interface RankedScore extends ScoreEntry {
  /** 1 + the members with more points: members with the same points share it ("1, 2, 2, 4"). */
  rank: number;
  /** Another member has the same points (and so the same rank). */
  tied: boolean;
}

/** Points earned at one instant, to be added to every period they belong to. */
export interface PointsAward {
  chatId: number;
  memberId: number;
  points: number;
  periods: string[];
  at: Date;
}

export interface StandingsStore {
  getStats(chatId: number, memberId: number): Promise<MemberStatsRecord | null>;
  topScores(chatId: number, period: string, limit: number): Promise<ScoreEntry[]>;
  rankOf(chatId: number, period: string, memberId: number): Promise<RankedScore | null>;
  /** topScores and the member's rankOf in one read (a leaderboard's). */
  standing(chatId: number, period: string, limit: number, memberId: number): Promise<Standing>;
}

export interface Standing {
  top: ScoreEntry[];
  me: RankedScore | null;
}
