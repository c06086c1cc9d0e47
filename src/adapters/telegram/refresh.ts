import type { Logger } from "pino";

/**
 * Coalesces edits of one message: a burst of answers becomes at most one edit per interval, always
 * with the latest content, so a busy group's daily message stays within Telegram's edit limits.
 */
export class RefreshQueue {
  private readonly pending = new Map<string, { run: () => Promise<void>; timer?: NodeJS.Timeout }>();
  private readonly lastRun = new Map<string, number>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  schedule(key: string, run: () => Promise<void>): void {
    const existing = this.pending.get(key);
    if (existing) {
      existing.run = run;
      return;
    }
    const entry: { run: () => Promise<void>; timer?: NodeJS.Timeout } = { run };
    this.pending.set(key, entry);
    const wait = Math.max(0, (this.lastRun.get(key) ?? -Infinity) + this.intervalMs - Date.now());
    entry.timer = setTimeout(() => this.fire(key), wait);
  }

  /** Runs every pending edit now (shutdown) and waits for those in flight. */
  async flush(): Promise<void> {
    for (const [key, entry] of this.pending) {
      clearTimeout(entry.timer);
      this.fire(key);
    }
    await Promise.all(this.inFlight);
  }

  private fire(key: string): void {
    const entry = this.pending.get(key);
    if (!entry) return;
    this.pending.delete(key);
    this.lastRun.set(key, Date.now());
    const task = entry
      .run()
      .catch((error: unknown) => this.log.warn({ err: error, message: key }, "message refresh failed"))
      .finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
    // Forget old timestamps so the map does not grow with every message ever refreshed.
    if (this.lastRun.size > 10_000) for (const [k, at] of this.lastRun) if (at < Date.now() - this.intervalMs) this.lastRun.delete(k);
  }
}
