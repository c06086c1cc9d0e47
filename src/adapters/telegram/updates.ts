import type { IncomingMessage, ServerResponse } from "node:http";
import { timingSafeEqual } from "node:crypto";
import { BotError, GrammyError, type Bot } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "pino";
import type { InboxEntry, UpdateInbox } from "../../runtime/inbox.js";

export const PLATFORM = "telegram";

/**
 * Handles updates from the inbox: one chat's updates in order, different chats in parallel (as
 * `sequentialize` did under the runner), each marked handled once its handler finished. An update
 * already in flight here is not started twice.
 */
export class InboxDispatcher {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<number>();
  private readonly roomWaiters: (() => void)[] = [];

  constructor(
    private readonly bot: Bot,
    private readonly inbox: UpdateInbox,
    private readonly log: Logger,
    /** Updates started and not finished at most; the poller waits for room before it fetches more. */
    private readonly maxInFlight = 200,
  ) {}

  get size(): number {
    return this.inFlight.size;
  }

  isInFlight(updateId: number): boolean {
    return this.inFlight.has(updateId);
  }

  dispatch(entry: InboxEntry): void {
    if (this.inFlight.has(entry.updateId)) return;
    let update: Update;
    try {
      update = JSON.parse(entry.payload) as Update;
    } catch (error) {
      this.log.error({ err: error, update_id: entry.updateId }, "unreadable update in the inbox; dropped");
      void this.settle(entry.updateId);
      return;
    }
    this.inFlight.add(entry.updateId);
    const key = chainKey(update);
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.handle(update)).finally(() => {
      this.inFlight.delete(entry.updateId);
      if (this.chains.get(key) === next) this.chains.delete(key);
      for (const wake of this.roomWaiters.splice(0)) wake();
    });
    this.chains.set(key, next);
  }

  /** Resolves once fewer than maxInFlight updates are being handled (or at once when aborted). */
  async room(signal: AbortSignal): Promise<void> {
    while (this.inFlight.size >= this.maxInFlight && !signal.aborted) {
      await new Promise<void>((resolve) => {
        this.roomWaiters.push(resolve);
        signal.addEventListener("abort", () => resolve(), { once: true });
      });
    }
  }

  /** Waits for every update started so far, at most `timeoutMs`; true when all finished. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const all = Promise.all([...this.chains.values()]).then(() => true);
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([all, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Marks an update handled; true when this call did (a button press's toast hangs on it). */
  settle(updateId: number): Promise<boolean> {
    return this.inbox.markHandled(PLATFORM, updateId);
  }

  private async handle(update: Update): Promise<void> {
    try {
      await this.bot.handleUpdate(update);
    } catch (error) {
      // grammY hands handler errors to the error handler only in its own polling loop.
      if (error instanceof BotError) await Promise.resolve(this.bot.errorHandler(error)).catch(() => undefined);
      else this.log.error({ err: error, update_id: update.update_id }, "telegram update failed");
    }
    // A failed update is settled too: retrying it forever would hold up its chat. A crash is what the inbox is for.
    await this.settle(update.update_id).catch((error: unknown) => this.log.error({ err: error, update_id: update.update_id }, "could not mark an update handled; it runs again on the next start"));
  }
}

/** Updates of one chat (or one poll's votes) run in order. */
function chainKey(update: Update): string {
  const chat = update.message?.chat ?? update.callback_query?.message?.chat ?? update.my_chat_member?.chat ?? update.edited_message?.chat;
  if (chat) return `chat:${chat.id}`;
  if (update.poll_answer) return `poll:${update.poll_answer.poll_id}`;
  return `update:${update.update_id}`;
}

export interface PollOptions {
  allowedUpdates: readonly string[];
  /** getUpdates long-poll timeout, seconds. */
  timeoutSeconds?: number;
}

/**
 * Long polling into the inbox, Telegram's offset semantics made crash-safe: each batch is written to
 * the inbox (one write) before the next getUpdates, whose offset confirms it, is sent; then it is handled
 * from there. What the inbox still holds from an earlier run is handled first. A 409 Conflict (another
 * process polls this token, or a webhook is set) is logged once and backed off; no error ends the loop,
 * only `signal`.
 */
