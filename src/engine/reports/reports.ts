import type { Question } from "../../bank/schema.js";
import type { BankView } from "../bank.js";
import { fail, ok, type Result } from "../errors.js";
import type { MemberStore } from "../ports/members.js";
import type { Clock } from "../ports.js";
import type { Language, MemberRef, Platform } from "../types.js";
import { REPORT_REASONS, type ReportReason, type ReportRecord, type ReportStore } from "./ports.js";

/** Open reports from this many distinct members take a question out of the daily rotation until they are closed. */
export const DISPUTED_REPORTERS = 3;
/** How many open reports /reports lists. */
export const REPORTS_SHOWN = 10;
/** The longest explanation a report keeps (characters). */
export const REPORT_TEXT_MAX = 500;
/** The longest owner's note. */
export const REPORT_NOTE_MAX = 500;
/** How long this process trusts its copy of the disputed questions (other processes' reports show after it). */
const DISPUTED_TTL_MS = 30_000;
/** A note that failed for a passing reason is tried again this much later. */
const NOTE_RETRY_MS = 5 * 60_000;

export interface ReportDeps {
  bank: BankView;
  store: ReportStore;
  members: MemberStore;
  clock: Clock;
  /** Whether a member may list, resolve and dismiss reports (BOT_OWNERS); nobody by default. */
  isOwner?: (member: MemberRef) => boolean;
}

/** A report as filed: the record and whether it is new (a second report of the member updates their open one). */
export interface FiledReport {
  report: ReportRecord;
  question: Question;
  created: boolean;
}

/** An open report with its question, for /reports. */
export interface OpenReport {
  report: ReportRecord;
  question: Question | undefined;
  /** Distinct members with an open report of this question. */
  reporters: number;
}

/** What a question's reports say to the pieces that ask it: taken out of the daily rotation, marked in quizzes and reviews. */
export interface DisputedQuestions {
  /** Question ids with open reports from DISPUTED_REPORTERS or more members, read fresh from the store. */
  disputedIds(): Promise<ReadonlySet<string>>;
  /** Whether a question is disputed, from this process's copy (at most DISPUTED_TTL_MS old); synchronous, for views. */
  isDisputed(questionId: string): boolean;
}

/** Reads a reason as a member may type it: its code, its Chinese or English label, or its number 1–5. */
export function parseReason(text: string): ReportReason | undefined {
  const value = text.trim().toLowerCase();
  const byNumber = /^[1-5]$/.test(value) ? REPORT_REASONS[Number(value) - 1] : undefined;
  return byNumber ?? REPORT_REASONS.find((reason) => reason === value) ?? REASON_WORDS[value];
}

const REASON_WORDS: Record<string, ReportReason> = {
  答案错误: "wrong",
  错误: "wrong",
  有歧义: "ambiguous",
  歧义: "ambiguous",
  已过时: "outdated",
  过时: "outdated",
  错别字: "typo",
  其他: "other",
};

/**
 * Reporting a question: any member files one report per question (a second filing updates it), owners list the
 * open ones and resolve or dismiss them, and a resolution queues a private note to the reporter. Questions with
 * reports from DISPUTED_REPORTERS members are disputed: out of the daily rotation, marked where they are still asked.
 */
export class Reports implements DisputedQuestions {
  private disputed: { ids: ReadonlySet<string>; at: number } | null = null;
  private refreshing: Promise<ReadonlySet<string>> | null = null;

  constructor(private readonly deps: ReportDeps) {}

  isOwner(member: MemberRef): boolean {
    return this.deps.isOwner?.(member) ?? false;
  }

  /** Files (or updates) the member's report of a question. */
  async report(memberRef: MemberRef, questionId: string, reason?: ReportReason, text?: string, language: Language = "zh"): Promise<Result<FiledReport>> {
    const question = this.deps.bank.byId.get(questionId.trim().toLowerCase());
    if (!question) return fail("UNKNOWN_QUESTION", { id: questionId });
    const explanation = text?.trim();
    if (explanation !== undefined && [...explanation].length > REPORT_TEXT_MAX) return fail("INPUT_TOO_LONG", { max: REPORT_TEXT_MAX });
    const member = await this.deps.members.ensureMember(memberRef);
    const { report, created } = await this.deps.store.fileReport({
      questionId: question.id,
      memberId: member.id,
      ...(reason ? { reason } : {}),
      ...(explanation ? { text: explanation } : {}),
      revision: question.revision ?? null,
      language,
      at: this.deps.clock.now(),
    });
    await this.refresh();
    return ok({ report, question, created });
  }

