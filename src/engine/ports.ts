import type { ChatStore } from "./ports/chats.js";
import type { DailyStore } from "./ports/daily.js";
import type { DeliveryStore } from "./ports/delivery.js";
import type { MemberStore } from "./ports/members.js";
import type { QuizStore } from "./ports/quiz.js";
import type { StandingsStore } from "./ports/standings.js";

/**
 * The engine's ports. Each capability has its own narrow store port in ports/ (chats, members, daily,
 * delivery, standings, quiz), implemented by its own file in src/store/; an engine module depends on the
 * ports it uses only. `Store` is their composition, what the database hands the engine. No ORM type
 * crosses this boundary. A new capability adds its own port file; it does not grow this one.
 */
export type * from "./ports/chats.js";
export type * from "./ports/daily.js";
export type * from "./ports/delivery.js";
export type * from "./ports/members.js";
export type * from "./ports/quiz.js";
export type * from "./ports/standings.js";
export type * from "./ports/progress.js";
export type * from "./ports/charts.js";
export type * from "./ports/recap.js";
export type { AnswerMode } from "./types.js";

export type Store = ChatStore & MemberStore & DailyStore & DeliveryStore & StandingsStore & QuizStore;

/** Thrown by a store when a unique constraint rejects a write: the engine's idempotency signal. */
export class DuplicateError extends Error {
  constructor(what: string) {
    super(`duplicate ${what}`);
    this.name = "DuplicateError";
  }
}

export interface Clock {
  now(): Date;
}

/** Randomness is a port too, so selection is reproducible in tests. Returns [0, 1). */
export type Random = () => number;