export async function pollIntoInbox(bot: Bot, inbox: UpdateInbox, dispatcher: InboxDispatcher, log: Logger, signal: AbortSignal, options: PollOptions): Promise<void> {
  const backoff = new Backoff();
  let offset: number | undefined;
  let conflict = false;
  while (!signal.aborted) {
    try {
      if (offset === undefined) {
        // Left over from a crash or from a poller that lost its lease; everything stored is confirmed by the next fetch.
        const left = await inbox.pending(PLATFORM);
        if (left.length > 0) log.info({ updates: left.length }, "handling updates left in the inbox");
        for (const entry of left) dispatcher.dispatch(entry);
        offset = ((await inbox.lastUpdateId(PLATFORM)) ?? -1) + 1;
      }
      await dispatcher.room(signal);
      if (signal.aborted) break;
      const updates = await bot.api.getUpdates({ offset, limit: 100, timeout: options.timeoutSeconds ?? 30, allowed_updates: [...options.allowedUpdates] as never }, signal as never);
      if (conflict) log.info("telegram getUpdates works again");
      conflict = false;
      backoff.reset();
      if (updates.length === 0) continue;
      const fresh = await inbox.add(PLATFORM, updates.map((update) => ({ updateId: update.update_id, payload: JSON.stringify(update) })));
      offset = updates[updates.length - 1]!.update_id + 1;
      for (const entry of fresh) dispatcher.dispatch(entry);
    } catch (error) {
      if (signal.aborted) break;
      if (error instanceof GrammyError && error.error_code === 409) {
        if (!conflict) log.warn({ reason: error.description }, "telegram getUpdates conflict: another process polls this bot token, or a webhook is set; backing off");
        conflict = true;
        await backoff.wait(signal, 5_000, 60_000);
      } else {
        // Not stored: the batch is not confirmed either, and Telegram sends it again.
        log.warn({ err: error }, "telegram getUpdates failed; retrying");
        await backoff.wait(signal, 1_000, 30_000);
      }
    }
  }
}

class Backoff {
  private next = 0;
  reset(): void {
    this.next = 0;
  }
  async wait(signal: AbortSignal, firstMs: number, maxMs: number): Promise<void> {
    this.next = this.next === 0 ? firstMs : Math.min(maxMs, this.next * 2);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.next);
      signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
}

const MAX_WEBHOOK_BODY = 1 << 20;

/**
 * The webhook endpoint: Telegram's POST is answered 200 only once the update is in the inbox (else 500, and
 * Telegram retries it); then it is handled from there. Posts without the secret token are refused (401).
 */
export function webhookHandler(inbox: UpdateInbox, dispatcher: InboxDispatcher, log: Logger, secret: string | undefined): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    if (req.method !== "POST") return reply(res, 405, "method not allowed");
    if (secret !== undefined && !sameSecret(req.headers["x-telegram-bot-api-secret-token"], secret)) return reply(res, 401, "secret token is wrong");
    let body: string;
    try {
      body = await readBody(req, MAX_WEBHOOK_BODY);
    } catch {
      return reply(res, 413, "too large");
    }
    let update: Update;
    try {
      update = JSON.parse(body) as Update;
    } catch {
      return reply(res, 400, "not JSON");
    }
    if (!update || typeof update.update_id !== "number") return reply(res, 400, "not an update");
    let fresh: InboxEntry[];
    try {
      fresh = await inbox.add(PLATFORM, [{ updateId: update.update_id, payload: body }]);
    } catch (error) {
      log.error({ err: error, update_id: update.update_id }, "could not store a webhook update; Telegram will send it again");
      return reply(res, 500, "not stored");
    }
    reply(res, 200, "");
    for (const entry of fresh) dispatcher.dispatch(entry);
  };
}

function sameSecret(header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== "string") return false;
  const a = Buffer.from(header);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

function reply(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/plain" });
  res.end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error("body too large"));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
