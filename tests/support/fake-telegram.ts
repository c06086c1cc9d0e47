import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Chat, Update, User, UserFromGetMe } from "grammy/types";

/**
 * A fake Telegram Bot API server (node:http, in-process). grammY with `client.apiRoot` pointed here
 * POSTs JSON to /bot<token>/<method>. The fake feeds updates through getUpdates (long polling held
 * until an update arrives or a short timeout), answers the methods the bot uses, records every call,
 * and can be told to fail the next call of a method (429 with retry_after, 403, …). Opt-in, it enforces
 * Telegram's broadcast limit (limitMessages).
 *
 * Like Telegram it refuses a text message over 4,096 characters (counted after HTML parsing) and checks rich
 * messages (sendRichMessage, Bot API 10.3): exactly one of html / markdown / blocks, only the rich HTML tags,
 * properly nested, within 32,768 characters of text, 500 blocks and 20 table columns. `refuseRichMessages()`
 * makes it an older Bot API server that does not know the method (404 Not Found, or a 400).
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
  /** Methods this server does not implement: 404. */
  readonly unimplemented = new Set<string>();
  /** How sendMessage treats ephemeral_message_parameters (see the class comment). */
  ephemeral: "supported" | "refused" | "ignored" = "supported";
  /** The webhook URL set with setWebhook (getUpdates is a 409 while one is set). */
  webhook = "";
  /** Called as each request arrives, before it is answered (tests kill the bot at chosen moments). */
  onRequest?: (call: RecordedCall) => void;
  /** Called right after a getUpdates answer with updates went out. */
  onUpdatesSent?: (updates: Update[]) => void;
  /** Requests held unanswered: a 409 for a displaced getUpdates, or nothing ever (blackhole). */
  private heldPoll: ((conflict: boolean) => void) | undefined;
  private blackholed = false;
  private readonly stalled = new Set<ServerResponse>();
  private nextEphemeralId = 1;
  private readonly failures = new Map<string, PlannedFailure[]>();
  private readonly updates: Update[] = [];
  private waiters: (() => void)[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1000;
  private messagesPerSecond: number | undefined;
  private richRefusal: PlannedFailure | undefined;
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
    for (const res of this.stalled) res.destroy();
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
    this.richRefusal = undefined;
    this.unimplemented.clear();
    this.ephemeral = "supported";
    this.webhook = "";
    delete this.onRequest;
    delete this.onUpdatesSent;
    this.blackholed = false;
  }

  /** From now on every request is accepted and never answered, as if the Bot API went dark mid-flight. */
  blackhole(): void {
    this.blackholed = true;
  }

  /** Updates not confirmed yet (a getUpdates offset past them confirms them). */
  unconfirmed(): Update[] {
    return [...this.updates];
  }

  /** From now on sendRichMessage is answered as by a Bot API server that predates it (404 by default). */
  refuseRichMessages(status: 404 | 400 = 404): void {
    this.richRefusal = status === 404 ? { error_code: 404, description: "Not Found" } : { error_code: 400, description: "Bad Request: method sendRichMessage is not supported" };
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
    const payload = await parsePayload(body, req.headers["content-type"]);
    const call: RecordedCall = { method, payload, at, status: 200 };
    if (method === "getUpdates") this.polls.push(payload);
    else this.calls.push(call);
    this.onRequest?.(call);
    if (this.blackholed) {
      this.stalled.add(res);
      return;
    }
    const fail = (failure: PlannedFailure) => {
      call.status = failure.error_code;
      send(res, failure.error_code, { ok: false, ...failure });
    };

    if (method === "sendRichMessage" && this.richRefusal) return fail(this.richRefusal);
    const planned = this.failures.get(method)?.shift();
    if (planned) return fail(planned);
    if (this.unimplemented.has(method)) return fail({ error_code: 404, description: "Not Found: method not found" });
    if (method === "getUpdates") {
      if (this.webhook) return fail({ error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" });
      // A second poller: the one held so far ends with 409, as on Telegram.
      this.heldPoll?.(true);
      const updates = await this.takeUpdates(Number(payload.offset ?? 0), Number(payload.timeout ?? 0), Math.min(100, Number(payload.limit ?? 100) || 100));
      if (updates === "conflict") return fail({ error_code: 409, description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running" });
      send(res, 200, { ok: true, result: updates });
      if (updates.length > 0) this.onUpdatesSent?.(updates);
      return;
    }
    if (method === "sendMessage" && payload.ephemeral_message_parameters !== undefined && this.ephemeral !== "ignored") {
      if (this.ephemeral === "refused" || Number(payload.chat_id) > 0) return fail({ error_code: 400, description: "Bad Request: ephemeral messages can't be sent to this chat" });
      const receiver = (payload.ephemeral_message_parameters as { receiver_user_id: number }).receiver_user_id;
      const chat = { id: Number(payload.chat_id), type: "group", title: "g" };
      return send(res, 200, { ok: true, result: { message_id: 0, ephemeral_message_id: this.nextEphemeralId++, receiver_user: user(receiver), date: Math.floor(Date.now() / 1000), chat, text: String(payload.text ?? "") } });
    }
    if (method === "sendPhoto") {
      const refusal = photoRefusal(payload);
      if (refusal) return fail({ error_code: 400, description: refusal });
    }
    const invalid = method === "sendRichMessage" ? richMessageProblem(payload.rich_message) : /^(sendMessage|editMessageText)$/.test(method) ? textProblem(payload) : undefined;
    if (invalid) return fail({ error_code: 400, description: `Bad Request: ${invalid}` });
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
      case "setWebhook":
        this.webhook = String(payload.url);
        return true;
      case "deleteWebhook":
        this.webhook = "";
        return true;
      case "sendMessage":
        return this.message(payload);
      case "sendPhoto": {
        const photo = payload.photo as UploadedFile;
        const { text: _text, ...message } = this.message(payload);
        return { ...message, photo: [{ file_id: `photo-${message.message_id}`, file_unique_id: `u${message.message_id}`, width: photo.width, height: photo.height, file_size: photo.bytes.length }], ...(payload.caption ? { caption: String(payload.caption) } : {}) };
      }
      case "sendDocument": {
        const document = payload.document as UploadedFile;
        const { text: _text, ...message } = this.message(payload);
        return { ...message, document: { file_id: `document-${message.message_id}`, file_unique_id: `d${message.message_id}`, file_name: document.filename, file_size: document.bytes.length }, ...(payload.caption ? { caption: String(payload.caption) } : {}) };
      }
      case "sendRichMessage": {
        const { text: _text, ...message } = this.message(payload);
        return { ...message, rich_message: { blocks: [] } };
      }
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

  private async takeUpdates(offset: number, timeoutSeconds: number, limit: number): Promise<Update[] | "conflict"> {
    // Confirmed updates (id < offset) are gone for good, as on Telegram.
    while (this.updates.length > 0 && this.updates[0]!.update_id < offset) this.updates.shift();
    if (this.updates.length === 0 && timeoutSeconds > 0) {
      // Hold the long poll briefly; the bot asks again right away.
      const conflict = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => finish(false), Math.min(timeoutSeconds * 1000, 250));
        const finish = (value: boolean) => {
          clearTimeout(timer);
          if (this.heldPoll === finish) this.heldPoll = undefined;
          resolve(value);
        };
        this.heldPoll = finish;
        this.waiters.push(() => finish(false));
      });
      if (conflict) return "conflict";
    }
    return this.updates.filter((update) => update.update_id >= offset).slice(0, limit);
  }
}

/** The text a Telegram HTML message shows: tags gone, entities one character each. */
export function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&(lt|gt|amp|quot|apos|nbsp|hellip|mdash|ndash|lsquo|rsquo|ldquo|rdquo|#\d+|#x[0-9a-f]+);/gi, "&");
}

function textProblem(payload: Record<string, unknown>): string | undefined {
  const text = String(payload.text ?? "");
  const shown = payload.parse_mode === "HTML" ? visibleText(text) : text;
  if (shown.trim() === "") return "message text is empty";
  if ([...shown].length > 4096) return "message is too long";
  return undefined;
}

/** The tags rich HTML accepts (the Bot API's list, media and buttons left out: the bot sends none). */
const RICH_TAGS = new Set(["a", "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "mark", "sub", "sup", "tg-spoiler", "tg-math", "tg-math-block", "tg-emoji", "tg-time", "tg-reference",
  "h1", "h2", "h3", "h4", "h5", "h6", "p", "pre", "footer", "hr", "ul", "ol", "li", "blockquote", "aside", "cite", "table", "caption", "tr", "th", "td", "details", "summary", "br"]);
const VOID_TAGS = new Set(["hr", "br"]);
/** Tags that are a block of their own in the 500-block count (list items and table rows included). */
const BLOCK_TAGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6", "p", "pre", "footer", "hr", "ul", "ol", "li", "blockquote", "aside", "table", "tr", "details", "tg-math-block"]);

/** Why Telegram would refuse this rich message, or undefined when it is acceptable. */
export function richMessageProblem(rich: unknown): string | undefined {
  if (typeof rich !== "object" || rich === null) return "rich_message is required";
  const fields = ["html", "markdown", "blocks"].filter((field) => (rich as Record<string, unknown>)[field] !== undefined);
  if (fields.length !== 1) return "exactly one of html, markdown and blocks must be specified";
  const html = (rich as { html?: unknown }).html;
  if (html === undefined) return undefined;
  if (typeof html !== "string") return "html must be a string";
  const stack: string[] = [];
  let blocks = 0;
  let columns = 0;
  for (const match of html.matchAll(/<(\/?)([a-z][a-z0-9-]*)\b[^>]*?(\/?)>/gi)) {
    const [, closing, rawName, selfClosing] = match;
    const name = rawName!.toLowerCase();
    if (!RICH_TAGS.has(name)) return `can't parse rich message: unsupported tag "${name}"`;
    if (closing) {
      if (stack.pop() !== name) return `can't parse rich message: unexpected end tag "${name}"`;
      if (name === "tr") columns = 0;
      continue;
    }
    if (BLOCK_TAGS.has(name)) blocks++;
    if (name === "th" || name === "td") {
      columns++;
      if (columns > 20) return "can't parse rich message: too many table columns";
    }
    if (!selfClosing && !VOID_TAGS.has(name)) stack.push(name);
  }
  if (stack.length > 0) return `can't parse rich message: unclosed tag "${stack[stack.length - 1]}"`;
  if (/<(?![a-z/])/i.test(html.replace(/<\/?[a-z][a-z0-9-]*\b[^>]*>/gi, ""))) return "can't parse rich message: unescaped <";
  if ([...visibleText(html)].length > 32768) return "rich message is too long";
  if (blocks > 500) return "rich message has too many blocks";
  return undefined;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** A file uploaded with multipart/form-data (sendPhoto), with a PNG's dimensions read from its header. */
export interface UploadedFile {
  filename: string;
  bytes: Buffer;
  width: number;
  height: number;
}

/**
 * A Bot API request body: JSON, or multipart/form-data when a file is uploaded (grammY then sends every
 * field as a form part, objects as JSON text, and the file as a part the field refers to by attach://name).
 */
async function parsePayload(body: Buffer, contentType: string | undefined): Promise<Record<string, unknown>> {
  if (body.length === 0) return {};
  if (!contentType?.startsWith("multipart/form-data")) return JSON.parse(body.toString("utf8")) as Record<string, unknown>;
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const delimiter = Buffer.from(`--${boundary?.[1] ?? boundary?.[2] ?? ""}`);
  const parts: { name: string; filename?: string; data: Buffer }[] = [];
  // Parts sit between delimiters: headers, a blank line, the data, CRLF.
  for (let start = body.indexOf(delimiter); start >= 0; ) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const split = part.indexOf("\r\n\r\n");
    const headers = part.subarray(0, split).toString("utf8");
    // grammY writes `name="…"` quoted and `filename=…` bare: read both forms.
    const name = /;\s*name="?([^";\r\n]*)"?/.exec(headers)?.[1];
    const filename = /;\s*filename="?([^";\r\n]*)"?/.exec(headers)?.[1];
    if (name !== undefined) parts.push({ name, data: part.subarray(split + 4), ...(filename !== undefined ? { filename } : {}) });
    start = next;
  }
  const files = new Map<string, UploadedFile>();
  const fields: Record<string, unknown> = {};
  for (const part of parts) {
    if (part.filename === undefined) continue;
    const isPng = part.data.subarray(1, 4).toString("latin1") === "PNG";
    files.set(part.name, { filename: part.filename, bytes: part.data, width: isPng ? part.data.readUInt32BE(16) : 0, height: isPng ? part.data.readUInt32BE(20) : 0 });
  }
  for (const part of parts) {
    if (part.filename !== undefined) continue;
    const value = part.data.toString("utf8");
    const attached = /^attach:\/\/(.+)$/.exec(value);
    fields[part.name] = attached ? files.get(attached[1]!) : /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return fields;
}

/** What Telegram answers a sendPhoto it will not take: no photo, a caption past 1,024 characters, dimensions it refuses. */
function photoRefusal(payload: Record<string, unknown>): string | undefined {
  const photo = payload.photo as UploadedFile | undefined;
  if (!photo || typeof photo !== "object") return "Bad Request: there is no photo in the request";
  if (typeof payload.caption === "string" && [...payload.caption.replace(/<[^>]+>/g, "")].length > 1024) return "Bad Request: message caption is too long";
  if (photo.width === 0 || photo.width + photo.height > 10_000 || Math.max(photo.width / photo.height, photo.height / photo.width) > 20) return "Bad Request: PHOTO_INVALID_DIMENSIONS";
  return undefined;
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
