import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { apiThrottler } from "@grammyjs/transformer-throttler";
import { Bot, HttpError, type Context } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Logger } from "pino";
import { handleAction } from "../../commands/actions.js";
import { bareAnswerLine } from "../../commands/bare-answer.js";
import type { Command, CommandContext } from "../../commands/command.js";
import { dispatch } from "../../commands/dispatch.js";
import { CHAT_COMMANDS } from "../../commands/index.js";
import { answerPractice } from "../../commands/practice.js";
import { answerFreeText } from "../../commands/mock.js";
import type { Engine } from "../../engine/engine.js";
import type { ChatRef, MemberRef, OutgoingMessage } from "../../engine/types.js";
import { t } from "../../i18n/index.js";
import { renderError } from "../../presenter/errors.js";
import type { Metrics } from "../../metrics.js";
import { TELEGRAM_LIMITS } from "../../platform-limits.js";
import { commandContext } from "../context.js";
import { AdminCache } from "./admins.js";
import { failureOf, toDeliveryError } from "./errors.js";
import { TelegramMessenger, type SendOptions } from "./messenger.js";
import { chatRef, isPrivate, memberRef, parseTelegramCommand } from "./refs.js";
import { RefreshQueue } from "./refresh.js";
import { registerReviewIntake } from "./review.js";
import { askedTextQuestionId } from "../../presenter/reports.js";

export interface TelegramBotOptions {
  token: string;
  /** Another Bot API server (a self-hosted one, or the tests' fake). */
  apiRoot?: string;
  /** Known bot identity: skips getMe (tests, webhooks). */
  botInfo?: UserFromGetMe;
  engine: Engine;
  log: Logger;
  metrics?: Metrics;
  /** Keep within Telegram's broadcast limits (30 msg/s, 20/min per group); off only in tests. */
  throttle?: boolean;
  /** How long a getChatMember answer counts (ms). */
  adminCacheMs?: number;
  /** Least time between two edits of one message (live answer counts), ms. */
  refreshIntervalMs?: number;
  /**
   * Marks the update done before a button press is toasted (the inbox): true when this call settled it.
   * A press already settled (handled before, here or by another process) gets no second toast.
   */
  settle?: (updateId: number) => Promise<boolean>;
  /** Network errors are retried this many times (outside shutdown); 5 by default. */
  networkRetries?: number;
}

export interface TelegramBot {
  bot: Bot;
  messenger: TelegramMessenger;
  /** Sends the coalesced edits still waiting. */
  flush: () => Promise<void>;
  /** Aborts every API call in flight and every retry, now and from now on (shutdown). */
  abort: () => void;
}

/** The update types the bot reads; anything else is not even fetched. */
export const ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member", "poll_answer"] as const;

const TOAST_LIMIT = 200;

/**
 * Sends spaced evenly, a little wider than 1 s / 30 (28.6 per second), so no second holds more than 30
 * messages even when a few arrive bunched. The throttler's default (30 at once per refreshed second)
 * overran that whenever a burst landed early: 90 429s and 46% over the minimum in the daily fan-out bench.
 */
const BROADCAST_SPACING_MS = Math.ceil(1000 / TELEGRAM_LIMITS.messagesPerSecond) + 1;
const EPHEMERAL_SPACING_MS = 100;

/**
 * The Telegram adapter: decodes updates into shared commands and button actions, encodes their
 * replies with the TelegramMessenger. Every handler is guarded: one bad update is logged, never fatal.
 */
