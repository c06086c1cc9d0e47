import type { Engine } from "../engine/engine.js";
import type { ReminderToSend } from "../engine/review/reviews.js";
import { LANGUAGES, type Language, type Messenger, type OutgoingMessage, type Platform } from "../engine/types.js";
import { t } from "../i18n/index.js";
import type { Logger } from "../logger.js";
import { fanOut } from "./fan-out.js";
import { sendPrivately } from "./private-sends.js";

const PAGE_SIZE = 500;

export interface ReminderDeps {
  engine: Engine;
  messengers: ReadonlyMap<Platform, Messenger>;
  log: Logger;
  /** Sends in flight at once. */
  concurrency: number;
}

export interface ReminderReport {
  sent: number;
  failed: number;
  /** Reminders claimed for their day with nothing due (nothing sent). */
  skipped: number;
}

/** The review reminder as sent: "今天有 12 张卡片待复习". */
export function renderReminder(due: number, lang: Language): OutgoingMessage {
  return { text: t(lang, "review.reminder", { count: due }), private: true };
}

/**
 * Daily review reminders, on the scheduler's minute: the engine claims each due reminder for its local
 * day (a conditional write: one per member per local day, whatever the number of processes and restarts),
 * then it is sent privately. A permanent refusal (blocked, DMs closed) turns the reminder off, and the
 * member is told the next time they review; other failures give the day back for a retry in 5 minutes.
 */
export class ReviewReminders {
  private running: Promise<ReminderReport> | null = null;

  constructor(private readonly deps: ReminderDeps) {}

  tick(now: Date): Promise<ReminderReport> {
    this.running ??= this.pass(now).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async pass(now: Date): Promise<ReminderReport> {
    const report: ReminderReport = { sent: 0, failed: 0, skipped: 0 };
    let afterId = 0;
    for (;;) {
      const { send, lastId, claimed } = await this.deps.engine.review.claimReminders(now, afterId, PAGE_SIZE);
      if (lastId === null) break;
      afterId = lastId;
      report.skipped += claimed - send.length;
      const mine = send.filter((reminder) => this.deps.messengers.has(reminder.reminder.platform as Platform));
      await fanOut(
        mine,
        (reminder) => reminder.reminder.platform as Platform,
        this.deps.concurrency,
        async (reminder) => {
          if (await this.deliver(reminder)) report.sent += 1;
          else report.failed += 1;
        },
        (reminder, error) => {
          report.failed += 1;
          this.deps.log.error({ err: error, learnerId: reminder.reminder.learnerId }, "review reminder failed");
        },
      );
    }
    return report;
  }

  private async deliver(sent: ReminderToSend): Promise<boolean> {
    const { reminder } = sent;
    const messenger = this.deps.messengers.get(reminder.platform as Platform)!;
    const lang = (LANGUAGES as readonly string[]).includes(reminder.language) ? (reminder.language as Language) : "zh";
    const message = renderReminder(sent.due, lang);
    const result = await sendPrivately(messenger, { platform: reminder.platform as Platform, externalId: reminder.externalId }, message);
    if (result.sent) return true;
    await this.deps.engine.review.reminderFailed(sent, result.permanent, result.reason);
    this.deps.log.warn({ learnerId: reminder.learnerId, platform: reminder.platform, reason: result.reason, permanent: result.permanent }, "review reminder not sent");
    return false;
  }
}
