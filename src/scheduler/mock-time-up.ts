import type { Engine } from "../engine/engine.js";
import type { MockTimeUp } from "../engine/mock/mock.js";
import { DeliveryError, type Messenger, type Platform } from "../engine/types.js";
import type { Logger } from "../logger.js";
import { renderMockTimeUp } from "../presenter/mock.js";
import { fanOut } from "./fan-out.js";

const PAGE_SIZE = 100;

export interface MockTimeUpDeps {
  engine: Engine;
  messengers: ReadonlyMap<Platform, Messenger>;
  log: Logger;
  concurrency: number;
}

export interface MockTimeUpReport {
  sent: number;
  failed: number;
}

/**
 * The mock interview's "⏰ time is up" messages, on the scheduler's minute: a question whose soft time limit
 * has passed is claimed (one process sends it, under a lease a crashed sender gives back), then the member is
 * told privately (Discord: a DM; Telegram: the private chat), once. A permanent refusal gives it up, a passing
 * failure retries a minute later; a failure is logged and never stops the bot. The answer still counts.
 */
export class MockTimeUps {
  private running: Promise<MockTimeUpReport> | null = null;

  constructor(private readonly deps: MockTimeUpDeps) {}

  tick(): Promise<MockTimeUpReport> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async pass(): Promise<MockTimeUpReport> {
    const report: MockTimeUpReport = { sent: 0, failed: 0 };
    const mock = this.deps.engine.mock;
    const platforms = [...this.deps.messengers.keys()];
    if (!mock || platforms.length === 0) return report;
    for (;;) {
      const due = await mock.claimTimeUps(PAGE_SIZE, platforms);
      await fanOut(
        due,
        (timeUp) => timeUp.claim.member.platform,
        this.deps.concurrency,
        async (timeUp) => {
          if (await this.deliver(timeUp)) report.sent += 1;
          else report.failed += 1;
        },
        (timeUp, error) => {
          report.failed += 1;
          this.deps.log.error({ err: error, mock: timeUp.claim.mock.id }, "mock time-up failed");
        },
      );
      if (due.length < PAGE_SIZE) return report;
    }
  }

  private async deliver(timeUp: MockTimeUp): Promise<boolean> {
    const mock = this.deps.engine.mock!;
    const { member, language } = timeUp.claim;
    const messenger = this.deps.messengers.get(member.platform)!;
    const message = renderMockTimeUp(timeUp.view, language);
    try {
      if (messenger.sendDirect) await messenger.sendDirect(member.externalId, message);
      else await messenger.send({ chat: { platform: member.platform, externalId: member.externalId } }, message);
    } catch (error) {
      const permanent = error instanceof DeliveryError && error.permanent;
      const reason = error instanceof DeliveryError ? error.failure : "network";
      await mock.timeUpFailed(timeUp, permanent);
      this.deps.log.warn({ mock: timeUp.claim.mock.id, platform: member.platform, reason, permanent }, "mock time-up not sent");
      return false;
    }
    await mock.timeUpSent(timeUp);
    return true;
  }
}
