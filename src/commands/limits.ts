import { fail } from "../engine/errors.js";
import type { Language, OutgoingMessage } from "../engine/types.js";
import { renderError } from "../presenter/errors.js";

/**
 * The longest input each free-text argument takes, in characters, for every adapter: the Discord slash
 * commands register these as their options' max_length, and the shared commands enforce them whatever a
 * platform (or a forged request) lets through.
 */
export const INPUT_LIMITS = {
  /** /search words */
  query: 100,
  /** /question id */
  questionId: 100,
  /** /settings tz */
  timeZone: 64,
  /** /settings time, "HH:MM" */
  dailyTime: 5,
  /** /settings topics, a comma-separated list */
  topics: 200,
  /** /settings restdays, a comma-separated list of weekdays */
  restDays: 40,
  /** /link code (8 characters; spaces and hyphens allowed) */
  linkCode: 16,
  /** any other single-word argument (a setting's on/off, a mode, a language) */
  word: 32,
  /** /report's explanation, and an owner's note on /reports resolve */
  reportText: 500,
} as const;

export const charCount = (text: string): number => [...text].length;

/**
 * The INPUT_TOO_LONG reply for the first input longer than its limit, or undefined when all fit.
 * Each input is a value (absent ones are skipped) and its limit.
 */
export function inputTooLong(lang: Language, ...inputs: [value: string | null | undefined, max: number][]): OutgoingMessage[] | undefined {
  const over = inputs.find(([value, max]) => value !== null && value !== undefined && charCount(value) > max);
  return over ? [renderError(fail("INPUT_TOO_LONG", { max: over[1] }), lang)] : undefined;
}
