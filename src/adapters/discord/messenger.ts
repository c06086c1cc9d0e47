import { DiscordAPIError, HTTPError, RateLimitError, Routes, type APIMessage, type REST } from "discord.js";
import { DeliveryError, type ChatRef, type Destination, type Messenger, type OutgoingMessage } from "../../engine/types.js";
import type { Metrics } from "../../metrics.js";
import { DISCORD_LIMITS } from "../../platform-limits.js";
import { toDiscordPayloads, truncate, type DiscordPayload } from "./render.js";

/** A daily's thread archives after a day without messages, about when the next daily comes. */
const THREAD_ARCHIVE_MINUTES = 1440;

/** Discord error codes that mean the bot cannot post there until someone changes the channel. */
const FORBIDDEN_CODES = new Set([50001 /* Missing Access */, 50013 /* Missing Permissions */, 50007 /* Cannot send messages to this user */]);
const NOT_FOUND_CODES = new Set([10003 /* Unknown Channel */, 10004 /* Unknown Guild */, 10008 /* Unknown Message */]);

/** Maps what discord.js throws into the engine's delivery failures. */
export function deliveryErrorOf(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === "number" ? error.code : undefined;
    const what = `discord ${error.method.toUpperCase()} ${error.status} ${error.code}: ${error.message}`;
    if ((code !== undefined && FORBIDDEN_CODES.has(code)) || error.status === 403) return new DeliveryError("forbidden", what);
    if ((code !== undefined && NOT_FOUND_CODES.has(code)) || error.status === 404) return new DeliveryError("not_found", what);
    if (error.status === 429) return new DeliveryError("rate_limited", what);
    return new DeliveryError(error.status >= 500 ? "network" : "rejected", what);
  }
  if (error instanceof RateLimitError) return new DeliveryError("rate_limited", `discord rate limit on ${error.route}`, Math.ceil(error.retryAfter / 1000));
  if (error instanceof HTTPError) {
    const what = `discord ${error.method.toUpperCase()} ${error.status}: ${error.message}`;
    if (error.status === 403) return new DeliveryError("forbidden", what);
    if (error.status === 404) return new DeliveryError("not_found", what);
    return new DeliveryError(error.status >= 500 ? "network" : "rejected", what);
  }
  return new DeliveryError("network", `discord unreachable: ${(error as Error)?.message ?? String(error)}`);
}

/**
 * The channel a message goes to: the destination's place (the daily channel), else the place of the
 * chat reference, else the chat id itself (a DM channel; for a server without a chosen channel, Discord
 * answers Unknown Channel, which pauses its daily until an admin picks one).
 */
export function channelOf(to: Destination): string {
  return to.place ?? to.chat.place ?? to.chat.externalId;
}

/** Channel messages cannot be ephemeral: that flag only exists for interaction replies. */
function channelBody(payload: DiscordPayload): Omit<DiscordPayload, "flags" | "files"> {
  return { embeds: payload.embeds, components: payload.components };
}

/** A picture goes up with the message (multipart); REST takes it apart from the JSON body. */
function uploads(payload: DiscordPayload): { files?: { name: string; data: Buffer }[] } {
  return payload.files ? { files: payload.files } : {};
}

/** Sends and edits channel messages over discord.js's REST client (its queue handles 429s and retries). */
export class DiscordMessenger implements Messenger {
  constructor(
    private readonly rest: REST,
    private readonly metrics?: Metrics,
    /** The servers this process's shards serve (all of them when unsharded). */
    readonly owns?: (chat: ChatRef) => boolean,
  ) {}

  async send(to: Destination, message: OutgoingMessage): Promise<string> {
    const channelId = channelOf(to);
    const [first, ...rest] = toDiscordPayloads(message);
    const sent = await this.call("send", () => this.rest.post(Routes.channelMessages(channelId), { body: channelBody(first!), ...uploads(first!) }) as Promise<APIMessage>);
    await this.sendRest(channelId, rest);
    return sent.id;
  }

  /** A DM: opens (or finds) the member's DM channel, then sends there. */
  async sendDirect(userId: string, message: OutgoingMessage): Promise<string> {
    const channel = await this.call("send", () => this.rest.post(Routes.userChannels(), { body: { recipient_id: userId } }) as Promise<{ id: string }>);
    return this.send({ chat: { platform: "discord", externalId: channel.id }, place: channel.id }, message);
  }

  /** Replaces the message's text and buttons; text that no longer fits one message follows as new messages. */
  async edit(to: Destination, messageId: string, message: OutgoingMessage): Promise<void> {
    const channelId = channelOf(to);
    const [first, ...rest] = toDiscordPayloads(message);
    await this.call("edit", () => this.rest.patch(Routes.channelMessage(channelId, messageId), { body: channelBody(first!) }));
    await this.sendRest(channelId, rest);
  }

  /** Starts a public thread on the message (Create Public Threads); the name is cut to Discord's 100 characters. */
  async openThread(to: Destination, messageId: string, name: string): Promise<void> {
    const channelId = channelOf(to);
    const body = { name: truncate(name, DISCORD_LIMITS.threadName), auto_archive_duration: THREAD_ARCHIVE_MINUTES };
    await this.call("thread", () => this.rest.post(Routes.threads(channelId, messageId), { body }));
  }

  private async sendRest(channelId: string, payloads: DiscordPayload[]): Promise<void> {
    for (const payload of payloads) await this.call("send", () => this.rest.post(Routes.channelMessages(channelId), { body: channelBody(payload) }));
  }

  private async call<T>(method: "send" | "edit" | "thread", request: () => Promise<T>): Promise<T> {
    const timer = this.metrics?.apiLatency.startTimer({ platform: "discord", method });
    try {
      return await request();
    } catch (error) {
      const failure = deliveryErrorOf(error);
      this.metrics?.apiErrors.inc({ platform: "discord", failure: failure.failure });
      throw failure;
    } finally {
      timer?.();
    }
  }
}