export function createTelegramBot(options: TelegramBotOptions): TelegramBot {
  const { engine, log, metrics } = options;
  const bot = new Bot(options.token, {
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    client: { ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}) },
  });
  const shutdown = new AbortController();
  // Transformers: the last installed runs first. Innermost, network errors are retried a bounded number of
  // times (auto-retry would retry them without end, its waits doubling up to an hour); then 429s and 5xx.
  bot.api.config.use(boundedNetworkRetries(options.networkRetries ?? 5, log));
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowInternalServerErrors: false, rethrowHttpErrors: true }));
  if (options.throttle !== false) {
    // An ephemeral message reaches one member, like a DM: it is not held to a group's 20 messages a minute (a burst
    // of presses in one group would queue for minutes), only spaced on its own (10 a second, at most 2 at once).
    const broadcast = apiThrottler({ global: { minTime: BROADCAST_SPACING_MS } });
    const ephemeral = apiThrottler({ global: { minTime: EPHEMERAL_SPACING_MS, maxConcurrent: 2 }, group: {}, out: {} });
    bot.api.config.use((prev, method, payload, signal) => (payload && "ephemeral_message_parameters" in payload ? ephemeral : broadcast)(prev, method, payload, signal));
  }
  if (metrics) {
    bot.api.config.use(async (prev, method, payload, signal) => {
      const stop = metrics.apiLatency.startTimer({ platform: "telegram", method });
      try {
        const result = await prev(method, payload, signal);
        if (!result.ok) metrics.apiErrors.inc({ platform: "telegram", failure: failureOf(result) });
        return result;
      } catch (error) {
        metrics.apiErrors.inc({ platform: "telegram", failure: "network" });
        throw error;
      } finally {
        stop();
      }
    });
  }

  // Outermost: every call, its retries and its throttling wait end at once when the bot shuts down.
  // (grammY types its signals with the abort-controller shim's AbortSignal; at run time they are Node's.)
  bot.api.config.use((prev, method, payload, signal) => prev(method, payload, (signal ? AbortSignal.any([signal as unknown as AbortSignal, shutdown.signal]) : shutdown.signal) as never));

  const messenger = new TelegramMessenger(bot.api, {
    styleOf: async (chat) => (await engine.chat(chat)).dailyStyle,
    remember: (chat, poll) => engine.rememberPoll(chat, poll),
    ofMessage: (chat, messageId) => engine.pollOfMessage(chat, messageId),
  });
  const admins = new AdminCache(bot.api, options.adminCacheMs ?? 60_000);
  const refreshes = new RefreshQueue(options.refreshIntervalMs ?? 3_000, log);
  const followUps = new BackgroundSends(log);
  const commands: readonly Command[] = CHAT_COMMANDS;

  // Updates of one chat run in order (the runner fetches concurrently); different chats run in parallel.
  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString() ?? ctx.pollAnswer?.poll_id));

  /**
   * A command's context. Free text (a practice answer) comes as a message in a private chat, as a reply to the
   * question in a group; a report's explanation as a reply to the bot's prompt in a private chat, in a group as
   * /report with the text.
   */
  const contextFor = async (chat: ChatRef, member: MemberRef, privateChat = false): Promise<CommandContext> => ({
    ...(await commandContext(engine, chat, member, commands)),
    freeText: privateChat ? "message" : "reply",
    reportText: Number(chat.externalId) > 0 ? "reply" : "command",
  });

  /** Sends command or action replies: secret ones to the member alone (a group must not see them), the rest into the chat. */
  const deliverAll = async (ctx: Context, messages: OutgoingMessage[], send: SendOptions, lang: CommandContext["lang"]) => {
    const chat = ctx.chat!;
    for (const message of messages) {
      if (message.secret && !isPrivate(chat) && ctx.from) {
        const how = await deliverSecret(chat.id, ctx.from.id, message, send.threadId);
        if (how === "unreachable") await messenger.deliver(chat.id, { text: t(lang, "telegram.startPrivately", { bot: bot.botInfo.username }) }, send);
        continue;
      }
      const sent = await messenger.deliver(chat.id, message, send);
      // A practice question in a group: only a reply to this message answers it.
      if (message.asksReply && sent.length > 0) await engine.practice?.asked(message.asksReply.promptId, String(sent.at(-1)!.message_id));
    }
  };

  /** Whether the Bot API server keeps ephemeral messages ephemeral; false once one posted such a message for everyone (a server older than Bot API 10.3). */
  let ephemeralWorks = true;

  /**
   * A message in a group that only `userId` sees: an ephemeral message (Bot API 10.3). Returns false when the API
   * refused it, or ignored the parameter (the message it then posted for everyone is deleted at once).
   */
  const sendEphemeral = async (chatId: number, userId: number, message: OutgoingMessage, threadId: number | undefined, callbackQueryId?: string): Promise<boolean> => {
    if (!ephemeralWorks) return false;
    let sent;
    try {
      sent = await messenger.deliver(chatId, message, { threadId, ephemeral: { receiver_user_id: userId, ...(callbackQueryId ? { callback_query_id: callbackQueryId } : {}) } });
    } catch (error) {
      const failure = toDeliveryError(error);
      if (!failure || failure.failure === "network" || failure.failure === "rate_limited") throw error;
      log.debug({ chat: chatId, reason: failure.message }, "ephemeral message refused; falling back to a private message");
      return false;
    }
    const ignored = sent.filter((m) => !("ephemeral_message_id" in m) && m.message_id !== 0);
    if (ignored.length === 0) return true;
    ephemeralWorks = false;
    log.warn({ chat: chatId }, "this Bot API server ignores ephemeral_message_parameters (older than Bot API 10.3): secret messages go by private message from now on");
    for (const m of ignored) await bot.api.deleteMessage(chatId, m.message_id).catch((error: unknown) => log.error({ err: error, chat: chatId }, "could not delete a secret message posted publicly"));
    return false;
  };

  /** A secret message for one member of a group: ephemeral in the group, else by private message, else unreachable. */
  const deliverSecret = async (chatId: number, userId: number, message: OutgoingMessage, threadId: number | undefined, callbackQueryId?: string): Promise<"ephemeral" | "private" | "unreachable"> => {
    if (await sendEphemeral(chatId, userId, message, threadId, callbackQueryId)) return "ephemeral";
    return (await sendPrivately(userId, message)) ? "private" : "unreachable";
  };

  /** A DM to a member; false when they have not started a private chat with the bot (403). */
  const sendPrivately = async (userId: number, message: OutgoingMessage): Promise<boolean> => {
    try {
      await messenger.deliver(userId, message);
      return true;
    } catch (error) {
      if (toDeliveryError(error)?.failure === "forbidden") return false;
      throw error;
    }
  };

  registerReviewIntake(bot, {
    contextFor,
    runLine: async (ctx, line) => {
      const commandCtx = await contextFor(chatRef(ctx.chat!), memberRef(ctx.from!));
      await deliverAll(ctx, await dispatch(commandCtx, commands, line, log), { replyTo: ctx.message?.message_id }, commandCtx.lang);
    },
  });

  // A reply to the bot's "add details" prompt of a report (report.askText) adds the text to the member's report.
  bot.on("message:text", async (ctx, next) => {
    const replied = ctx.message.reply_to_message;
    const questionId = replied?.from?.id === ctx.me.id && !ctx.message.text.startsWith("/") ? askedTextQuestionId(replied.text) : undefined;
    if (!questionId) return next();
    metrics?.updatesHandled.inc({ platform: "telegram", kind: "command" });
    const commandCtx = await contextFor(chatRef(ctx.chat), memberRef(ctx.from));
    const filed = await engine.reports.report(commandCtx.member, questionId, undefined, ctx.message.text.slice(0, 500), commandCtx.lang);
    const text = filed.ok ? t(commandCtx.lang, "report.textSaved", { id: questionId }) : renderError(filed, commandCtx.lang).text;
    await messenger.deliver(ctx.chat.id, { text }, { replyTo: ctx.message.message_id });
  });

  bot.on("message:text", async (ctx) => {
    const privateChat = isPrivate(ctx.chat);
    if (await answeredPractice(ctx, privateChat)) return;
    // In a private chat a lone letter or grade ("B", "会") answers the waiting question (src/commands/bare-answer.ts).
    const parsed = parseTelegramCommand(bareAnswerLine(ctx.message.text, isPrivate(ctx.chat) ? "private" : "group") ?? ctx.message.text, ctx.me.username);
    if (!parsed) return;
    metrics?.updatesHandled.inc({ platform: "telegram", kind: "command" });
    const threadId = ctx.message.is_topic_message ? ctx.message.message_thread_id : undefined;
    const chat = chatRef(ctx.chat, threadId);
    // Only /settings and another member's /stats need to know who is an admin; others skip the getChatMember call.
    const asksAdmin = parsed.name === "settings" || (parsed.name === "stats" && parsed.line.trim().includes(" "));
    const isAdmin = asksAdmin ? isPrivate(ctx.chat) || (await admins.isAdmin(ctx.chat.id, ctx.from.id)) : undefined;
    const commandCtx = await contextFor(chat, memberRef(ctx.from, isAdmin), privateChat);
    const replies = await dispatch(commandCtx, commands, parsed.line, log);
    await deliverAll(ctx, replies, { threadId, replyTo: ctx.message.message_id }, commandCtx.lang);
  });

  /**
   * Text that is not a command as the answer to the member's open practice question: any text in a private
   * chat, only a reply to the bot's question in a group (privacy mode: the bot sees no other group text).
   * False when it is no such answer; the text then goes on as it otherwise would.
   */
  const answeredPractice = async (ctx: Context & { message: { text: string } }, privateChat: boolean): Promise<boolean> => {
    const { text } = ctx.message;
    if (!engine.practice || text.trim().startsWith("/") || !ctx.from) return false;
    const replied = ctx.message.reply_to_message;
    if (!privateChat && replied?.from?.id !== ctx.me.id) return false;
    const threadId = ctx.message.is_topic_message ? ctx.message.message_thread_id : undefined;
    const commandCtx = await contextFor(chatRef(ctx.chat!, threadId), memberRef(ctx.from), privateChat);
    // A mock interview runs in the private chat; a group reply answers a practice question only.
    const replies = privateChat ? await answerFreeText(commandCtx, text) : await answerPractice(commandCtx, text, replied ? { replyTo: String(replied.message_id) } : {});
    if (!replies) return false;
    metrics?.updatesHandled.inc({ platform: "telegram", kind: "practice" });
    await deliverAll(ctx, replies, { threadId, replyTo: ctx.message.message_id }, commandCtx.lang);
    return true;
  };

  bot.on("callback_query:data", async (ctx) => {
    metrics?.updatesHandled.inc({ platform: "telegram", kind: "button" });
    const message = ctx.callbackQuery.message;
    if (!message) {
      await ctx.answerCallbackQuery({ text: t("zh", "error.STALE") });
      return;
    }
    const threadId = "is_topic_message" in message && message.is_topic_message ? message.message_thread_id : undefined;
    const chat = chatRef(message.chat, threadId);
    const commandCtx = await contextFor(chat, memberRef(ctx.from), isPrivate(message.chat));
    const reply = await handleAction(commandCtx, ctx.callbackQuery.data);
    const lang = commandCtx.lang;

    let notice = reply.notice;
    const follow: OutgoingMessage[] = [];
    const { shown } = reply;
    const group = !isPrivate(message.chat);
    if (shown?.secret && group) {
      // A group's daily answer goes to the member alone: the group must not see it, and a toast cannot hold it.
      const how = await deliverSecret(message.chat.id, ctx.from.id, shown, threadId, ctx.callbackQuery.id);
      if (how === "private") notice = t(lang, "telegram.sentPrivately");
      else if (how === "unreachable") notice = t(lang, "telegram.startPrivately", { bot: ctx.me.username });
    } else if (shown) {
      follow.push(shown);
    }
    // Settled before the toast: a press redelivered after a crash records nothing twice (unique keys) and
    // is toasted at most once; one settled elsewhere already gets no toast here.
    const first = options.settle ? await options.settle(ctx.update.update_id) : true;
    if (first) {
      await ctx.answerCallbackQuery({ text: clip(notice, TOAST_LIMIT), show_alert: notice.length > 60 });
    }
    // The fuller result: as a message in a private chat; in a group only to the member (ephemeral), or the toast alone.
    // Sent after the handler returns: the chat's next press is not held behind this one's throttled sends.
    if (reply.detail && !group) follow.push(reply.detail);
    follow.push(...reply.messages);
    const ephemeralDetail = group && first ? reply.detail : undefined;
    if (ephemeralDetail || follow.length > 0) {
      const from = ctx.from.id;
      followUps.run(async () => {
        if (ephemeralDetail) await sendEphemeral(message.chat.id, from, ephemeralDetail, threadId);
        if (follow.length > 0) await deliverAll(ctx, follow, { threadId }, lang);
      });
    }
    if (reply.refresh) refreshes.schedule(`${message.chat.id}:${message.message_id}`, () => messenger.edit({ chat }, String(message.message_id), reply.refresh!));
  });

  // A vote in a quiz poll is an answer, traced back through the poll to the action of the chosen option.
  bot.on("poll_answer", async (ctx) => {
    const { poll_id: pollId, user, option_ids: options } = ctx.pollAnswer;
    if (!user || options.length === 0) return; // an anonymous or retracted vote
    metrics?.updatesHandled.inc({ platform: "telegram", kind: "poll_answer" });
    const poll = await engine.poll(pollId);
    const action = poll?.actions[options[0]!];
    if (!poll || !action) return;
    const reply = await handleAction(await contextFor(poll.chat, memberRef(user)), action);
    log.debug({ poll: pollId, user: user.id, notice: reply.notice }, "poll answer");
  });

  bot.on("message:migrate_to_chat_id", async (ctx) => {
    const moved = await engine.moveChat(chatRef(ctx.chat), String(ctx.message.migrate_to_chat_id));
    log.info({ from: ctx.chat.id, to: ctx.message.migrate_to_chat_id, moved }, "group became a supergroup");
  });

  bot.on("my_chat_member", async (ctx) => {
    const status = ctx.myChatMember.new_chat_member.status;
    const chat = chatRef(ctx.chat);
    if (status === "left" || status === "kicked") await engine.pauseDaily(chat, "removed");
    else if (status === "member" || status === "administrator") await engine.resumeDaily(chat, "removed");
  });

  bot.catch((error) => {
    metrics?.updateErrors.inc({ platform: "telegram" });
    log.error({ err: error.error, update_id: error.ctx.update.update_id, chat: error.ctx.chat?.id }, "telegram update failed");
  });

  return { bot, messenger, flush: async () => {
      await followUps.idle();
      await refreshes.flush();
    }, abort: () => shutdown.abort() };
}