  /** The open reports, newest first, with their questions (owners only). */
  async open(memberRef: MemberRef, limit = REPORTS_SHOWN): Promise<Result<OpenReport[]>> {
    if (!this.isOwner(memberRef)) return fail("NOT_OWNER");
    const reports = await this.deps.store.openReports(limit);
    const counts = await this.deps.store.openReporterCounts([...new Set(reports.map((r) => r.questionId))]);
    return ok(reports.map((report) => ({ report, question: this.deps.bank.byId.get(report.questionId), reporters: counts.get(report.questionId) ?? 1 })));
  }

  /** Every open report, newest first (the maintainers' CLI: no owner check, it reads the database directly). */
  async allOpen(limit = 10_000): Promise<OpenReport[]> {
    const reports = await this.deps.store.openReports(limit);
    const counts = await this.deps.store.openReporterCounts();
    return reports.map((report) => ({ report, question: this.deps.bank.byId.get(report.questionId), reporters: counts.get(report.questionId) ?? 1 }));
  }

  /** Resolves an open report: the reporter gets a private note (with the owner's note) on the scheduler's next minute. */
  async resolve(memberRef: MemberRef, reportId: number, note?: string): Promise<Result<ReportRecord>> {
    return this.close(memberRef, reportId, "resolved", note);
  }

  /** Dismisses an open report: no note goes out. */
  async dismiss(memberRef: MemberRef, reportId: number, note?: string): Promise<Result<ReportRecord>> {
    return this.close(memberRef, reportId, "dismissed", note);
  }

  private async close(memberRef: MemberRef, reportId: number, status: "resolved" | "dismissed", note?: string): Promise<Result<ReportRecord>> {
    if (!this.isOwner(memberRef)) return fail("NOT_OWNER");
    const text = note?.trim() || null;
    if (text && [...text].length > REPORT_NOTE_MAX) return fail("INPUT_TOO_LONG", { max: REPORT_NOTE_MAX });
    const now = this.deps.clock.now();
    const closed = await this.deps.store.closeReport(reportId, { status, at: now, by: `${memberRef.platform}:${memberRef.externalId}`, note: text, noteDueAt: status === "resolved" ? now : null });
    if (!closed) return (await this.deps.store.findReport(reportId)) ? fail("REPORT_CLOSED", { id: String(reportId) }) : fail("UNKNOWN_REPORT", { id: String(reportId) });
    await this.refresh();
    return ok(closed);
  }

  /** Claims the reporters' notes due now; the caller sends each and reports failures with noteFailed. */
  async claimNotes(limit: number, platforms: readonly Platform[]): Promise<ReportRecord[]> {
    return this.deps.store.claimNotes(this.deps.clock.now(), limit, platforms);
  }

  /** A note that could not be sent: a permanent refusal (blocked, DMs closed) gives up, anything else retries later. */
  async noteFailed(report: ReportRecord, permanent: boolean, reason: string): Promise<void> {
    await this.deps.store.noteFailed(report.id, permanent ? null : new Date(this.deps.clock.now().getTime() + NOTE_RETRY_MS), reason);
  }

  async disputedIds(): Promise<ReadonlySet<string>> {
    return this.refresh();
  }

  isDisputed(questionId: string): boolean {
    const now = this.deps.clock.now().getTime();
    if (!this.disputed || now - this.disputed.at > DISPUTED_TTL_MS) {
      this.refreshing ??= this.refresh()
        .catch(() => this.disputed?.ids ?? new Set<string>())
        .finally(() => {
          this.refreshing = null;
        });
    }
    return this.disputed?.ids.has(questionId) ?? false;
  }

  /** Reads the disputed questions from the store, and keeps them as this process's copy. */
  private async refresh(): Promise<ReadonlySet<string>> {
    const counts = await this.deps.store.openReporterCounts();
    const ids = new Set([...counts].filter(([, reporters]) => reporters >= DISPUTED_REPORTERS).map(([id]) => id));
    this.disputed = { ids, at: this.deps.clock.now().getTime() };
    return ids;
  }
}
