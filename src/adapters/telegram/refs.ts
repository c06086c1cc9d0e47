import type { Chat, User } from "grammy/types";
import type { ChatRef, MemberRef } from "../../engine/types.js";

/** The decoder half of the Telegram adapter: Telegram chats and users as neutral references. */

export function chatRef(chat: Pick<Chat, "id" | "type"> & { title?: string }, threadId?: number): ChatRef {
  return {
    platform: "telegram",
    externalId: String(chat.id),
    ...(chat.title ? { title: chat.title } : {}),
    ...(threadId !== undefined ? { place: String(threadId) } : {}),
  };
}

export function memberRef(user: User, isAdmin?: boolean): MemberRef {
  const displayName = [user.first_name, user.last_name].filter(Boolean).join(" ") || user.username || String(user.id);
  return {
    platform: "telegram",
    externalId: String(user.id),
    displayName,
    ...(user.language_code ? { locale: user.language_code } : {}),
    ...(isAdmin !== undefined ? { isAdmin } : {}),
  };
}

export function isPrivate(chat: Pick<Chat, "type">): boolean {
  return chat.type === "private";
}

/**
 * A command addressed to this bot: "/top", "/top@thisbot week" → { name: "top", args }; undefined for
 * plain text and for commands addressed to another bot ("/top@otherbot").
 */
export function parseTelegramCommand(text: string, botUsername: string): { line: string; name: string } | undefined {
  const match = /^\/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]+))?(?=\s|$)/.exec(text.trim());
  if (!match) return undefined;
  if (match[2] && match[2].toLowerCase() !== botUsername.toLowerCase()) return undefined;
  const name = match[1]!.toLowerCase();
  const rest = text.trim().slice(match[0].length);
  return { name, line: `/${name}${rest}` };
}
