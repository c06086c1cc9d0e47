import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Chat, Update, User, UserFromGetMe } from "grammy/types";

/**
 * A fake Telegram Bot API server (node:http, in-process). grammY with `client.apiRoot` pointed here
 * POSTs JSON to /bot<token>/<method>. The fake feeds updates through getUpdates (long polling held
 * until an update arrives or a short timeout), answers the methods the bot uses, records every call,
 * and can be told to fail the next call of a method (429 with retry_after, 403, …). Opt-in, it enforces
 * Telegram's broadcast limit (limitMessages).
 */

export interface RecordedCall {
  method: string;
  payload: Record<string, unknown>;
  /** performance.now() when the request arrived (benchmarks time round trips by it). */
  at: number;
  /** The HTTP status it was answered with. */
  status: number;
}

interface PlannedFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export const FAKE_BOT: UserFromGetMe = {
  id: 777,
  is_bot: true,
  first_name: "StudyBot",
  username: "study_test_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

export class FakeTelegram {
  readonly token = "123456:TEST-token-0123456789abcdef";
  readonly calls: RecordedCall[] = [];
  /** getUpdates payloads, kept apart: the bot polls all the time. */
  readonly polls: Record<string, unknown>[] = [];
  /** User ids getChatMember reports as administrators. */
  readonly admins = new Set<number>();
  /** Chats (or users, for DMs) the bot may not write to: 403. */
  readonly forbidden = new Set<number>();
  private readonly failures = new Map<string, PlannedFailure[]>();
  private readonly updates: Update[] = [];
  private waiters: (() => void)[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1000;
  private messagesPerSecond: number | undefined;
  /** Arrival times of the messages accepted within the last second, oldest first. */
  private readonly recentMessages: number[] = [];
  private server?: Server;
  url = "";

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const wake of this.waiters) wake();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Forgets recorded calls, administrators and refusals: a clean fake for the next test. */
  reset(): void {
    this.calls.length = 0;
    this.polls.length = 0;
    this.admins.clear();
    this.forbidden.clear();
    this.failures.clear();
  }

  /** Queues an update for getUpdates; returns its id. */
  push(update: Omit<Update, "update_id">): Update {
    const full = { update_id: this.nextUpdateId++, ...update } as Update;
    // A user who writes to the bot in private (pressing Start sends /start) lets it message them: their 403 ends.
    if (full.message?.chat.type === "private") this.forbidden.delete(full.message.chat.id);
    this.updates.push(full);
    for (const wake of this.waiters.splice(0)) wake();
    return full;
  }

