import { DeliveryError, type Messenger, type OutgoingMessage, type Platform } from "../engine/types.js";
import type { Logger } from "../logger.js";
import { fanOut } from "./fan-out.js";

/** A send's outcome: sent, or refused for good (blocked, DMs closed) or for now (network, 429…), with the reason. */
export type PrivateSendResult = { sent: true } | { sent: false; permanent: boolean; reason: string };

/** Sends a message to a member privately (Discord: a DM; Telegram: the private chat, whose id is the member's). */
export async function sendPrivately(messenger: Messenger, member: { platform: Platform; externalId: string }, message: OutgoingMessage): Promise<PrivateSendResult> {
  try {
    if (messenger.sendDirect) await messenger.sendDirect(member.externalId, message);
    else await messenger.send({ chat: { platform: member.platform, externalId: member.externalId } }, message);
    return { sent: true };
  } catch (error) {
    return { sent: false, permanent: error instanceof DeliveryError && error.permanent, reason: error instanceof DeliveryError ? error.failure : "network" };
  }
}

export interface PrivateSendsReport {
  sent: number;
  failed: number;
}

export interface PrivateSendsDeps {
  messengers: ReadonlyMap<Platform, Messenger>;
  log: Logger;
  concurrency: number;
}

/** What one kind of claimed private message needs: how to claim a page, whom it goes to, and what to record after. */
export interface PrivateSendKind<T> {
  /** For the logs: "report note", "mock time-up". */
  name: string;
  /** Claims up to `limit` due messages for these platforms (one process sends each, under the store's claim). */
  claim(limit: number, platforms: Platform[]): Promise<T[]>;
  recipient(item: T): { platform: Platform; externalId: string };
  render(item: T): OutgoingMessage;
  sent(item: T): Promise<void>;
  failed(item: T, permanent: boolean, reason: string): Promise<void>;
  /** The item's id fields in log lines. */
  logFields(item: T): Record<string, unknown>;
}

const PAGE_SIZE = 100;

/**
 * A pass on the scheduler's minute over one kind of claimed private message: claims a page, sends each
 * privately (fanned out per platform), records the outcome, and goes on while pages come back full. One
 * pass at a time per process; a failure is logged and never stops the bot.
 */
export class PrivateSends<T> {
  private running: Promise<PrivateSendsReport> | null = null;

  constructor(
    private readonly deps: PrivateSendsDeps,
    private readonly kind: PrivateSendKind<T>,
  ) {}

  tick(): Promise<PrivateSendsReport> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async pass(): Promise<PrivateSendsReport> {
    const report: PrivateSendsReport = { sent: 0, failed: 0 };
    const platforms = [...this.deps.messengers.keys()];
    if (platforms.length === 0) return report;
    for (;;) {
      const due = await this.kind.claim(PAGE_SIZE, platforms);
      await fanOut(
        due,
        (item) => this.kind.recipient(item).platform,
        this.deps.concurrency,
        async (item) => {
          if (await this.deliver(item)) report.sent += 1;
          else report.failed += 1;
        },
        (item, error) => {
          report.failed += 1;
          this.deps.log.error({ err: error, ...this.kind.logFields(item) }, `${this.kind.name} failed`);
        },
      );
      if (due.length < PAGE_SIZE) return report;
    }
  }

  private async deliver(item: T): Promise<boolean> {
    const recipient = this.kind.recipient(item);
    const result = await sendPrivately(this.deps.messengers.get(recipient.platform)!, recipient, this.kind.render(item));
    if (!result.sent) {
      await this.kind.failed(item, result.permanent, result.reason);
      this.deps.log.warn({ ...this.kind.logFields(item), platform: recipient.platform, reason: result.reason, permanent: result.permanent }, `${this.kind.name} not sent`);
      return false;
    }
    await this.kind.sent(item);
    return true;
  }
}
