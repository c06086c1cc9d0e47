import type { Leaderboard, MemberStatsView } from "../engine/leaderboard.js";
import type { Language, OutgoingMessage } from "../engine/types.js";
import { t } from "../i18n/index.js";
import { literal } from "./markup.js";

export function renderLeaderboard(board: Leaderboard, lang: Language): OutgoingMessage {
  const lines = [t(lang, "leaderboard.title", { period: t(lang, `leaderboard.period.${board.period}`) })];
  if (board.entries.length === 0) lines.push(t(lang, "leaderboard.empty"));
  for (const entry of board.entries) lines.push(t(lang, "leaderboard.row", { rank: entry.rank, name: literal(entry.displayName), points: entry.points }));
  // Ranks are shared by the same points: the list repeats them, the caller's line says so.
  lines.push(board.me ? t(lang, board.me.tied ? "leaderboard.meTied" : "leaderboard.me", { rank: board.me.rank, points: board.me.points }) : t(lang, "leaderboard.meNone"));
  return { text: lines.join("\n") };
}

export function renderStats(view: MemberStatsView, name: string, lang: Language): OutgoingMessage {
  const { stats } = view;
  return {
    text: [
      t(lang, "stats.title", { name: literal(name) }),
      t(lang, "stats.points", { all: view.all?.points ?? 0, allRank: view.all?.rank ?? "-", week: view.week?.points ?? 0 }),
      t(lang, "stats.streak", { streak: view.streak, longest: stats.longestStreak }) + (view.perfect ? ` · ${t(lang, "stats.perfect")}` : ""),
      t(lang, "stats.freezes", { freezes: view.freezesHeld, days: view.daysStudied }),
      t(lang, "stats.daily", { answers: stats.dailyAnswers, correct: stats.dailyCorrect }),
      t(lang, "stats.quiz", { answers: stats.quizAnswers, correct: stats.quizCorrect }),
    ].join("\n"),
    private: true,
  };
}
