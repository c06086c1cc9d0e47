import cron from "node-cron";
import type { Config } from "../config.js";
import type { DailyView } from "../engine/daily.js";
import type { Engine } from "../engine/engine.js";
import { ok } from "../engine/errors.js";
import type { ChatPage, ChatRecord, Clock, DailyRecord, ScheduledChat } from "../engine/ports.js";
import type { DeliveryStore } from "../engine/ports/delivery.js";
import { addDays, localDateOf, nextPostingInstant, postingInstant } from "../engine/time.js";
import { DeliveryError, type Destination, type Messenger, type Platform } from "../engine/types.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import { t } from "../i18n/index.js";
import { dailyThreadName, renderDaily, renderDailyResults } from "../presenter/question.js";
import { renderRecap } from "../presenter/recap.js";
import { fanOutPaged } from "./fan-out.js";
import { ReviewReminders } from "./review-reminders.js";
import { ReportNotes } from "./report-notes.js";
import { MockTimeUps } from "./mock-time-up.js";

/**
 * The daily-question scheduler. node-cron only drives `tick` once a minute; the database decides:
 * the (chat, local date) unique key makes the post a claim, a send lease lets exactly one process
 * send a claimed daily, and every write is conditional, so several processes can share a database.
 */

export type SchedulerConfig = Pick<Config, "DAILY_CATCH_UP_HOURS" | "DAILY_SEND_CONCURRENCY">;

export interface SchedulerDeps {
  engine: Engine;
  store: DeliveryStore;
  /** How to reach each platform; chats on other platforms are left alone. */
  messengers: ReadonlyMap<Platform, Messenger>;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  config: SchedulerConfig;
}

export interface TickReport {
  /** Daily questions sent. */
  posted: number;
  /** Send attempts that failed (retried later, or the chat paused). */
  failed: number;
  /** Chats whose due daily was missed by more than the catch-up window (not posted). */
  missed: number;
  revealed: number;
}

/** How long one process may take to send a leased daily before another may try. */
export const SEND_LEASE_MS = 10 * 60_000;
const RETRY_FIRST_MS = 30_000;
const RETRY_MAX_MS = 30 * 60_000;
const PAGE_SIZE = 500;

/** Exponential backoff from 30 s to 30 min, or longer when the platform asked to wait longer. */
export function retryDelayMs(attempt: number, retryAfterSeconds = 0): number {
  const backoff = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** Math.max(0, attempt - 1));
  return Math.max(backoff, retryAfterSeconds * 1000);
}

export class DailyScheduler {
  private running: Promise<TickReport> | null = null;

  constructor(private readonly deps: SchedulerDeps) {}

