import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

/**
 * An in-process fake of Discord for end-to-end tests with the real discord.js Client: REST under
 * /api/v10 (every call recorded) and a JSON gateway (HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeat
 * ACK, INTERACTION_CREATE dispatches). Responses can be overridden per route to play errors and 429s;
 * opt-in, it enforces Discord's global rate limit (limitGlobal).
 */

export const BOT_ID = "900000000000000001";
export const APPLICATION_ID = "900000000000000002";
export const GUILD_ID = "910000000000000001";
export const CHANNEL_ID = "920000000000000001";
export const DAILY_CHANNEL_ID = "920000000000000002";

export interface RecordedCall {
  method: string;
  /** The path below /api/v10, without the query, e.g. "/channels/1/messages". */
  path: string;
  query: string;
  body: unknown;
  /** Files uploaded with it (multipart requests). */
  files?: UploadedFile[];
  authorization: string | undefined;
  /** performance.now() when the request arrived (benchmarks time round trips by it). */
  at: number;
  /** The HTTP status it was answered with. */
  status: number;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Override {
  method: string;
  path: string | RegExp;
  response: FakeResponse;
  times: number;
}

/** Where an interaction comes from; other server ids than the fake's own keep tests apart (a fresh chat each). */
export interface Where {
  guildId?: string;
  channelId?: string;
  dm?: boolean;
  resolved?: Record<string, unknown>;
}

export interface FakeUser {
  id: string;
  username: string;
  /** Manage Server and everything else, or nothing special. */
  admin?: boolean;
  locale?: string;
}

const ALL_PERMISSIONS = "2199023255551";
const EPHEMERAL = 64;
/** A deferred reply's "thinking…" state. */
const LOADING = 128;

/**
 * What Discord remembers of one interaction: how it was acknowledged, which message `@original` is,
 * and whether a deferral still waits to be filled. Discord's rule that makes a slow reply tricky:
 * while a deferral (type 5) is unfilled, the first follow-up *becomes* the original response, taking
 * the deferral's place and its flags (an ephemeral deferral makes the follow-up ephemeral, whatever
 * its own flags say); only once the deferral is filled or deleted is a follow-up a new message.
 */
interface InteractionState {
  channelId: string;
  userId: string;
  /** The message a button was pressed on. */
  componentMessageId?: string;
  /** The callback type it was acknowledged with. */
  acknowledged?: number;
  originalId?: string;
  pendingDeferral: boolean;
}
const MEMBER_PERMISSIONS = "68608"; // view channel, send messages, read history

let nextSnowflake = 930000000000000000n;
export const snowflake = (): string => String(nextSnowflake++);

export class FakeDiscord {
  readonly calls: RecordedCall[] = [];
  private readonly overrides: Override[] = [];
  /** Users whose DMs are closed to the bot: opening a DM channel answers 403 (50007). */
  readonly closedDms = new Set<string>();
  private readonly sockets = new Set<WebSocket>();
  private readonly callWaiters = new Set<() => void>();
  private sequence = 0;
  private readonly messages = new Map<string, Record<string, unknown>>();
  private readonly deleted = new Set<string>();
  /** Each interaction's acknowledgement and `@original`, by its token. */
  private readonly interactionStates = new Map<string, InteractionState>();
  /** Threads opened on messages: the thread's channel object, by the message id. */
  private readonly threads = new Map<string, Record<string, unknown>>();
  /** The registered commands, by route (global or one server's), as the last PUT left them. */
  private readonly registered = new Map<string, Record<string, unknown>[]>();
  private globalPerSecond: number | undefined;
  /** Arrival times of the bot-token requests accepted within the last second, oldest first. */
  private readonly recentRequests: number[] = [];
  /** The shard count GET /gateway/bot recommends, and the servers the bot is in (split over the shards). */
  private shardTotal = 1;
  private guildIds: string[] = [GUILD_ID];
  /** Which shard each identified socket is. */
  private readonly socketShards = new Map<WebSocket, number>();
  /** Every IDENTIFY received, in order: the shard it asked for. */
  readonly identified: { shard: number; totalShards: number }[] = [];

  private constructor(
    private readonly server: Server,
    private readonly gateway: WebSocketServer,
    readonly base: string,
  ) {}

