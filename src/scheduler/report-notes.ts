import type { Engine } from "../engine/engine.js";
import type { ReportRecord } from "../engine/reports/ports.js";
import { DeliveryError, type Messenger, type Platform } from "../engine/types.js";
import type { Logger } from "../logger.js";
import { renderReportNote } from "../presenter/reports.js";
import { fanOut } from "./fan-out.js";

const PAGE_SIZE = 100;

export interface ReportNoteDeps {
  engine: Engine;
  messengers: ReadonlyMap<Platform, Messenger>;
  log: Logger;
  concurrency: number;
}

export interface ReportNoteReport {
  sent: number;
  failed: number;
}

/**
 * The reporters' private notes, on the scheduler's minute: a resolved report's note is claimed (one process
 * sends it), then sent privately the way review reminders are (Discord: a DM; Telegram: the private chat).
 * A permanent refusal (blocked, DMs closed) gives it up, a passing failure retries it 5 minutes later; a
 * failure is logged and never stops the bot.
 */
export class ReportNotes {
  private running: Promise<ReportNoteReport> | null = null;

  constructor(private readonly deps: ReportNoteDeps) {}

  tick(): Promise<ReportNoteReport> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async pass(): Promise<ReportNoteReport> {
    const report: ReportNoteReport = { sent: 0, failed: 0 };
    const platforms = [...this.deps.messengers.keys()];
    if (platforms.length === 0) return report;
    for (;;) {
      const notes = await this.deps.engine.reports.claimNotes(PAGE_SIZE, platforms);
      await fanOut(
        notes,
        (note) => note.reporter.platform,
        this.deps.concurrency,
        async (note) => {
          if (await this.deliver(note)) report.sent += 1;
          else report.failed += 1;
        },
        (note, error) => {
          report.failed += 1;
          this.deps.log.error({ err: error, report: note.id }, "report note failed");
        },
      );
      if (notes.length < PAGE_SIZE) return report;
    }
  }

  private async deliver(note: ReportRecord): Promise<boolean> {
    const messenger = this.deps.messengers.get(note.reporter.platform)!;
    const message = renderReportNote(note, note.language);
    try {
      if (messenger.sendDirect) await messenger.sendDirect(note.reporter.externalId, message);
      else await messenger.send({ chat: { platform: note.reporter.platform, externalId: note.reporter.externalId } }, message);
      return true;
    } catch (error) {
      const permanent = error instanceof DeliveryError && error.permanent;
      const reason = error instanceof DeliveryError ? error.failure : "network";
      await this.deps.engine.reports.noteFailed(note, permanent, reason);
      this.deps.log.warn({ report: note.id, platform: note.reporter.platform, reason, permanent }, "report note not sent");
      return false;
    }
  }
}
