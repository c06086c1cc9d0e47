import type { Bot, Context } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { CommandContext } from "../../commands/command.js";
import type { ChatRef, MemberRef } from "../../engine/types.js";
import { t } from "../../i18n/index.js";
import { chatRef, isPrivate, memberRef, parseTelegramCommand } from "./refs.js";

/** The deep-link payload that opens the private chat on a review: t.me/<bot>?start=review. */
export const REVIEW_START_PAYLOAD = "review";

export interface ReviewIntakeDeps {
  contextFor(chat: ChatRef, member: MemberRef): Promise<CommandContext>;
  /** Runs a command line in a chat as the general text handler does (dispatch, then delivery). */
  runLine(ctx: Context, line: string): Promise<void>;
}

/** The button that opens the private chat with the bot and starts a review there. */
export function reviewDeepLink(botUsername: string, label: string): InlineKeyboardMarkup {
  return { inline_keyboard: [[{ text: label, url: `https://t.me/${botUsername}?start=${REVIEW_START_PAYLOAD}` }]] };
}

/**
 * Reviews are private. `/review` typed in a group answers with a deep-link button to the private chat
 * (a member who never started the bot would get a 403 from a DM); `/start review`, what that button
 * sends, runs /review in the private chat. Registered before the general text handler; anything else
 * passes on to it.
 */
export function registerReviewIntake(bot: Bot, deps: ReviewIntakeDeps): void {
  bot.on("message:text", async (ctx, next) => {
    const parsed = parseTelegramCommand(ctx.message.text, ctx.me.username);
    if (!parsed) return next();
    const args = parsed.line.split(/\s+/).slice(1);
    if (parsed.name === "start" && isPrivate(ctx.chat) && args[0] === REVIEW_START_PAYLOAD) return deps.runLine(ctx, "/review");
    if (parsed.name !== "review" || isPrivate(ctx.chat)) return next();
    const threadId = ctx.message.is_topic_message ? ctx.message.message_thread_id : undefined;
    const { lang } = await deps.contextFor(chatRef(ctx.chat, threadId), memberRef(ctx.from));
    await ctx.reply(t(lang, "review.openPrivately"), {
      reply_markup: reviewDeepLink(ctx.me.username, t(lang, "review.openButton")),
      reply_parameters: { message_id: ctx.message.message_id, allow_sending_without_reply: true },
      ...(threadId !== undefined ? { message_thread_id: threadId } : {}),
    });
  });
}
