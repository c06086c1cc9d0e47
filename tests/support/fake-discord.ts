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
  private globalPerSecond: number | undefined;
  /** Arrival times of the bot-token requests accepted within the last second, oldest first. */
  private readonly recentRequests: number[] = [];

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

  /** A stored channel message (as last posted or edited through REST). */
  message(id: string): Record<string, unknown> | undefined {
    return this.messages.get(id);
  }

  /** Dispatches INTERACTION_CREATE to every connected client; returns the interaction's id and token. */
  interact(data: Record<string, unknown>): { id: string; token: string } {
    const id = snowflake();
    const token = `token-${id}`;
    this.dispatch("INTERACTION_CREATE", { id, token, application_id: APPLICATION_ID, version: 1, entitlements: [], authorizing_integration_owners: { "0": GUILD_ID }, app_permissions: ALL_PERMISSIONS, ...data });
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

  private dispatch(event: string, data: unknown): void {
    const packet = JSON.stringify({ op: 0, t: event, s: ++this.sequence, d: data });
    for (const socket of this.sockets) socket.send(packet);
  }

  private onSocket(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null }));
    socket.on("message", (raw) => {
      const packet = JSON.parse(String(raw)) as { op: number; d: unknown };
      if (packet.op === 1) socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      if (packet.op === 2) {
        const send = (t: string, d: unknown) => socket.send(JSON.stringify({ op: 0, t, s: ++this.sequence, d }));
        send("READY", {
          v: 10,
          user: { id: BOT_ID, username: "studybot", discriminator: "0", global_name: null, avatar: null, bot: true },
          guilds: [{ id: GUILD_ID, unavailable: true }],
          session_id: "fake-session",
          resume_gateway_url: this.base.replace(/^http/, "ws"),
          shard: [0, 1],
          application: { id: APPLICATION_ID, flags: 0 },
        });
        send("GUILD_CREATE", guildObject());
      }
    });
  }

  private async onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(request.url ?? "/", this.base);
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, "");
    const call: RecordedCall = { method: request.method ?? "GET", path, query: url.search, body: raw ? parseBody(raw, request.headers["content-type"]) : undefined, authorization: request.headers.authorization, at, status: 0 };
    this.calls.push(call);
    const reply = this.override(call) ?? this.overGlobalLimit(call) ?? this.defaultResponse(call);
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
      return { status: 200, body: { url: this.base.replace(/^http/, "ws"), shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } } };
    if (method === "POST" && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return { status: 204 };
    if (method === "POST" && path === "/users/@me/channels") {
      // A member who closed their DMs (or blocked the bot) cannot be written to: 50007, as Discord answers it.
      const recipient = String(body.recipient_id);
      if (this.closedDms.has(recipient)) return { status: 403, body: { message: "Cannot send messages to this user", code: 50007 } };
      return { status: 200, body: { id: dmChannelOf(recipient), type: 1, recipients: [{ id: recipient, username: `user${recipient}`, discriminator: "0" }] } };
    }
    let match = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (method === "POST" && match) return { status: 200, body: this.store(snowflake(), match[1]!, body) };
    match = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path);
    if (method === "PATCH" && match) return { status: 200, body: this.store(match[2]!, match[1]!, body) };
    match = /^\/webhooks\/\d+\/[^/]+(?:\/messages\/(@original|\d+))?$/.exec(path);
    if (match && (method === "POST" || method === "PATCH")) return { status: 200, body: messageObject(match[1] && match[1] !== "@original" ? match[1] : snowflake(), CHANNEL_ID, body) };
    if (match && method === "DELETE") return { status: 204 };
    if (method === "PUT" && /^\/applications\/\d+(?:\/guilds\/\d+)?\/commands$/.test(path))
      return { status: 200, body: (call.body as Record<string, unknown>[]).map((command) => ({ ...command, id: snowflake(), application_id: APPLICATION_ID, version: "1" })) };
    return { status: 404, body: { message: "404: Not Found", code: 0 } };
  }

  private store(id: string, channelId: string, body: Record<string, unknown>): Record<string, unknown> {
    const message = { ...messageObject(id, channelId, {}), ...this.messages.get(id), ...body, id, channel_id: channelId };
    this.messages.set(id, message);
    return message;
  }
}

/** The id of the fake DM channel of a user (stable, so tests can find what was sent there). */
export function dmChannelOf(userId: string): string {
  return String(800000000000000000n + BigInt(userId));
}

function matches(pattern: string | RegExp, path: string): boolean {
  return typeof pattern === "string" ? pattern === path : pattern.test(path);
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (contentType?.includes("application/json")) return JSON.parse(raw);
  // discord.js sends multipart only with files; the bot sends none.
  return raw;
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

function guildObject(): Record<string, unknown> {
  const channel = (id: string, name: string) => ({ id, type: 0, guild_id: GUILD_ID, name, position: 0, permission_overwrites: [], parent_id: null, nsfw: false });
  return {
    id: GUILD_ID,
    name: "Study server",
    icon: null,
    owner_id: "1",
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [{ id: GUILD_ID, name: "@everyone", permissions: MEMBER_PERMISSIONS, position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
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
    channels: [channel(CHANNEL_ID, "general"), channel(DAILY_CHANNEL_ID, "daily")],
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
