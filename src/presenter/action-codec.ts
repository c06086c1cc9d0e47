import { REPORT_REASONS, type ReportReason } from "../engine/reports/ports.js";
import { RECALL_GRADES, type AnswerInput, type RecallGrade } from "../engine/responses.js";

/**
 * What a button carries. Encoded as short versioned text ("1:d:42:2") that fits Telegram's 64-byte
 * callback_data and Discord's 100-character custom_id; anything that does not decode is treated as stale.
 */
export type Action =
  | { kind: "daily"; dailyId: number; step: ActionStep }
  | { kind: "quiz"; sessionId: number; position: number; step: ActionStep }
  | { kind: "review"; sessionId: number; graded: number; step: ActionStep }
  | { kind: "detail"; questionId: string }
  /** Open the answer form of a practice question (Discord: a modal). */
  | { kind: "practice"; promptId: number }
  /** The member's grade of a practice answer. */
  | { kind: "practiceGrade"; attemptId: number; grade: RecallGrade }
  /** Open the answer form of what a mock interview asks now (Discord: a modal): the interview and its step. */
  | { kind: "mockAnswer"; mockId: number; position: number; followUp: boolean }
  /** Add a finished mock interview's missed questions to the review deck. */
  | { kind: "mockReview"; mockId: number }
  /** The answer to "merge these accounts?" after /link <code>: the code's id (its pending confirmation is in the database). */
  | { kind: "link"; codeId: number; confirm: boolean }
  /** The answer to "delete my data?" after /forgetme: the minute it was asked (a stale button does nothing). */
  | { kind: "forget"; confirm: boolean; stamp: number }
  /** 🚩 报错: without a reason it asks for one (a reason keyboard, a Discord modal); with one it files the report. */
  | { kind: "report"; questionId: string; reason?: ReportReason }
  /** An owner's decision on an open report. */
  | { kind: "owner"; reportId: number; decision: "resolve" | "dismiss" };

/** Answer with an option or a self-grade, or show the reference answer first (recall). */
export type ActionStep = { answer: AnswerInput } | { show: true };

export const ACTION_VERSION = "1";
const GRADE_CODES: Record<RecallGrade, string> = { know: "k", fuzzy: "f", forgot: "x", easy: "e" };
const MAX_ID = 2 ** 31 - 1;
const REASON_CODES: Record<ReportReason, string> = { wrong: "w", ambiguous: "a", outdated: "o", typo: "t", other: "x" };
const QUESTION_ID = /^q[0-9a-z]{1,12}$/;

function encodeStep(step: ActionStep): string {
  if ("show" in step) return "s";
  return step.answer.kind === "choice" ? String(step.answer.index) : GRADE_CODES[step.answer.grade];
}

function decodeStep(code: string): ActionStep | undefined {
  if (code === "s") return { show: true };
  if (/^[0-3]$/.test(code)) return { answer: { kind: "choice", index: Number(code) } };
  const grade = RECALL_GRADES.find((g) => GRADE_CODES[g] === code);
  return grade ? { answer: { kind: "recall", grade } } : undefined;
}

export function encodeAction(action: Action): string {
  switch (action.kind) {
    case "daily":
      return `${ACTION_VERSION}:d:${action.dailyId}:${encodeStep(action.step)}`;
    case "quiz":
      return `${ACTION_VERSION}:q:${action.sessionId}:${action.position}:${encodeStep(action.step)}`;
    case "review":
      return `${ACTION_VERSION}:r:${action.sessionId}:${action.graded}:${encodeStep(action.step)}`;
    case "detail":
      return `${ACTION_VERSION}:a:${action.questionId}`;
    case "practice":
      return `${ACTION_VERSION}:p:${action.promptId}`;
    case "mockReview":
      return `${ACTION_VERSION}:m:${action.mockId}`;
    case "mockAnswer":
      return `${ACTION_VERSION}:i:${action.mockId}:${action.position}:${action.followUp ? "f" : "q"}`;
    case "practiceGrade":
      return `${ACTION_VERSION}:g:${action.attemptId}:${GRADE_CODES[action.grade]}`;
    case "link":
      return `${ACTION_VERSION}:l:${action.codeId}:${action.confirm ? "y" : "n"}`;
    case "forget":
      return `${ACTION_VERSION}:e:${action.stamp}:${action.confirm ? "y" : "n"}`;
    case "report":
      return `${ACTION_VERSION}:f:${action.questionId}${action.reason ? `:${REASON_CODES[action.reason]}` : ""}`;
    case "owner":
      return `${ACTION_VERSION}:o:${action.reportId}:${action.decision === "resolve" ? "r" : "d"}`;
  }
}

