import type { PrismaClient } from "../generated/prisma/client.js";
import { REPORT_REASONS, type ReportClose, type ReportReason, type ReportRecord, type ReportStatus, type ReportStore, type ReportWrite } from "../engine/reports/ports.js";
import { PLATFORMS, type Platform } from "../engine/types.js";
import { isUniqueViolation } from "./prisma-rows.js";

const WITH_REPORTER = { member: { select: { platform: true, externalId: true, displayName: true } } } as const;

interface ReportRow {
  id: number;
  questionId: string;
  memberId: number;
  reason: string;
  text: string | null;
  revision: string | null;
  language: string | null;
  createdAt: Date;
  status: string;
  closedAt: Date | null;
  closedBy: string | null;
  note: string | null;
  member: { platform: string; externalId: string; displayName: string };
}

function toReport(row: ReportRow): ReportRecord {
  return {
    id: row.id,
    questionId: row.questionId,
    memberId: row.memberId,
    reason: (REPORT_REASONS as readonly string[]).includes(row.reason) ? (row.reason as ReportReason) : "other",
    text: row.text,
    revision: row.revision,
    language: row.language === "en" ? "en" : "zh",
    createdAt: row.createdAt,
    status: row.status as ReportStatus,
    closedAt: row.closedAt,
    closedBy: row.closedBy,
    note: row.note,
    reporter: { platform: (PLATFORMS as readonly string[]).includes(row.member.platform) ? (row.member.platform as Platform) : "console", externalId: row.member.externalId, displayName: row.member.displayName },
  };
}

/** The key that keeps one open report per member and question (NULL once the report is closed). */
const openKeyOf = (questionId: string, memberId: number) => `${questionId}:${memberId}`;

/** Question reports on Prisma (QuestionReport): filing, listing, closing, and the reporters' notes. */
export class PrismaReportStore implements ReportStore {
  constructor(private readonly prisma: PrismaClient) {}

  async fileReport(write: ReportWrite): Promise<{ report: ReportRecord; created: boolean }> {
    const openKey = openKeyOf(write.questionId, write.memberId);
    const change = { ...(write.reason ? { reason: write.reason } : {}), ...(write.text !== undefined ? { text: write.text } : {}) };
    for (let attempt = 0; ; attempt++) {
      // The member's open report takes the new reason and text; a new one is made only when none is open.
      const updated = await this.prisma.questionReport.updateManyAndReturn({ where: { openKey }, data: { ...change, revision: write.revision, language: write.language }, include: WITH_REPORTER });
      if (updated[0]) return { report: toReport(updated[0]), created: false };
      try {
        const row = await this.prisma.questionReport.create({
          data: { questionId: write.questionId, memberId: write.memberId, reason: write.reason ?? "other", text: write.text ?? null, revision: write.revision, language: write.language, createdAt: write.at, status: "open", openKey },
          include: WITH_REPORTER,
        });
        return { report: toReport(row), created: true };
      } catch (error) {
        // Another press of the same member made it first: update that one.
        if (!isUniqueViolation(error) || attempt >= 2) throw error;
      }
    }
  }

  async findReport(id: number): Promise<ReportRecord | null> {
    const row = await this.prisma.questionReport.findUnique({ where: { id }, include: WITH_REPORTER });
    return row && toReport(row);
  }

  async openReports(limit: number): Promise<ReportRecord[]> {
    const rows = await this.prisma.questionReport.findMany({ where: { status: "open" }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit, include: WITH_REPORTER });
    return rows.map(toReport);
  }

  async openReporterCounts(questionIds?: readonly string[]): Promise<Map<string, number>> {
    // openKey makes every open report another member's, so counting rows counts distinct reporters.
    const rows = await this.prisma.questionReport.groupBy({
      by: ["questionId"],
      where: { status: "open", ...(questionIds ? { questionId: { in: [...questionIds] } } : {}) },
      _count: { _all: true },
    });
    return new Map(rows.map((row) => [row.questionId, row._count._all]));
  }

  async closeReport(id: number, close: ReportClose): Promise<ReportRecord | null> {
    const rows = await this.prisma.questionReport.updateManyAndReturn({
      where: { id, status: "open" },
      data: { status: close.status, openKey: null, closedAt: close.at, closedBy: close.by, note: close.note, noteDueAt: close.noteDueAt },
      include: WITH_REPORTER,
    });
    return rows[0] ? toReport(rows[0]) : null;
  }

  async claimNotes(now: Date, limit: number, platforms: readonly Platform[]): Promise<ReportRecord[]> {
    const due = await this.prisma.questionReport.findMany({ where: { noteDueAt: { lte: now }, member: { platform: { in: [...platforms] } } }, orderBy: { noteDueAt: "asc" }, take: limit, select: { id: true, noteDueAt: true } });
    const claimed: ReportRecord[] = [];
    for (const { id, noteDueAt } of due) {
      // A conditional claim: of several processes, exactly one moves this due date.
      const rows = await this.prisma.questionReport.updateManyAndReturn({ where: { id, noteDueAt }, data: { noteDueAt: null, noteSentAt: now }, include: WITH_REPORTER });
      if (rows[0]) claimed.push(toReport(rows[0]));
    }
    return claimed;
  }

  async noteFailed(id: number, retryAt: Date | null, error: string): Promise<void> {
    await this.prisma.questionReport.update({ where: { id }, data: { noteDueAt: retryAt, noteSentAt: null, noteError: error.slice(0, 500) } });
  }
}
