import type { Bot, Context } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { CommandContext } from "../../commands/command.js";
import type { ChatRef, MemberRef } from "../../engine/types.js";
import { t, type MessageKey } from "../../i18n/index.js";
import { chatRef, isPrivate, memberRef, parseTelegramCommand } from "./refs.js";

/** The deep-link payload that opens the private chat on a review: t.me/<bot>?start=review. */
export const REVIEW_START_PAYLOAD = "review";

/**
 * Commands that run in the private chat only, each with the deep-link payload that opens it there: a review,
 * and account linking and the member's data (a link code or an export must never reach a group).
 */
export const PRIVATE_COMMANDS: Readonly<Record<string, { payload: string; text: MessageKey; button: MessageKey }>> = {
  review: { payload: REVIEW_START_PAYLOAD, text: "review.openPrivately", button: "review.openButton" },
  link: { payload: "link", text: "private.openPrivately", button: "private.openButton" },
  unlink: { payload: "link", text: "private.openPrivately", button: "private.openButton" },
  mydata: { payload: "mydata", text: "private.openPrivately", button: "private.openButton" },
  forgetme: { payload: "forgetme", text: "private.openPrivately", button: "private.openButton" },
};
const START_PAYLOADS = new Set(Object.values(PRIVATE_COMMANDS).map((command) => command.payload));

export interface ReviewIntakeDeps {
  contextFor(chat: ChatRef, member: MemberRef): Promise<CommandContext>;
  /** Runs a command line in a chat as the general text handler does (dispatch, then delivery). */
  runLine(ctx: Context, line: string): Promise<void>;
}

/** The button that opens the private chat with the bot and starts `payload` there (default: a review). */
export function reviewDeepLink(botUsername: string, label: string, payload: string = REVIEW_START_PAYLOAD): InlineKeyboardMarkup {
  return { inline_keyboard: [[{ text: label, url: `https://t.me/${botUsername}?start=${payload}` }]] };
}

/**
 * Reviews, /link, /unlink, /mydata and /forgetme are private. Typed in a group they answer with a deep-link
 * button to the private chat (a member who never started the bot would get a 403 from a DM); `/start <payload>`,
 * what that button sends, runs the command in the private chat. Registered before the general text handler;
 * anything else passes on to it.
 */
export function registerReviewIntake(bot: Bot, deps: ReviewIntakeDeps): void {
  bot.on("message:text", async (ctx, next) => {
    const parsed = parseTelegramCommand(ctx.message.text, ctx.me.username);
    if (!parsed) return next();
    const args = parsed.line.split(/\s+/).slice(1);
    if (parsed.name === "start" && isPrivate(ctx.chat) && args.length === 1 && START_PAYLOADS.has(args[0]!)) return deps.runLine(ctx, `/${args[0]}`);
    const intake = PRIVATE_COMMANDS[parsed.name];
    if (!intake || isPrivate(ctx.chat)) return next();
    const threadId = ctx.message.is_topic_message ? ctx.message.message_thread_id : undefined;
    const { lang } = await deps.contextFor(chatRef(ctx.chat, threadId), memberRef(ctx.from));
    await ctx.reply(t(lang, intake.text), {
      reply_markup: reviewDeepLink(ctx.me.username, t(lang, intake.button), intake.payload),
      reply_parameters: { message_id: ctx.message.message_id, allow_sending_without_reply: true },
      ...(threadId !== undefined ? { message_thread_id: threadId } : {}),
    });
  });
}