  /**
   * One pass at `now`: reveal what is due, post the daily of every chat whose time has come (within
   * the catch-up window), and retry sends that are due again. Ticks never overlap: asked while one
   * runs, it returns that one's report.
   */
  tick(now: Date = this.deps.clock.now()): Promise<TickReport> {
    this.running ??= this.pass(now).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Resolves when no tick is running. */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async pass(now: Date): Promise<TickReport> {
    const report: TickReport = { posted: 0, failed: 0, missed: 0, revealed: 0 };
    // Each listing is read a page at a time while its rows are worked on.
    const each = async <T extends { chat: ChatRecord }>(list: (page: ChatPage) => Promise<T[]>, idOf: (row: T) => number, what: string, work: (item: T) => Promise<void>) =>
      fanOutPaged(await this.sources(list, idOf), this.deps.config.DAILY_SEND_CONCURRENCY, work, (item, error) =>
        this.deps.log.error({ err: error, chatId: item.chat.id }, `daily scheduler: ${what} failed`),
      );
    // Reveals first, so a daily is revealed before the next one is posted.
    await each((page) => this.deps.store.dueReveals(now, page), (r) => r.daily.id, "reveal", async (due) => {
      if (await this.reveal(due.daily, due.chat)) report.revealed++;
    });
    await each((page) => this.deps.store.scheduledChats(now, page), (s) => s.chat.id, "post", async (scheduled) => {
      this.count(report, await this.post(scheduled, now));
    });
    await each((page) => this.deps.store.pendingDeliveries(now, page), (p) => p.daily.id, "retry", async (pending) => {
      this.count(report, await this.deliver(pending.daily, pending.chat));
    });
    if (report.posted + report.failed + report.missed + report.revealed > 0) this.deps.log.info({ ...report }, "daily scheduler tick");
    return report;
  }

  /**
   * A paged listing as one source of rows per platform. The first page is read across the platforms, so a tick
   * with less than a page to do (the idle minute) reads each listing once; past it, each platform reads its own
   * pages (after the first page's last id) as its sends free up.
   */
  private async sources<T extends { chat: ChatRecord }>(list: (page: ChatPage) => Promise<T[]>, idOf: (row: T) => number): Promise<AsyncIterable<T>[]> {
    const platforms = [...this.deps.messengers.keys()];
    const first = await list({ platforms, afterId: 0, limit: PAGE_SIZE });
    const afterId = first.length < PAGE_SIZE ? null : idOf(first[first.length - 1]!);
    return platforms.map((platform) => this.rows(platform, first.filter((row) => row.chat.ref.platform === platform), afterId, list, idOf));
  }

  /** One platform's rows: those of the first page, then its own pages after `afterId` (none when null), restricted (on a sharded platform) to the chats this process posts to. */
  private async *rows<T extends { chat: ChatRecord }>(platform: Platform, firstRows: T[], afterId: number | null, list: (page: ChatPage) => Promise<T[]>, idOf: (row: T) => number): AsyncGenerator<T> {
    const messenger = this.deps.messengers.get(platform);
    const mine = (row: T) => messenger?.owns?.(row.chat.ref) ?? true;
    for (const row of firstRows) if (mine(row)) yield row;
    while (afterId !== null) {
      const page = await list({ platforms: [platform], afterId, limit: PAGE_SIZE });
      for (const row of page) if (mine(row)) yield row;
      afterId = page.length < PAGE_SIZE ? null : idOf(page[page.length - 1]!);
    }
  }

  private count(report: TickReport, outcome: Outcome): void {
    if (outcome === "sent") report.posted++;
    else if (outcome === "failed") report.failed++;
    else if (outcome === "missed") report.missed++;
  }

  /** A chat whose daily is due (or whose schedule must be computed again): claim today's daily, move the schedule on, send it. */
  private async post(scheduled: ScheduledChat, now: Date): Promise<Outcome> {
    const { chat } = scheduled;
    const catchUpFrom = new Date(now.getTime() - this.deps.config.DAILY_CATCH_UP_HOURS * 3_600_000);
    let due = scheduled.nextDailyAt;
    let outcome: Outcome = "skipped";
    if (due === null || due < catchUpFrom) {
      // New or changed settings, or missed for longer than the window: the first posting instant
      // inside the window (posted now) or else the next one. Older days are not back-filled.
      if (due !== null) outcome = "missed";
      const next = nextPostingInstant(catchUpFrom, chat.dailyTime, chat.timeZone);
      if (!(await this.deps.store.setNextDaily(scheduled, next))) return "skipped";
      // If the next post moved earlier, the current daily is revealed by then at the latest.
      await this.deps.store.revealNoLaterThan(chat.id, next);
      if (next > now) return outcome;
      scheduled = { chat, nextDailyAt: next };
      due = next;
    }
    const localDate = localDateOf(due, chat.timeZone);
    // A daily this claim makes is born leased to this process for its first attempt (one write, no lease
    // statement); one another process claimed first is leased in deliver() like any pending delivery.
    const leasedAt = this.deps.clock.now();
    const claimed = await this.deps.engine.claimDaily(chat, localDate, new Date(leasedAt.getTime() + SEND_LEASE_MS));
    // Move the schedule on before sending: the claimed daily is now a pending delivery, which any
    // process (this one after a restart included) finishes, once its lease runs out.
    await this.deps.store.setNextDaily(scheduled, postingInstant(addDays(localDate, 1), chat.dailyTime, chat.timeZone));
    if (!claimed.ok) {
      this.deps.log.warn({ chatId: chat.id, code: claimed.code }, "daily scheduler: no daily question to post");
      return "skipped";
    }
    return this.deliver(claimed.value.daily, chat, claimed.value, claimed.value.leased ? { attempt: 1, leasedAt } : undefined);
  }

  /**
   * Sends a claimed daily under a lease (`lease`: the one its claim took), so exactly one process sends it, and records the message id.
   * A transient failure is retried with backoff; a permanent one (403, chat gone) pauses the chat
   * until an admin turns the daily question on again; a daily whose next one is due is given up.
   */
  private async deliver(daily: DailyRecord, chat: ChatRecord, claimed?: DailyView, lease?: { attempt: number; leasedAt: Date }): Promise<Outcome> {
    const messenger = this.deps.messengers.get(chat.ref.platform);
    if (daily.messageId !== null || !messenger) return "skipped";
    const { store, clock, metrics, log } = this.deps;
    const leasedAt = lease?.leasedAt ?? clock.now();
    const attempt = lease?.attempt ?? (await store.leaseDelivery(daily.id, leasedAt, new Date(leasedAt.getTime() + SEND_LEASE_MS)));
    if (attempt === null) return "skipped";
    const nextPost = postingInstant(addDays(daily.localDate, 1), chat.dailyTime, chat.timeZone);
    if (leasedAt >= nextPost) {
      await store.recordDeliveryFailure(daily.id, "given up: the next daily question is due", null);
      log.warn({ chatId: chat.id, dailyId: daily.id, attempt }, "daily scheduler: gave up an unsent daily question");
      return "skipped";
    }
    const view = claimed ? ok(claimed) : await this.deps.engine.dailyView(daily);
    if (!view.ok) {
      await store.recordDeliveryFailure(daily.id, `cannot render: ${view.code}`, null);
      return "failed";
    }
    const platform = chat.ref.platform;
    try {
      const messageId = await messenger.send(destinationOf(chat), renderDaily(view.value, chat.language));
      const revealDueAt = Math.min(daily.postedAt.getTime() + chat.revealDelayMinutes * 60_000, nextPost.getTime());
      await store.recordDelivered(daily.id, messageId, new Date(revealDueAt));
      metrics.dailyPosts.inc({ platform, result: "sent" });
      await this.openThread(messenger, chat, view.value, messageId);
      await this.recap(chat, daily.localDate, messenger);
      return "sent";
    } catch (error) {
      metrics.dailyPosts.inc({ platform, result: "failed" });
      const failedAt = clock.now();
      const reason = describe(error);
      if (error instanceof DeliveryError && error.permanent) {
        await store.setChatPause(chat.id, { at: failedAt, reason });
        // Sent as soon as an admin turns the daily question back on (while it is still today's).
        await store.recordDeliveryFailure(daily.id, reason, failedAt);
        log.warn({ chatId: chat.id, dailyId: daily.id, reason }, "daily scheduler: chat paused");
      } else {
        const retryAt = new Date(failedAt.getTime() + retryDelayMs(attempt, error instanceof DeliveryError ? error.retryAfterSeconds : undefined));
        await store.recordDeliveryFailure(daily.id, reason, retryAt);
        log.warn({ chatId: chat.id, dailyId: daily.id, attempt, retryAt, reason }, "daily scheduler: send failed, will retry");
      }
      return "failed";
    }
  }

  /** The discussion thread on a daily post, when the chat wants one and the platform has threads; a failure is logged and the post stands. */
  private async openThread(messenger: Messenger, chat: ChatRecord, view: DailyView, messageId: string): Promise<void> {
    if (!messenger.openThread) return;
    try {
      if (!(await this.deps.engine.threads.enabled(chat))) return;
      await messenger.openThread(destinationOf(chat), messageId, dailyThreadName(view, chat.language));
    } catch (error) {
      this.deps.log.warn({ chatId: chat.id, dailyId: view.daily.id, reason: describe(error) }, "daily scheduler: could not open the daily thread");
    }
  }

  /**
   * The weekly recap, right after the daily question of the chat's recap day: claimed once per chat and ISO
   * week (whichever process sends that daily), skipped for a week nobody answered in. Like the day's results,
   * a recap that fails to send is logged and not repeated.
   */
  private async recap(chat: ChatRecord, localDate: string, messenger: Messenger): Promise<void> {
    const recaps = this.deps.engine.recap;
    if (!recaps) return;
    try {
      const claimed = await recaps.claim(chat, localDate);
      if (!claimed) return;
      const recap = await recaps.compose(chat, claimed.from);
      if (!recap.ok) {
        await recaps.recordFailure(claimed.id, "skipped: nobody answered that week");
        return;
      }
      const png = await recaps.picture(recap.value, chat.language, t(chat.language, "recap.chartTitle"));
      try {
        const messageId = await messenger.send(destinationOf(chat), renderRecap(recap.value, chat.language, png));
        await recaps.recordSent(claimed.id, messageId);
      } catch (error) {
        await recaps.recordFailure(claimed.id, describe(error));
        this.deps.log.warn({ chatId: chat.id, week: recap.value.week, reason: describe(error) }, "daily scheduler: weekly recap not sent");
      }
    } catch (error) {
      this.deps.log.error({ err: error, chatId: chat.id }, "daily scheduler: weekly recap failed");
    }
  }

  /**
   * Reveals a posted daily once (the claim is conditional): the message is edited to show the
   * reference answer and the day's results are posted. A reveal that fails to send is logged, not
   * repeated: a second results message would be worse than a missing one.
   */
  private async reveal(daily: DailyRecord, chat: ChatRecord): Promise<boolean> {
    const messenger = this.deps.messengers.get(chat.ref.platform);
    const at = this.deps.clock.now();
    if (!messenger || !(await this.deps.store.claimReveal(daily.id, at))) return false;
    const revealed = { ...daily, revealedAt: at };
    const [view, results] = await Promise.all([this.deps.engine.dailyView(revealed), this.deps.engine.dailyResults(revealed)]);
    const to = destinationOf(chat);
    const attempts: [string, () => Promise<unknown>][] = [];
    if (view.ok && daily.messageId !== null) attempts.push(["edit", () => messenger.edit(to, daily.messageId!, renderDaily(view.value, chat.language))]);
    if (results.ok) attempts.push(["results", () => messenger.send(to, renderDailyResults(results.value, chat.language))]);
    for (const [what, attempt] of attempts) {
      try {
        await attempt();
      } catch (error) {
        this.deps.log.warn({ chatId: chat.id, dailyId: daily.id, reason: describe(error) }, `daily scheduler: reveal ${what} failed`);
      }
    }
    return true;
  }
}

type Outcome = "sent" | "failed" | "missed" | "skipped";

function destinationOf(chat: ChatRecord): Destination {
  return { chat: chat.ref, place: chat.dailyTarget };
}

function describe(error: unknown): string {
  if (error instanceof DeliveryError) return `${error.failure}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

export interface RunningScheduler {
  tick(now?: Date): Promise<TickReport>;
  /** Stops the minute timer and waits for a running tick to finish. */
  stop(): Promise<void>;
}

/** Starts the scheduler: a tick at once (catch-up after a restart), then one at the start of every minute. */
export function startScheduler(deps: SchedulerDeps): RunningScheduler {
  const scheduler = new DailyScheduler(deps);
  // Review reminders ride on the same minute, in their own pass: a slow one never holds up the dailies.
  const reminders = deps.engine.review.enabled ? new ReviewReminders({ engine: deps.engine, messengers: deps.messengers, log: deps.log, concurrency: deps.config.DAILY_SEND_CONCURRENCY }) : undefined;
  // The reporters' notes too (a resolved report's thank-you), in a pass of their own.
  const notes = new ReportNotes({ engine: deps.engine, messengers: deps.messengers, log: deps.log, concurrency: deps.config.DAILY_SEND_CONCURRENCY });
  // And the mock interviews' time-up messages.
  const timeUps = deps.engine.mock ? new MockTimeUps({ engine: deps.engine, messengers: deps.messengers, log: deps.log, concurrency: deps.config.DAILY_SEND_CONCURRENCY }) : undefined;
  const run = () => {
    scheduler.tick().catch((error: unknown) => deps.log.error({ err: error }, "daily scheduler: tick failed"));
    reminders?.tick(deps.clock.now()).catch((error: unknown) => deps.log.error({ err: error }, "review reminders: tick failed"));
    notes.tick().catch((error: unknown) => deps.log.error({ err: error }, "report notes: tick failed"));
    timeUps?.tick().catch((error: unknown) => deps.log.error({ err: error }, "mock time-ups: tick failed"));
  };
  const task = cron.schedule("* * * * *", run, { name: "studybot-daily" });
  run();
  return {
    tick: (now) => scheduler.tick(now),
    async stop() {
      await task.stop();
      await task.destroy();
      await scheduler.idle();
      await reminders?.idle();
      await notes.idle();
      await timeUps?.idle();
    },
  };
}
