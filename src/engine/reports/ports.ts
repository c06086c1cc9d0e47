import type { Language, Platform } from "../types.js";

/**
 * The reports capability's own port: members' reports that a question may be wrong, the owners' decisions
 * on them, and the private notes to reporters that a resolution queues. Implemented by src/store/report-store.ts.
 */

/** Why a member reports a question: 答案错误 / 有歧义 / 已过时 / 错别字 / 其他. */
export const REPORT_REASONS = ["wrong", "ambiguous", "outdated", "typo", "other"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export type ReportStatus = "open" | "resolved" | "dismissed";

export interface ReportRecord {
  id: number;
  questionId: string;
  memberId: number;
  reason: ReportReason;
  text: string | null;
  /** The question's revision when it was reported. */
  revision: string | null;
  /** The reporter's language when they reported (their note is written in it). */
  language: Language;
  createdAt: Date;
  status: ReportStatus;
  closedAt: Date | null;
  /** "<platform>:<id>" of the owner who closed it. */
  closedBy: string | null;
  note: string | null;
  /** Who reported it, to thank them and write to them privately. */
  reporter: { platform: Platform; externalId: string; displayName: string };
}

export interface ReportWrite {
  questionId: string;
  memberId: number;
  /** Absent: keep the open report's reason (a new report takes "other"). */
  reason?: ReportReason;
  /** Absent: keep the open report's text. */
  text?: string;
  revision: string | null;
  language: Language;
  at: Date;
}

export interface ReportClose {
  status: Exclude<ReportStatus, "open">;
  at: Date;
  by: string;
  note: string | null;
  /** When the reporter's private note is due; null: no note (a dismissal). */
  noteDueAt: Date | null;
}

/** A resolved report whose private note was claimed for sending now. */
export interface ReportNoteToSend {
  report: ReportRecord;
}

export interface ReportStore {
  /**
   * Files a report: a new open report of the member on the question, or, when they have one open, that one
   * with the given reason and text (one open report per member and question, by a unique key).
   */
  fileReport(write: ReportWrite): Promise<{ report: ReportRecord; created: boolean }>;
  findReport(id: number): Promise<ReportRecord | null>;
  /** Open reports, newest first. */
  openReports(limit: number): Promise<ReportRecord[]>;
  /** Open reports of these questions (all open reports when `questionIds` is absent): distinct reporters per question. */
  openReporterCounts(questionIds?: readonly string[]): Promise<Map<string, number>>;
  /** Closes an open report; null when it is not open (closed already, or unknown). */
  closeReport(id: number, close: ReportClose): Promise<ReportRecord | null>;
  /** Claims up to `limit` notes due at `now` to reporters on these platforms (each claimed once, whatever the number of processes). */
  claimNotes(now: Date, limit: number, platforms: readonly Platform[]): Promise<ReportRecord[]>;
  /** After a failed send: retry at `retryAt`, or give up (null) with the reason. */
  noteFailed(id: number, retryAt: Date | null, error: string): Promise<void>;
}