  failNext(method: string, failure: PlannedFailure): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), failure]);
  }

  /** From now on, more than `perSecond` messages sent or edited within any second are answered 429 with retry_after. */
  limitMessages(perSecond: number): void {
    this.messagesPerSecond = perSecond;
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Waits until `predicate` holds for the recorded calls (the bot works asynchronously). */
  async until<T>(predicate: (calls: RecordedCall[]) => T | undefined | false, timeoutMs = 5_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate(this.calls);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting; calls were: ${this.calls.map((c) => c.method).join(", ")}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.now();
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? "");
    const body = await readBody(req);
    if (!match || match[1] !== this.token) return send(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    const method = match[2]!;
    const payload = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    const call: RecordedCall = { method, payload, at, status: 200 };
    if (method === "getUpdates") this.polls.push(payload);
    else this.calls.push(call);
    const fail = (failure: PlannedFailure) => {
      call.status = failure.error_code;
      send(res, failure.error_code, { ok: false, ...failure });
    };

    const planned = this.failures.get(method)?.shift();
    if (planned) return fail(planned);
    const target = Number(payload.chat_id);
    if (this.forbidden.has(target) && /^(send|edit|stop)/.test(method)) return fail({ error_code: 403, description: "Forbidden: bot was kicked from the group chat" });
    const badButton = invalidKeyboard(payload.reply_markup);
    if (badButton) return fail({ error_code: 400, description: `Bad Request: ${badButton}` });
    const retryAfter = /^(send|edit)/.test(method) ? this.overMessageLimit(at) : undefined;
    if (retryAfter !== undefined) return fail({ error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, parameters: { retry_after: retryAfter } });
    return send(res, 200, { ok: true, result: await this.result(method, payload) });
  }

  /** Seconds to wait when a message arriving at `at` would exceed the limit; otherwise counts it. */
  private overMessageLimit(at: number): number | undefined {
    if (this.messagesPerSecond === undefined) return undefined;
    while (this.recentMessages.length > 0 && this.recentMessages[0]! <= at - 1000) this.recentMessages.shift();
    if (this.recentMessages.length >= this.messagesPerSecond) return Math.max(1, Math.ceil((this.recentMessages[0]! + 1000 - at) / 1000));
    this.recentMessages.push(at);
    return undefined;
  }

  private async result(method: string, payload: Record<string, unknown>): Promise<unknown> {
    switch (method) {
      case "getMe":
        return FAKE_BOT;
      case "getUpdates":
        return this.takeUpdates(Number(payload.offset ?? 0), Number(payload.timeout ?? 0));
      case "sendMessage":
        return this.message(payload);
      case "sendPoll": {
        const options = (payload.options as { text: string }[]).map((option) => ({ text: option.text, voter_count: 0 }));
        const poll = { id: `poll-${this.nextMessageId}`, question: payload.question, options, total_voter_count: 0, is_closed: false, is_anonymous: false, type: "quiz", allows_multiple_answers: false };
        return { ...this.message(payload), poll };
      }
      case "editMessageText":
        return { ...this.message(payload), message_id: Number(payload.message_id) };
      case "stopPoll":
        return { id: "poll", question: "", options: [], total_voter_count: 0, is_closed: true, is_anonymous: false, type: "quiz", allows_multiple_answers: false };
      case "getChatMember": {
        const userId = Number(payload.user_id);
        return { status: this.admins.has(userId) ? "administrator" : "member", user: user(userId) };
      }
      default:
        return true;
    }
  }

  private message(payload: Record<string, unknown>) {
    return { message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: Number(payload.chat_id), type: "group", title: "g" }, text: String(payload.text ?? "") };
  }

  private async takeUpdates(offset: number, timeoutSeconds: number) {
    // Confirmed updates (id < offset) are gone for good, as on Telegram.
    while (this.updates.length > 0 && this.updates[0]!.update_id < offset) this.updates.shift();
    if (this.updates.length === 0 && timeoutSeconds > 0) {
      // Hold the long poll briefly; the bot asks again right away.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(timeoutSeconds * 1000, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.updates.filter((update) => update.update_id >= offset);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** What Telegram says about an inline keyboard it refuses: a button needs exactly one action, callback data at most 64 bytes, a URL http(s) or tg. */
function invalidKeyboard(markup: unknown): string | undefined {
  const rows = (markup as { inline_keyboard?: Record<string, unknown>[][] } | undefined)?.inline_keyboard;
  for (const button of rows?.flat() ?? []) {
    const actions = ["callback_data", "url"].filter((key) => button[key] !== undefined);
    if (actions.length !== 1) return "BUTTON_TYPE_INVALID";
    if (typeof button.callback_data === "string" && Buffer.byteLength(button.callback_data) > 64) return "BUTTON_DATA_INVALID";
    if (typeof button.url === "string" && !/^(https?|tg):\/\//.test(button.url)) return "BUTTON_URL_INVALID";
  }
  return undefined;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

export function user(id: number, extra: Partial<User> = {}): User {
  return { id, is_bot: false, first_name: `user${id}`, language_code: "zh-hans", ...extra };
}

export const GROUP: Chat.GroupChat = { id: -1001, type: "group", title: "LLM 面试互助群" };
export const privateChat = (u: User): Chat.PrivateChat => ({ id: u.id, type: "private", first_name: u.first_name });

let nextMessageId = 1;
/** A text message update (a command) from `from` in `chat`. */
export function textMessage(chat: Chat, from: User, text: string, extra: Record<string, unknown> = {}): Omit<Update, "update_id"> {
  const command = /^\/\S+/.exec(text);
  return {
    message: {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat,
      from,
      text,
      ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
      ...extra,
    } as Update["message"] & object,
  };
}

let nextQueryId = 1;
/** A button press on a message the bot sent. */
export function buttonPress(chat: Chat, from: User, messageId: number, data: string): Omit<Update, "update_id"> {
  return {
    callback_query: {
      id: String(nextQueryId++),
      from,
      chat_instance: "ci",
      data,
      message: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat, text: "question" } as never,
    },
  };
}
