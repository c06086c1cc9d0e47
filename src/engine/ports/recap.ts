import type { LocalDate } from "../time.js";
import type { StreakState } from "./daily.js";

/** The weekly recap: claiming a chat's recap of an ISO week (exactly once), and the week's answers it sums up. */

export interface WeekAnswer {
  memberId: number;
  questionId: string;
  correct: boolean | null;
  localDate: LocalDate;
}

export interface MemberStreak {
  memberId: number;
  displayName: string;
  state: StreakState;
}

export interface RecapStore {
  /** Claims the (chat, ISO week) recap; null when it was claimed already (by this process or another). */
  claimRecap(chatId: number, week: string, at: Date): Promise<{ id: number } | null>;
  recordRecapSent(recapId: number, messageId: string, at: Date): Promise<void>;
  /** A recap that was skipped (nobody answered) or whose send failed: it is not tried again. */
  recordRecapFailure(recapId: number, reason: string): Promise<void>;
  /** The daily answers in the chat to the dailies of local dates from `from` to `to` (inclusive). */
  weekAnswers(chatId: number, from: LocalDate, to: LocalDate): Promise<WeekAnswer[]>;
  /** Every member's cached streak state in the chat. */
  streakStates(chatId: number): Promise<MemberStreak[]>;
}
