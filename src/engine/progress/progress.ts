import { TOPICS } from "../../bank/schema.js";
import type { BankView } from "../bank.js";
import { fail, ok, type Result } from "../errors.js";
import { Standings, type Leaderboard, type MemberStatsView } from "../leaderboard.js";
import type { ChatRecord, ChatStore, Clock, MemberRecord, MemberStore, StandingsStore } from "../ports.js";
import type { ChartRenderer, StatsChart, TopicMastery } from "../ports/charts.js";
import type { AnsweredQuestion, ProgressStore, ReviewedQuestion } from "../ports/progress.js";
import { deriveStreak, isPerfect, streakRulesOf } from "../streak.js";
import { addDays, openDailyDate, weekStartOf } from "../time.js";
import type { ChatRef, Language, MemberRef } from "../types.js";

export const HEATMAP_WEEKS = 13;
export const MASTERY_TOPICS_SHOWN = 8;

export interface ProgressDeps {
  bank: BankView;
  store: StandingsStore & ChatStore & MemberStore;
  history: ProgressStore;
  clock: Clock;
  /** Null (or absent) when pictures are off: no usable font. */
  charts?: ChartRenderer | null;
}

export interface StatsReport {
  /** The member the stats are of (the caller, or the one named). */
  member: MemberRecord & { displayName: string };
  view: MemberStatsView;
  chart: StatsChart;
  /** The picture, or null when charts are off or busy: send the text version. */
  png: Uint8Array | null;
}

/**
 * A member's progress in a chat: the streak derived from their answer history (the same fold the answer
 * path caches), the 13-week activity heatmap, per-topic mastery, and the pictures of them.
 */
export class Progress {
  private readonly standings: Standings;

  constructor(private readonly deps: ProgressDeps) {
    this.standings = new Standings(deps);
  }

  get picturesOn(): boolean {
    return Boolean(this.deps.charts);
  }

  /**
   * The stats of the caller, or of another member (an admin, or the member themself): named by display
   * name (`/stats @name`), or by their identity where the platform resolves a mention to one (Discord's
   * member option). Anyone else's is ADMIN_ONLY. `lang` is the language of the picture's labels.
   */
  async stats(chatRef: ChatRef, caller: MemberRef, lang: Language, subject?: string | MemberRef): Promise<Result<StatsReport>> {
    const chat = await this.deps.store.ensureChat(chatRef);
    let member: MemberRecord & { displayName: string };
    const wanted = typeof subject === "string" ? subject.replace(/^@/, "").trim() : undefined;
    if (typeof subject === "object" && !isSelf(subject, caller)) {
      if (!caller.isAdmin) return fail("ADMIN_ONLY");
      member = { ...(await this.deps.store.ensureMember(subject)), displayName: subject.displayName };
    } else if (wanted && wanted.toLowerCase() !== caller.displayName.toLowerCase()) {
      if (!caller.isAdmin) return fail("ADMIN_ONLY");
      const found = await this.deps.history.findMemberByName(chat.id, wanted);
      if (!found) return fail("UNKNOWN_MEMBER", { name: wanted });
      member = found;
    } else {
      member = { ...(await this.deps.store.ensureMember(caller)), displayName: caller.displayName };
    }
    return ok(await this.report(chat, member, lang));
  }

  private async report(chat: ChatRecord, member: MemberRecord & { displayName: string }, lang: Language): Promise<StatsReport> {
    const [statsResult, dates, answers, reviewed] = await Promise.all([
      this.standings.stats(chat, member),
      this.deps.history.answeredDates(chat.id, member.id),
      this.deps.history.answeredQuestions(chat.id, member.id),
      this.deps.history.reviewedQuestions(member.id),
    ]);
    const view = (statsResult as { ok: true; value: MemberStatsView }).value;
    const openDate = openDailyDate(this.deps.clock.now(), chat.timeZone, chat.dailyTime);
    const derived = deriveStreak(dates, openDate, streakRulesOf(chat));
    const start = addDays(weekStartOf(openDate), -7 * (HEATMAP_WEEKS - 1));
    const days: StatsChart["days"] = [];
    for (let i = 0; i < HEATMAP_WEEKS * 7; i++) {
      const date = addDays(start, i);
      days.push({ date, status: derived.days.get(date) ?? "none" });
    }
    const chart: StatsChart = {
      lang,
      name: member.displayName,
      days,
      topics: this.mastery(answers, reviewed, lang),
      weekPoints: view.week?.points ?? 0,
      currentStreak: derived.state.currentStreak,
      longestStreak: derived.state.longestStreak,
      freezesHeld: derived.state.freezesHeld,
      perfect: isPerfect(derived.state),
      daysStudied: derived.daysStudied,
    };
    // A picture that fails to render is sent as text, like one that could not be drawn at all.
    const png = this.deps.charts ? await this.deps.charts.renderStats(chart).catch(() => null) : null;
    return { member, view, chart, png };
  }

  /**
   * Per-topic mastery: how many answers, how many correct (a recall self-grade counts as attempted, not
   * correct), and the review deck's retention: the share of the member's review-session grades of the
   * topic's cards that were Good or better (remembered), null where they have not reviewed the topic.
   */
  private mastery(answers: readonly AnsweredQuestion[], reviewed: readonly ReviewedQuestion[], lang: Language): TopicMastery[] {
    const byTopic = new Map<string, { attempted: number; correct: number }>();
    for (const answer of answers) {
      const topic = this.deps.bank.byId.get(answer.questionId)?.topic;
      if (!topic) continue;
      const tally = byTopic.get(topic) ?? { attempted: 0, correct: 0 };
      tally.attempted += 1;
      if (answer.correct === true) tally.correct += 1;
      byTopic.set(topic, tally);
    }
    const reviews = new Map<string, { graded: number; good: number }>();
    for (const row of reviewed) {
      const topic = this.deps.bank.byId.get(row.questionId)?.topic;
      if (!topic) continue;
      const tally = reviews.get(topic) ?? { graded: 0, good: 0 };
      tally.graded += row.graded;
      tally.good += row.good;
      reviews.set(topic, tally);
    }
    const retention = (slug: string) => {
      const tally = reviews.get(slug);
      return tally && tally.graded > 0 ? tally.good / tally.graded : null;
    };
    return [...byTopic]
      .sort((a, b) => b[1].attempted - a[1].attempted || a[0].localeCompare(b[0]))
      .slice(0, MASTERY_TOPICS_SHOWN)
      .map(([slug, tally]) => ({ label: TOPICS.find((topic) => topic.slug === slug)?.[lang] ?? slug, ...tally, reviewRetention: retention(slug) }));
  }

  /** A leaderboard's top 10 as a bar chart, the caller (the board's `me`) highlighted; null when pictures are off. */
  async leaderboardPicture(board: Leaderboard, lang: Language, title: string): Promise<Uint8Array | null> {
    if (!this.deps.charts) return null;
    const me = board.me?.memberId;
    const entries = board.entries.map((entry) => ({ rank: entry.rank, name: entry.displayName, points: entry.points, highlighted: entry.memberId === me }));
    return this.deps.charts.renderLeaderboard({ lang, title, entries }).catch(() => null);
  }
}

/** Whether a member identity is the caller's own. */
export function isSelf(member: MemberRef, caller: MemberRef): boolean {
  return member.platform === caller.platform && member.externalId === caller.externalId;
}
