import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { apiThrottler } from "@grammyjs/transformer-throttler";
import { Bot, type Context } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Logger } from "pino";
import { handleAction } from "../../commands/actions.js";
import type { Command, CommandContext } from "../../commands/command.js";
import { dispatch } from "../../commands/dispatch.js";
import { CHAT_COMMANDS } from "../../commands/index.js";
import type { Engine } from "../../engine/engine.js";
import type { ChatRef, MemberRef, OutgoingMessage } from "../../engine/types.js";
import { t } from "../../i18n/index.js";
import type { Metrics } from "../../metrics.js";
import { TELEGRAM_LIMITS } from "../../platform-limits.js";
import { commandContext } from "../context.js";
import { AdminCache } from "./admins.js";
import { failureOf, toDeliveryError } from "./errors.js";
import { TelegramMessenger, type SendOptions } from "./messenger.js";
import { chatRef, isPrivate, memberRef, parseTelegramCommand } from "./refs.js";
import { RefreshQueue } from "./refresh.js";
import { registerReviewIntake } from "./review.js";

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

/**
 * The Telegram adapter: decodes updates into shared commands and button actions, encodes their
 * replies with the TelegramMessenger. Every handler is guarded: one bad update is logged, never fatal.
 */
export function createTelegramBot(options: TelegramBotOptions): { bot: Bot; messenger: TelegramMessenger; flush: () => Promise<void> } {
  const { engine, log, metrics } = options;
  const bot = new Bot(options.token, {
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    client: { ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}) },
  });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowInternalServerErrors: false }));
  if (options.throttle !== false) bot.api.config.use(apiThrottler({ global: { minTime: BROADCAST_SPACING_MS } }));
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

  const messenger = new TelegramMessenger(bot.api, {
    styleOf: async (chat) => (await engine.chat(chat)).dailyStyle,
    remember: (chat, poll) => engine.rememberPoll(chat, poll),
    ofMessage: (chat, messageId) => engine.pollOfMessage(chat, messageId),
  });
  const admins = new AdminCache(bot.api, options.adminCacheMs ?? 60_000);
  const refreshes = new RefreshQueue(options.refreshIntervalMs ?? 3_000, log);
  const commands: readonly Command[] = CHAT_COMMANDS;

  // Updates of one chat run in order (the runner fetches concurrently); different chats run in parallel.
  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString() ?? ctx.pollAnswer?.poll_id));

  const contextFor = (chat: ChatRef, member: MemberRef): Promise<CommandContext> => commandContext(engine, chat, member, commands);

  /** Sends command or action replies: secret ones privately (a group must not see them), the rest into the chat. */
  const deliverAll = async (ctx: Context, messages: OutgoingMessage[], send: SendOptions, lang: CommandContext["lang"]) => {
    const chat = ctx.chat!;
    for (const message of messages) {
      if (message.secret && !isPrivate(chat) && ctx.from) {
        const delivered = await sendPrivately(ctx.from.id, message);
        if (!delivered) await messenger.deliver(chat.id, { text: t(lang, "telegram.startPrivately", { bot: bot.botInfo.username }) }, send);
        continue;
      }
      await messenger.deliver(chat.id, message, send);
    }
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

  bot.on("message:text", async (ctx) => {
    const parsed = parseTelegramCommand(ctx.message.text, ctx.me.username);
    if (!parsed) return;
    metrics?.updatesHandled.inc({ platform: "telegram", kind: "command" });
    const threadId = ctx.message.is_topic_message ? ctx.message.message_thread_id : undefined;
    const chat = chatRef(ctx.chat, threadId);
    // Only /settings needs to know who may change the chat; others skip the getChatMember call.
    const isAdmin = parsed.name === "settings" ? isPrivate(ctx.chat) || (await admins.isAdmin(ctx.chat.id, ctx.from.id)) : undefined;
    const commandCtx = await contextFor(chat, memberRef(ctx.from, isAdmin));
    const replies = await dispatch(commandCtx, commands, parsed.line, log);
    await deliverAll(ctx, replies, { threadId, replyTo: ctx.message.message_id }, commandCtx.lang);
  });

  bot.on("callback_query:data", async (ctx) => {
    metrics?.updatesHandled.inc({ platform: "telegram", kind: "button" });
    const message = ctx.callbackQuery.message;
    if (!message) {
      await ctx.answerCallbackQuery({ text: t("zh", "error.STALE") });
      return;
    }
    const threadId = "is_topic_message" in message && message.is_topic_message ? message.message_thread_id : undefined;
    const chat = chatRef(message.chat, threadId);
    const commandCtx = await contextFor(chat, memberRef(ctx.from));
    const reply = await handleAction(commandCtx, ctx.callbackQuery.data);
    const lang = commandCtx.lang;

    let notice = reply.notice;
    const follow: OutgoingMessage[] = [];
    const { shown } = reply;
    if (shown?.secret && !isPrivate(message.chat)) {
      // A group's daily answer goes by DM: the group must not see it, and a toast cannot hold it.
      notice = (await sendPrivately(ctx.from.id, shown)) ? t(lang, "telegram.sentPrivately") : t(lang, "telegram.startPrivately", { bot: ctx.me.username });
    } else if (shown) {
      follow.push(shown);
    }
    await ctx.answerCallbackQuery({ text: clip(notice, TOAST_LIMIT), show_alert: notice.length > 60 });
    // In a private chat the fuller result reads better as a message; a group gets the toast only.
    if (reply.detail && isPrivate(message.chat)) follow.push(reply.detail);
    follow.push(...reply.messages);
    if (follow.length > 0) await deliverAll(ctx, follow, { threadId }, lang);
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

  return { bot, messenger, flush: () => refreshes.flush() };
}

function clip(text: string, limit: number): string {
  const chars = [...text];
  return chars.length <= limit ? text : `${chars.slice(0, limit - 1).join("")}…`;
}