function parseId(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,10}$/.test(text)) return undefined;
  const id = Number(text);
  return id <= MAX_ID ? id : undefined;
}

/** Decodes button data; undefined for anything malformed, forged or from another version. */
export function decodeAction(data: string): Action | undefined {
  if (data.length > 64) return undefined;
  const [version, kind, ...rest] = data.split(":");
  if (version !== ACTION_VERSION) return undefined;
  if (kind === "d" && rest.length === 2) {
    const dailyId = parseId(rest[0]);
    const step = decodeStep(rest[1]!);
    return dailyId !== undefined && step ? { kind: "daily", dailyId, step } : undefined;
  }
  if (kind === "q" && rest.length === 3) {
    const sessionId = parseId(rest[0]);
    const position = parseId(rest[1]);
    const step = decodeStep(rest[2]!);
    return sessionId !== undefined && position !== undefined && step ? { kind: "quiz", sessionId, position, step } : undefined;
  }
  if (kind === "r" && rest.length === 3) {
    const sessionId = parseId(rest[0]);
    const graded = parseId(rest[1]);
    const step = decodeStep(rest[2]!);
    return sessionId !== undefined && graded !== undefined && step ? { kind: "review", sessionId, graded, step } : undefined;
  }
  if (kind === "p" && rest.length === 1) {
    const promptId = parseId(rest[0]);
    return promptId !== undefined ? { kind: "practice", promptId } : undefined;
  }
  if (kind === "m" && rest.length === 1) {
    const mockId = parseId(rest[0]);
    return mockId !== undefined ? { kind: "mockReview", mockId } : undefined;
  }
  if (kind === "i" && rest.length === 3 && (rest[2] === "f" || rest[2] === "q")) {
    const mockId = parseId(rest[0]);
    const position = parseId(rest[1]);
    return mockId !== undefined && position !== undefined ? { kind: "mockAnswer", mockId, position, followUp: rest[2] === "f" } : undefined;
  }
  if (kind === "g" && rest.length === 2) {
    const attemptId = parseId(rest[0]);
    const grade = RECALL_GRADES.find((g) => GRADE_CODES[g] === rest[1]);
    return attemptId !== undefined && grade ? { kind: "practiceGrade", attemptId, grade } : undefined;
  }
  if ((kind === "l" || kind === "e") && rest.length === 2 && (rest[1] === "y" || rest[1] === "n")) {
    const id = parseId(rest[0]);
    if (id === undefined) return undefined;
    return kind === "l" ? { kind: "link", codeId: id, confirm: rest[1] === "y" } : { kind: "forget", stamp: id, confirm: rest[1] === "y" };
  }
  if (kind === "a" && rest.length === 1 && QUESTION_ID.test(rest[0]!)) return { kind: "detail", questionId: rest[0]! };
  if (kind === "f" && (rest.length === 1 || rest.length === 2) && QUESTION_ID.test(rest[0]!)) {
    if (rest.length === 1) return { kind: "report", questionId: rest[0]! };
    const reason = REPORT_REASONS.find((r) => REASON_CODES[r] === rest[1]);
    return reason ? { kind: "report", questionId: rest[0]!, reason } : undefined;
  }
  if (kind === "o" && rest.length === 2 && (rest[1] === "r" || rest[1] === "d")) {
    const reportId = parseId(rest[0]);
    return reportId !== undefined ? { kind: "owner", reportId, decision: rest[1] === "r" ? "resolve" : "dismiss" } : undefined;
  }
  return undefined;
}
