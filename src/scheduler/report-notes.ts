import type { Engine } from "../engine/engine.js";
import type { ReportRecord } from "../engine/reports/ports.js";
import { renderReportNote } from "../presenter/reports.js";
import { PrivateSends, type PrivateSendsDeps } from "./private-sends.js";

export interface ReportNoteDeps extends PrivateSendsDeps {
  engine: Engine;
}

/**
 * The reporters' private notes, on the scheduler's minute: a resolved report's note is claimed (one process
 * sends it), then sent privately the way review reminders are (Discord: a DM; Telegram: the private chat).
 * A permanent refusal (blocked, DMs closed) gives it up, a passing failure retries it 5 minutes later.
 */
export class ReportNotes extends PrivateSends<ReportRecord> {
  constructor(deps: ReportNoteDeps) {
    const reports = deps.engine.reports;
    super(deps, {
      name: "report note",
      claim: (limit, platforms) => reports.claimNotes(limit, platforms),
      recipient: (note) => note.reporter,
      render: (note) => renderReportNote(note, note.language),
      // The claim already marked the note sent.
      sent: () => Promise.resolve(),
      failed: (note, permanent, reason) => reports.noteFailed(note, permanent, reason),
      logFields: (note) => ({ report: note.id }),
    });
  }
}