  static async start(): Promise<FakeDiscord> {
    const server = createServer();
    const gateway = new WebSocketServer({ server });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    const fake = new FakeDiscord(server, gateway, `http://127.0.0.1:${port}`);
    server.on("request", (request, response) => void fake.onRequest(request, response));
    gateway.on("connection", (socket) => fake.onSocket(socket));
    return fake;
  }

  /**
   * Plays a sharded bot: GET /gateway/bot recommends `totalShards`, and the bot is in `guildIds`. As on
   * Discord, each IDENTIFY for shard [id, total] gets READY and GUILD_CREATE for the servers with
   * (server id >> 22) % total = id only, and a server's events go to its shard's connection only (DMs to
   * shard 0). Nothing is dispatched for a shard that is not connected (its events are lost, as on Discord).
   */
  shard(totalShards: number, guildIds: readonly string[]): void {
    this.shardTotal = totalShards;
    this.guildIds = [...guildIds];
  }

  /** The shard a server lives on, by Discord's rule. */
  shardOf(guildId: string): number {
    return Number((BigInt(guildId) >> 22n) % BigInt(this.shardTotal));
  }

  /** Answers the next `times` matching calls with `response` instead of the default. */
  respond(method: string, path: string | RegExp, response: FakeResponse, times = 1): void {
    this.overrides.push({ method, path, response, times });
  }

  /**
   * From now on, more than `perSecond` bot-token requests within any second are answered 429 with
   * Discord's global rate-limit headers. Interaction callbacks and follow-ups (authorised by their
   * token, no Authorization header) are exempt, as on Discord.
   */
  limitGlobal(perSecond: number): void {
    this.globalPerSecond = perSecond;
  }

  /** Calls recorded so far that match; `since` skips earlier ones. */
  callsTo(method: string, path: string | RegExp, since = 0): RecordedCall[] {
    return this.calls.slice(since).filter((call) => call.method === method && matches(path, call.path));
  }

