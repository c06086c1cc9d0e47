/** Engine errors are values with stable codes; each adapter turns codes into user text in one place. */
export const ERROR_CODES = [
  "ALREADY_ANSWERED",
  "NO_DAILY",
  "ANSWER_FIRST",
  "NO_ACTIVE_QUIZ",
  "QUIZ_IN_PROGRESS",
  "NO_QUESTIONS",
  "UNKNOWN_TOPIC",
  "UNKNOWN_QUESTION",
  "INVALID_RESPONSE",
  "INVALID_ARGUMENT",
  "NOT_ADMIN",
  "STALE",
  "INPUT_TOO_LONG",
  "UNKNOWN_MEMBER",
  "ADMIN_ONLY",
  "NO_ACTIVE_REVIEW",
  "NOTHING_DUE",
  "NOTHING_TO_UNDO",
  "NO_CARDS",
  "NO_REMINDER",
  "NO_ACTIVE_PRACTICE",
  "EMPTY_ANSWER",
  "NO_ACTIVE_MOCK",
  "MOCK_IN_PROGRESS",
  "LINK_CODE_INVALID",
  "LINK_TOO_MANY_ATTEMPTS",
  "LINK_SELF",
  "ALREADY_LINKED",
  "LINK_SAME_PLATFORM",
  "NOT_LINKED",
  "NOT_OWNER",
  "UNKNOWN_REPORT",
  "REPORT_CLOSED",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface EngineError<D = unknown> {
  ok: false;
  code: ErrorCode;
  details?: D;
}

export interface Ok<T> {
  ok: true;
  value: T;
}

export type Result<T, D = unknown> = Ok<T> | EngineError<D>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const fail = <D = undefined>(code: ErrorCode, details?: D): EngineError<D> =>
  details === undefined ? { ok: false, code } : { ok: false, code, details };
