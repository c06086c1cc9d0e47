import type { Engine } from "../engine/engine.js";
import type { MockTimeUp } from "../engine/mock/mock.js";
import { renderMockTimeUp } from "../presenter/mock.js";
import { PrivateSends, type PrivateSendsDeps } from "./private-sends.js";

export interface MockTimeUpDeps extends PrivateSendsDeps {
  /** An engine with mock interviews (`engine.mock`). */
  engine: Engine;
}

/**
 * The mock interview's "⏰ time is up" messages, on the scheduler's minute: a question whose soft time limit
 * has passed is claimed (one process sends it, under a lease a crashed sender gives back), then the member is
 * told privately (Discord: a DM; Telegram: the private chat), once. A permanent refusal gives it up, a passing
 * failure retries a minute later. The answer still counts.
 */
export class MockTimeUps extends PrivateSends<MockTimeUp> {
  constructor(deps: MockTimeUpDeps) {
    const mock = deps.engine.mock;
    if (!mock) throw new Error("MockTimeUps needs an engine with mock interviews");
    super(deps, {
      name: "mock time-up",
      claim: (limit, platforms) => mock.claimTimeUps(limit, platforms),
      recipient: (timeUp) => timeUp.claim.member,
      render: (timeUp) => renderMockTimeUp(timeUp.view, timeUp.claim.language),
      sent: (timeUp) => mock.timeUpSent(timeUp),
      failed: (timeUp, permanent) => mock.timeUpFailed(timeUp, permanent),
      logFields: (timeUp) => ({ mock: timeUp.claim.mock.id }),
    });
  }
}
