import type { DayStatus } from "../streak.js";
import type { LocalDate } from "../time.js";
import type { Language } from "../types.js";

/**
 * Pictures of progress, behind a port: the engine hands neutral chart data to a renderer (src/charts/ draws
 * them with ECharts and resvg, off the event loop) and never imports a chart library. A renderer that
 * cannot draw (no usable font, queue full) returns null and the caller sends the text version.
 */

export interface TopicMastery {
  /** The topic's title in the chart's language. */
  label: string;
  attempted: number;
  correct: number;
  /** Retention of the topic's review-deck cards (0–1), where the review feature has data; null until then. */
  reviewRetention: number | null;
}

export interface StatsChart {
  lang: Language;
  name: string;
  /** The last 13 weeks, Monday first, oldest week first; "none" for days before the first answer and after today. */
  days: { date: LocalDate; status: DayStatus | "none" }[];
  topics: TopicMastery[];
  weekPoints: number;
  currentStreak: number;
  longestStreak: number;
  freezesHeld: number;
  perfect: boolean;
  daysStudied: number;
}

export interface LeaderboardChart {
  lang: Language;
  title: string;
  entries: { rank: number; name: string; points: number; highlighted: boolean }[];
}

export interface ChartRenderer {
  /** PNG bytes, or null when this renderer cannot draw now. */
  renderStats(chart: StatsChart): Promise<Uint8Array | null>;
  renderLeaderboard(chart: LeaderboardChart): Promise<Uint8Array | null>;
}
