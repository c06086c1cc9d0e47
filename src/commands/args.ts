import { TOPICS, type TopicSlug } from "../bank/schema.js";
import { LEADERBOARD_PERIODS, type LeaderboardPeriod } from "../engine/leaderboard.js";
import type { AnswerMode } from "../engine/ports.js";
import { CHOICE_LETTERS, type AnswerInput, type RecallGrade } from "../engine/responses.js";

/** Parsers for command arguments typed as text (console and Telegram); each returns undefined when the text does not fit. */

const GRADE_WORDS: Record<string, RecallGrade> = {
  会: "know",
  know: "know",
  模糊: "fuzzy",
  fuzzy: "fuzzy",
  不会: "forgot",
  forgot: "forgot",
  秒答: "easy",
  easy: "easy",
};

export function parseAnswer(text: string): AnswerInput | undefined {
  const word = text.trim().toLowerCase();
  const letter = CHOICE_LETTERS.indexOf(word.toUpperCase() as (typeof CHOICE_LETTERS)[number]);
  if (letter >= 0) return { kind: "choice", index: letter };
  if (/^[1-4]$/.test(word)) return { kind: "choice", index: Number(word) - 1 };
  const grade = GRADE_WORDS[word];
  return grade ? { kind: "recall", grade } : undefined;
}

/** A topic by slug or by its Chinese or English title, case-insensitive. */
export function parseTopic(text: string): TopicSlug | undefined {
  const wanted = text.trim().toLowerCase();
  return TOPICS.find((topic) => [topic.slug, topic.zh, topic.en].some((name) => name.toLowerCase() === wanted))?.slug;
}

export function parsePeriod(text: string | undefined): LeaderboardPeriod | undefined {
  if (text === undefined) return "week";
  const word = text.trim().toLowerCase();
  const aliases: Record<string, LeaderboardPeriod> = { 周: "week", 本周: "week", 月: "month", 本月: "month", 总: "all", 总榜: "all" };
  return (LEADERBOARD_PERIODS as readonly string[]).includes(word) ? (word as LeaderboardPeriod) : aliases[word];
}

/** An answer mode: multiple choice or self-graded recall. */
export function parseMode(text: string): AnswerMode | undefined {
  const modes: Record<string, AnswerMode> = { choice: "choice", 选择: "choice", 选择题: "choice", recall: "recall", 自评: "recall", 回忆: "recall" };
  return modes[text.trim().toLowerCase()];
}

export function parsePositiveInt(text: string): number | undefined {
  return /^\d{1,3}$/.test(text) ? Number(text) : undefined;
}