/**
 * Retries a call that failed on the network (no answer from the Bot API) up to `attempts` times, waiting
 * 1, 2, 4, … s (at most 16 s) between tries; an aborted call (shutdown) is never retried.
 */
function boundedNetworkRetries(attempts: number, log: Logger): Parameters<Bot["api"]["config"]["use"]>[0] {
  return async (prev, method, payload, signal) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await prev(method, payload, signal);
      } catch (error) {
        if (!(error instanceof HttpError) || signal?.aborted || attempt >= attempts) throw error;
        const waitMs = Math.min(16_000, 1_000 * 2 ** attempt);
        log.debug({ method, attempt: attempt + 1, waitMs }, "telegram network error; retrying");
        await abortableDelay(waitMs, signal as unknown as AbortSignal | undefined);
      }
    }
  };
}

function abortableDelay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener("abort", abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    }
    signal?.addEventListener("abort", abort, { once: true });
  });
}

function clip(text: string, limit: number): string {
  const chars = [...text];
  return chars.length <= limit ? text : `${chars.slice(0, limit - 1).join("")}…`;
}

/** Sends started after an update's handler returned: failures are logged, and flush() waits for the ones in flight. */
class BackgroundSends {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly log: Logger) {}

  run(work: () => Promise<void>): void {
    const sending: Promise<void> = work()
      .catch((error: unknown) => this.log.warn({ err: error }, "telegram: a follow-up send failed"))
      .finally(() => this.running.delete(sending));
    this.running.add(sending);
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }
}