  /** Resolves with the `count`-th call (from `since` on) that matches, waiting for it when needed. */
  waitForCall(method: string, path: string | RegExp, { since = 0, count = 1, timeoutMs = 5000 } = {}): Promise<RecordedCall> {
    const found = () => this.callsTo(method, path, since)[count - 1];
    const done = found();
    if (done) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.callWaiters.delete(check);
        reject(new Error(`no call ${count} to ${method} ${String(path)} within ${timeoutMs} ms; calls: ${this.calls.slice(since).map((c) => `${c.method} ${c.path}`).join(", ")}`));
      }, timeoutMs);
      const check = () => {
        const call = found();
        if (!call) return;
        clearTimeout(timer);
        this.callWaiters.delete(check);
        resolve(call);
      };
      this.callWaiters.add(check);
    });
  }

  /** A stored message (a channel message or an interaction response, as last posted or edited). */
  message(id: string): Record<string, unknown> | undefined {
    return this.messages.get(id);
  }

  /**
   * What everyone in the channel sees now, oldest first: channel messages and interaction responses
   * that are neither ephemeral, nor deleted, nor still a "thinking…" deferral.
   */
  channelView(channelId: string): Record<string, unknown>[] {
    return this.live(channelId).filter((m) => (flagsOf(m) & (EPHEMERAL | LOADING)) === 0);
  }

  /** The ephemeral interaction messages in a channel (each seen by its member only), oldest first; deleted ones left out. */
  ephemeralView(channelId: string): Record<string, unknown>[] {
    return this.live(channelId).filter((m) => (flagsOf(m) & EPHEMERAL) !== 0);
  }

  private live(channelId: string): Record<string, unknown>[] {
    return [...this.messages.values()].filter((m) => m["channel_id"] === channelId && !this.deleted.has(m["id"] as string));
  }

  /** The thread opened on a message, if any. */
  threadOf(messageId: string): Record<string, unknown> | undefined {
    return this.threads.get(messageId);
  }

  /** Dispatches INTERACTION_CREATE to every connected client; returns the interaction's id and token. */
  interact(data: Record<string, unknown>): { id: string; token: string } {
    const id = snowflake();
    const token = `token-${id}`;
    const user = ((data["member"] as { user?: { id: string } } | undefined)?.user ?? (data["user"] as { id: string } | undefined)) ?? { id: "" };
    const componentMessageId = (data["message"] as { id?: string } | undefined)?.id;
    this.interactionStates.set(token, { channelId: String(data["channel_id"] ?? CHANNEL_ID), userId: user.id, pendingDeferral: false, ...(componentMessageId ? { componentMessageId } : {}) });
    const guildId = data["guild_id"] === undefined ? undefined : String(data["guild_id"]);
    this.dispatch("INTERACTION_CREATE", { id, token, application_id: APPLICATION_ID, version: 1, entitlements: [], authorizing_integration_owners: { "0": guildId ?? GUILD_ID }, app_permissions: ALL_PERMISSIONS, ...data }, guildId);
    return { id, token };
  }

  /** A slash command from `user` in a server channel; `options` as Discord sends them. */
  command(user: FakeUser, name: string, options: Record<string, unknown>[] = [], where: Where = {}): { id: string; token: string } {
    return this.interact({
      type: 2,
      data: { id: snowflake(), name, type: 1, options, ...(where.resolved ? { resolved: where.resolved } : {}) },
      ...this.inGuild(user, where),
    });
  }

  autocomplete(user: FakeUser, name: string, options: Record<string, unknown>[], where: Where = {}): { id: string; token: string } {
    return this.interact({ type: 4, data: { id: snowflake(), name, type: 1, options }, ...this.inGuild(user, where) });
  }

  /**
   * A member submits a modal the bot showed (type 5, MODAL_SUBMIT): `fields` by custom_id, a string for a text
   * input and an array for a select, each inside a Label component as Discord sends them.
   */
  submitModal(user: FakeUser, customId: string, fields: Record<string, string | string[]>, where: Where = {}): { id: string; token: string } {
    let id = 1;
    const components = Object.entries(fields).map(([field, value]) => ({
      type: 18,
      id: id++,
      component: Array.isArray(value) ? { type: 3, id: id++, custom_id: field, values: value } : { type: 4, id: id++, custom_id: field, value },
    }));
    return this.interact({ type: 5, data: { custom_id: customId, components }, ...this.inGuild(user, where) });
  }

  /** A button press on `message` (a stored message or a minimal one with that id). */
  press(user: FakeUser, customId: string, message: { id: string; flags?: number }, where: Where = {}): { id: string; token: string } {
    const channelId = where.channelId ?? CHANNEL_ID;
    const stored = this.messages.get(message.id) ?? {};
    return this.interact({
      type: 3,
      data: { custom_id: customId, component_type: 2 },
      message: { ...messageObject(message.id, channelId, {}), ...stored, ...message },
      ...this.inGuild(user, where),
    });
  }

  /**
   * A modal submitted by `user` (discord.js 14's ModalSubmitInteraction, type 5): `values` by text input
   * custom_id, each in its own action row, as Discord sends them.
   */
  modalSubmit(user: FakeUser, customId: string, values: Record<string, string>, where: Where = {}): { id: string; token: string } {
    const components = Object.entries(values).map(([id, value]) => ({ type: 1, components: [{ type: 4, custom_id: id, value }] }));
    return this.interact({ type: 5, data: { custom_id: customId, components }, ...this.inGuild(user, where) });
  }

  /** The modals the bot opened (interaction responses of type 9), oldest first. */
  modals(): Record<string, unknown>[] {
    return this.calls.filter((call) => call.method === "POST" && /\/callback$/.test(call.path) && (call.body as { type?: number }).type === 9).map((call) => (call.body as { data: Record<string, unknown> }).data);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.gateway.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Where an interaction happens: a server channel (the fake's own server unless told), or a DM. */
  private inGuild(user: FakeUser, where: Where): Record<string, unknown> {
    const channelId = where.channelId ?? CHANNEL_ID;
    if (where.dm) return { channel_id: channelId, channel: { id: channelId, type: 1, recipients: [userObject(user)] }, user: userObject(user), locale: user.locale ?? "zh-CN", context: 1 };
    const guildId = where.guildId ?? GUILD_ID;
    return {
      guild_id: guildId,
      channel_id: channelId,
      channel: { id: channelId, type: 0, guild_id: guildId, name: "general" },
      member: { user: userObject(user), roles: [], joined_at: "2026-01-01T00:00:00.000Z", deaf: false, mute: false, flags: 0, permissions: user.admin ? ALL_PERMISSIONS : MEMBER_PERMISSIONS },
      locale: user.locale ?? "zh-CN",
      guild_locale: "zh-CN",
      context: 0,
    };
  }

  /** Sends an event to every connection, or when sharded, to the shard owning `guildId` (DMs: shard 0). */
  private dispatch(event: string, data: unknown, guildId?: string): void {
    const packet = JSON.stringify({ op: 0, t: event, s: ++this.sequence, d: data });
    const shard = guildId === undefined ? 0 : this.shardOf(guildId);
    for (const socket of this.sockets) if (this.shardTotal <= 1 || this.socketShards.get(socket) === shard) socket.send(packet);
  }

  private onSocket(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on("close", () => {
      this.sockets.delete(socket);
      this.socketShards.delete(socket);
    });
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null }));
    socket.on("message", (raw) => {
      const packet = JSON.parse(String(raw)) as { op: number; d: { shard?: [number, number] } | null };
      if (packet.op === 1) socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      if (packet.op === 2) {
        const send = (t: string, d: unknown) => socket.send(JSON.stringify({ op: 0, t, s: ++this.sequence, d }));
        const [shardId, totalShards] = packet.d?.shard ?? [0, 1];
        this.identified.push({ shard: shardId, totalShards });
        this.socketShards.set(socket, shardId);
        // Discord closes the connection (4010/4011) when the shard is wrong or sharding is required; here: its servers by the rule.
        const own = this.guildIds.filter((id) => totalShards <= 1 || Number((BigInt(id) >> 22n) % BigInt(totalShards)) === shardId);
        send("READY", {
          v: 10,
          user: { id: BOT_ID, username: "studybot", discriminator: "0", global_name: null, avatar: null, bot: true },
          guilds: own.map((id) => ({ id, unavailable: true })),
          session_id: "fake-session",
          resume_gateway_url: this.base.replace(/^http/, "ws"),
          shard: [shardId, totalShards],
          application: { id: APPLICATION_ID, flags: 0 },
        });
        for (const id of own) send("GUILD_CREATE", guildObject(id));
      }
    });
  }

  private async onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const raw = bytes.toString("utf8");
    const url = new URL(request.url ?? "/", this.base);
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, "");
    const contentType = request.headers["content-type"];
    const multipart = contentType?.startsWith("multipart/form-data") ? await parseMultipart(bytes, contentType) : undefined;
    const call: RecordedCall = {
      method: request.method ?? "GET",
      path,
      query: url.search,
      body: multipart ? multipart.body : raw ? parseBody(raw, contentType) : undefined,
      ...(multipart ? { files: multipart.files } : {}),
      authorization: request.headers.authorization,
      at,
      status: 0,
    };
    this.calls.push(call);
    const reply = this.override(call) ?? this.overGlobalLimit(call) ?? tooLarge(call) ?? this.defaultResponse(call);
    call.status = reply.status;
    response.writeHead(reply.status, { ...(reply.body === undefined ? {} : { "content-type": "application/json" }), ...reply.headers });
    response.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
    for (const check of [...this.callWaiters]) check();
  }

  private override(call: RecordedCall): FakeResponse | undefined {
    const found = this.overrides.find((o) => o.method === call.method && matches(o.path, call.path));
    if (!found) return undefined;
    if (--found.times <= 0) this.overrides.splice(this.overrides.indexOf(found), 1);
    return found.response;
  }

  /** A global 429 when the request would exceed the limit; otherwise counts it. */
  private overGlobalLimit(call: RecordedCall): FakeResponse | undefined {
    if (this.globalPerSecond === undefined || call.authorization === undefined) return undefined;
    const recent = this.recentRequests;
    while (recent.length > 0 && recent[0]! <= call.at - 1000) recent.shift();
    if (recent.length < this.globalPerSecond) {
      recent.push(call.at);
      return undefined;
    }
    const retryAfter = Math.max(0.001, (recent[0]! + 1000 - call.at) / 1000);
    return {
      status: 429,
      body: { message: "You are being rate limited.", retry_after: retryAfter, global: true, code: 0 },
      headers: { "retry-after": String(Math.ceil(retryAfter)), "x-ratelimit-global": "true", "x-ratelimit-scope": "global" },
    };
  }

  private defaultResponse(call: RecordedCall): FakeResponse {
    const { method, path } = call;
    const body = (call.body ?? {}) as Record<string, unknown>;
    if (method === "GET" && path === "/gateway/bot")
      return { status: 200, body: { url: this.base.replace(/^http/, "ws"), shards: this.shardTotal, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } } };
    let match = /^\/interactions\/\d+\/([^/]+)\/callback$/.exec(path);
    if (method === "POST" && match) return this.acknowledge(match[1]!, body);
    if (method === "POST" && path === "/users/@me/channels") {
      // A member who closed their DMs (or blocked the bot) cannot be written to: 50007, as Discord answers it.
      const recipient = String(body.recipient_id);
      if (this.closedDms.has(recipient)) return { status: 403, body: { message: "Cannot send messages to this user", code: 50007 } };
      return { status: 200, body: { id: dmChannelOf(recipient), type: 1, recipients: [{ id: recipient, username: `user${recipient}`, discriminator: "0" }] } };
    }
    match = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (method === "POST" && match) return { status: 200, body: this.store(snowflake(), match[1]!, body) };
    match = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path);
    if (method === "PATCH" && match) return { status: 200, body: this.store(match[2]!, match[1]!, body) };
    match = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path);
    if (method === "POST" && match) return this.startThread(match[1]!, match[2]!, body);
    match = /^\/webhooks\/\d+\/([^/]+)(?:\/messages\/(@original|\d+))?$/.exec(path);
    if (match) {
      const reply = this.webhook(method, match[1]!, match[2], body);
      if (reply) return reply;
    }
    if (method === "PUT" && /^\/applications\/\d+(?:\/guilds\/\d+)?\/commands$/.test(path)) {
      const commands = (call.body as Record<string, unknown>[]).map((command) => ({ ...command, id: snowflake(), application_id: APPLICATION_ID, version: "1" }));
      this.registered.set(path, commands);
      return { status: 200, body: commands };
    }
    if (method === "GET" && /^\/applications\/\d+(?:\/guilds\/\d+)?\/commands$/.test(path)) return { status: 200, body: this.registered.get(path) ?? [] };
    return { status: 404, body: { message: "404: Not Found", code: 0 } };
  }

  /** An interaction callback: the acknowledgement (once only), which decides what `@original` is. */
  private acknowledge(token: string, body: Record<string, unknown>): FakeResponse {
    const state = this.interactionStates.get(token);
    if (!state) return { status: 404, body: { message: "Unknown interaction", code: 10062 } };
    if (state.acknowledged !== undefined) return { status: 400, body: { message: "Interaction has already been acknowledged.", code: 40060 } };
    const type = body["type"] as number;
    const data = (body["data"] ?? {}) as Record<string, unknown>;
    if (type === 9) {
      const problem = modalProblem(data);
      if (problem) return { status: 400, body: { message: "Invalid Form Body", code: 50035, errors: { data: { _errors: [{ code: "INVALID", message: problem }] } } } };
    }
    state.acknowledged = type;
    if (type === 4) {
      state.originalId = snowflake();
      this.store(state.originalId, state.channelId, { ...data, flags: (data["flags"] as number | undefined) ?? 0 });
    } else if (type === 5) {
      state.originalId = snowflake();
      state.pendingDeferral = true;
      this.store(state.originalId, state.channelId, { content: "", embeds: [], components: [], flags: (((data["flags"] as number | undefined) ?? 0) & EPHEMERAL) | LOADING });
    } else if ((type === 6 || type === 7) && state.componentMessageId) {
      state.originalId = state.componentMessageId;
      if (type === 7) this.store(state.originalId, state.channelId, withoutFlags(data));
    }
    return { status: 204 };
  }

  /**
   * Follow-ups and `@original` through the interaction's webhook. Unfilled deferral: the first
   * follow-up or edit fills it, keeping the deferral's ephemerality. Tokens the fake did not hand
   * out are answered as before (a message object that is not stored).
   */
  private webhook(method: string, token: string, messageId: string | undefined, body: Record<string, unknown>): FakeResponse | undefined {
    const state = this.interactionStates.get(token);
    if (!state) {
      if (method === "POST" || method === "PATCH") return { status: 200, body: messageObject(messageId && messageId !== "@original" ? messageId : snowflake(), CHANNEL_ID, body) };
      if (method === "DELETE") return { status: 204 };
      return undefined;
    }
    const unknown: FakeResponse = { status: 404, body: { message: "Unknown Message", code: 10008 } };
    const fill = (id: string): FakeResponse => {
      state.pendingDeferral = false;
      const kept = flagsOf(this.messages.get(id) ?? {}) & EPHEMERAL;
      return { status: 200, body: this.store(id, state.channelId, { ...withoutFlags(body), flags: kept }) };
    };
    if (state.acknowledged === undefined) return { status: 404, body: { message: "Unknown Webhook", code: 10015 } };
    if (method === "POST" && messageId === undefined) {
      if (state.pendingDeferral && state.originalId) return fill(state.originalId);
      return { status: 200, body: this.store(snowflake(), state.channelId, { ...body, flags: (body["flags"] as number | undefined) ?? 0 }) };
    }
    const id = messageId === "@original" ? state.originalId : messageId;
    if (!id || this.deleted.has(id)) return unknown;
    if (method === "PATCH") {
      if (id === state.originalId && state.pendingDeferral) return fill(id);
      return { status: 200, body: this.store(id, state.channelId, withoutFlags(body)) };
    }
    if (method === "DELETE") {
      this.deleted.add(id);
      if (id === state.originalId) state.pendingDeferral = false;
      return { status: 204 };
    }
    return undefined;
  }

  /** Start Thread from Message: a name of 1–100 characters, one thread per message, on a message that exists. */
  private startThread(channelId: string, messageId: string, body: Record<string, unknown>): FakeResponse {
    const name = typeof body["name"] === "string" ? body["name"] : "";
    if (name.length < 1 || name.length > 100) return { status: 400, body: { message: "Invalid Form Body", code: 50035, errors: { name: { _errors: [{ code: "BASE_TYPE_BAD_LENGTH", message: "Must be between 1 and 100 in length." }] } } } };
    const message = this.messages.get(messageId);
    if (!message || message["channel_id"] !== channelId || this.deleted.has(messageId)) return { status: 404, body: { message: "Unknown Message", code: 10008 } };
    if (this.threads.has(messageId)) return { status: 400, body: { message: "A thread has already been created for this message", code: 160004 } };
    const thread = { id: messageId, type: 11, guild_id: GUILD_ID, parent_id: channelId, name, owner_id: BOT_ID, message_count: 0, member_count: 1, thread_metadata: { archived: false, auto_archive_duration: body["auto_archive_duration"] ?? 4320, archive_timestamp: new Date().toISOString(), locked: false } };
    this.threads.set(messageId, thread);
    return { status: 201, body: thread };
  }

  private store(id: string, channelId: string, body: Record<string, unknown>): Record<string, unknown> {
    const message = { ...messageObject(id, channelId, {}), ...this.messages.get(id), ...body, id, channel_id: channelId };
    this.messages.set(id, message);
    return message;
  }
}

