/**
 * The lease port: a named lease only one process holds at a time (the Telegram long poller of a bot
 * token). The holder renews it before it expires; an expired lease may be taken by anyone.
 */
export interface LeaseStore {
  /** Takes the lease or renews it for `holder` until `expiresAt`; false when another holder's lease is still valid. */
  acquire(name: string, holder: string, now: Date, expiresAt: Date): Promise<boolean>;
  /** Gives the lease up, if `holder` holds it. */
  release(name: string, holder: string): Promise<void>;
}

export interface LeaseTiming {
  /** How long a taken or renewed lease lasts. */
  ttlMs: number;
  /** How often the holder renews it and the others try to take it. */
  renewMs: number;
}

/** 15 s leases renewed every 5 s: a dead poller is replaced within 20 s. */
export const POLLER_LEASE: LeaseTiming = { ttlMs: 15_000, renewMs: 5_000 };

export interface LeaseEvents {
  /** Called when this process took the lease; runs the job until `signal` aborts (the lease was lost or the process stops). */
  onElected(signal: AbortSignal): Promise<void> | void;
  /** Called once when another process holds the lease and this one stands by. */
  onStandby?(): void;
  onError?(error: unknown): void;
}

export interface Election {
  /** Stops the job (if this process holds the lease), waits for it, and releases the lease. */
  stop(): Promise<void>;
}

/**
 * Keeps trying to hold `name`: while held, the job runs and the lease is renewed every `renewMs`; a renewal that
 * fails (another process took it, the database is gone) stops the job. A database error counts as not holding.
 */
export function holdLease(store: LeaseStore, name: string, holder: string, timing: LeaseTiming, events: LeaseEvents, now: () => Date = () => new Date()): Election {
  let stopped = false;
  let job: { controller: AbortController; done: Promise<void> } | undefined;
  let standby = false;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> = Promise.resolve();

  const stopJob = async () => {
    if (!job) return;
    const running = job;
    job = undefined;
    running.controller.abort();
    await running.done;
  };

  const tick = async () => {
    if (stopped) return;
    let held = false;
    try {
      const at = now();
      held = await store.acquire(name, holder, at, new Date(at.getTime() + timing.ttlMs));
    } catch (error) {
      events.onError?.(error);
    }
    if (stopped) return;
    if (held && !job) {
      standby = false;
      const controller = new AbortController();
      const done = Promise.resolve()
        .then(() => events.onElected(controller.signal))
        .catch((error: unknown) => events.onError?.(error));
      job = { controller, done };
    } else if (!held) {
      await stopJob();
      if (!standby) {
        standby = true;
        events.onStandby?.();
      }
    }
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      ticking = tick().finally(schedule);
    }, timing.renewMs);
  };
  ticking = tick().finally(schedule);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await ticking.catch(() => undefined);
      await stopJob();
      // Conditional on the holder: a no-op unless this process holds it; the next process need not wait for it to expire.
      await store.release(name, holder).catch((error: unknown) => events.onError?.(error));
    },
  };
}