function withoutFlags(body: Record<string, unknown>): Record<string, unknown> {
  const { flags: _flags, ...rest } = body;
  return rest;
}

const flagsOf = (message: Record<string, unknown>): number => (message["flags"] as number | undefined) ?? 0;

/** The id of the fake DM channel of a user (stable, so tests can find what was sent there). */
export function dmChannelOf(userId: string): string {
  return String(800000000000000000n + BigInt(userId));
}

function matches(pattern: string | RegExp, path: string): boolean {
  return typeof pattern === "string" ? pattern === path : pattern.test(path);
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (contentType?.includes("application/json")) return JSON.parse(raw);
  return raw;
}

/** A file sent with a message (multipart/form-data: `payload_json` and `files[n]` parts). */
export interface UploadedFile {
  field: string;
  filename: string;
  bytes: Buffer;
}

/** Discord's upload limit for a bot without boosts: 10 MiB per request. */
export const UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

async function parseMultipart(bytes: Buffer, contentType: string): Promise<{ body: unknown; files: UploadedFile[] }> {
  const form = await new Response(bytes, { headers: { "content-type": contentType } }).formData();
  const files: UploadedFile[] = [];
  let body: unknown;
  for (const [field, value] of form.entries()) {
    if (typeof value === "string") {
      if (field === "payload_json") body = JSON.parse(value);
    } else {
      files.push({ field, filename: value.name, bytes: Buffer.from(await value.arrayBuffer()) });
    }
  }
  return { body, files };
}

/** 413 as Discord answers an upload past the limit or more than 10 files. */
function tooLarge(call: RecordedCall): FakeResponse | undefined {
  const files = call.files ?? [];
  if (files.length <= 10 && files.reduce((sum, file) => sum + file.bytes.length, 0) <= UPLOAD_LIMIT_BYTES) return undefined;
  return { status: 413, body: { message: "Request entity too large", code: 40005 } };
}

function userObject(user: FakeUser): Record<string, unknown> {
  return { id: user.id, username: user.username, discriminator: "0", global_name: user.username, avatar: null };
}

function messageObject(id: string, channelId: string, body: Record<string, unknown>): Record<string, unknown> {
  return {
    id,
    channel_id: channelId,
    type: 0,
    content: "",
    embeds: [],
    components: [],
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    author: { id: BOT_ID, username: "studybot", discriminator: "0", avatar: null, bot: true },
    flags: 0,
    ...body,
  };
}

/** The fake's own server (with its general and daily channels), or another one whose only channel has the server's id. */
function guildObject(guildId = GUILD_ID): Record<string, unknown> {
  const channel = (id: string, name: string) => ({ id, type: 0, guild_id: guildId, name, position: 0, permission_overwrites: [], parent_id: null, nsfw: false });
  return {
    id: guildId,
    name: "Study server",
    icon: null,
    owner_id: "1",
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [{ id: guildId, name: "@everyone", permissions: MEMBER_PERMISSIONS, position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    system_channel_flags: 0,
    joined_at: "2026-01-01T00:00:00.000Z",
    large: false,
    unavailable: false,
    member_count: 3,
    voice_states: [],
    members: [],
    channels: guildId === GUILD_ID ? [channel(CHANNEL_ID, "general"), channel(DAILY_CHANNEL_ID, "daily")] : [channel(guildId, "general")],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    premium_tier: 0,
    preferred_locale: "zh-CN",
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
  };
}

/**
 * What Discord refuses in a modal (interaction response type 9): a title of 1–45, a custom_id of 1–100, 1–5
 * components, each an action row of one text input or a label (type 18) of one text input or string select.
 */
function modalProblem(data: Record<string, unknown>): string | undefined {
  const title = typeof data["title"] === "string" ? data["title"] : "";
  if (title.length < 1 || title.length > 45) return "title must be 1-45 characters";
  const customId = typeof data["custom_id"] === "string" ? data["custom_id"] : "";
  if (customId.length < 1 || customId.length > 100) return "custom_id must be 1-100 characters";
  const rows = Array.isArray(data["components"]) ? (data["components"] as { type: number; label?: unknown; component?: Record<string, unknown>; components?: Record<string, unknown>[] }[]) : [];
  if (rows.length < 1 || rows.length > 5) return "a modal needs 1-5 components";
  for (const row of rows) {
    if (row.type === 18) {
      const label = typeof row.label === "string" ? row.label : "";
      if (label.length < 1 || label.length > 45) return "a label must be 1-45 characters";
      const inner = row.component;
      if (!inner || (inner["type"] !== 4 && inner["type"] !== 3)) return "a label holds one text input or select";
      if (inner["type"] === 4 && inner["style"] !== 1 && inner["style"] !== 2) return "style must be 1 (short) or 2 (paragraph)";
      if (typeof inner["max_length"] === "number" && (inner["max_length"] < 1 || inner["max_length"] > 4000)) return "max_length must be 1-4000";
      continue;
    }
    const input = row.type === 1 && row.components?.length === 1 ? row.components[0]! : undefined;
    if (!input || input["type"] !== 4) return "each row holds one text input";
    const label = typeof input["label"] === "string" ? input["label"] : "";
    if (label.length < 1 || label.length > 45) return "a text input label must be 1-45 characters";
    if (typeof input["max_length"] === "number" && (input["max_length"] < 1 || input["max_length"] > 4000)) return "max_length must be 1-4000";
    if (input["style"] !== 1 && input["style"] !== 2) return "style must be 1 (short) or 2 (paragraph)";
  }
  return undefined;
}
