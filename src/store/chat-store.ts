import type { PrismaClient } from "../generated/prisma/client.js";
import type { ChatPause, ChatRecord, ChatStore } from "../engine/ports.js";
import type { ChatRef, ChatSettings, Platform, PollRecord } from "../engine/types.js";
import type { HotPath } from "./hot-path.js";
import { createOrFind, toChat, toPoll, type ChatRow, type Db } from "./prisma-rows.js";

/** Chats on Prisma: the lookup by platform reference runs on the hot path (every update asks it). */
export class PrismaChatStore implements ChatStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly hotPath: HotPath,
  ) {}

  async ensureChat(ref: ChatRef): Promise<ChatRecord> {
    const key = { platform: ref.platform, externalId: ref.externalId };
    const row =
      ((await this.hotPath.chatRow(ref.platform, ref.externalId)) as ChatRow | undefined) ??
      (await createOrFind(
        () => this.prisma.chat.create({ data: { ...key, title: ref.title ?? null } }),
        () => this.prisma.chat.findUniqueOrThrow({ where: { platform_externalId: key } }),
      ));
    return toChat(row);
  }

  async updateChatSettings(chatId: number, patch: Partial<ChatSettings>): Promise<ChatRecord> {
    const { dailyTopics, restDays, ...rest } = patch;
    const reschedule = patch.timeZone !== undefined || patch.dailyTime !== undefined || patch.dailyEnabled !== undefined;
    const data = {
      ...rest,
      ...(dailyTopics !== undefined ? { dailyTopics: dailyTopics?.join(",") ?? null } : {}),
      ...(restDays !== undefined ? { restDays: restDays.length > 0 ? [...new Set(restDays)].sort().join(",") : null } : {}),
      // The scheduler computes the next due instant again from the new settings on its next tick.
      ...(reschedule ? { nextDailyAt: null } : {}),
    };
    return toChat(await this.prisma.chat.update({ where: { id: chatId }, data }));
  }

  setChatPause(chatId: number, pause: ChatPause | null): Promise<void> {
    return writeChatPause(this.prisma, chatId, pause);
  }

  async moveChat(platform: Platform, fromExternalId: string, toExternalId: string): Promise<boolean> {
    return this.prisma.$transaction(async (db) => {
      const from = await db.chat.findUnique({ where: { platform_externalId: { platform, externalId: fromExternalId } } });
      if (!from) return true;
      const to = await db.chat.findUnique({ where: { platform_externalId: { platform, externalId: toExternalId } }, include: { _count: { select: { dailies: true } } } });
      if (to && to._count.dailies > 0) return false;
      if (to) await db.chat.delete({ where: { id: to.id } });
      await db.chat.update({ where: { id: from.id }, data: { externalId: toExternalId } });
      return true;
    });
  }

  async savePoll(chatId: number, poll: Omit<PollRecord, "chat">): Promise<void> {
    const data = { chatId, messageId: poll.messageId, actions: JSON.stringify(poll.actions) };
    await this.prisma.nativePoll.upsert({ where: { pollId: poll.pollId }, create: { pollId: poll.pollId, ...data }, update: data });
  }

  async findPoll(pollId: string): Promise<PollRecord | null> {
    const row = await this.prisma.nativePoll.findUnique({ where: { pollId }, include: { chat: true } });
    return row && toPoll(row);
  }

  async findPollByMessage(chatId: number, messageId: string): Promise<PollRecord | null> {
    const row = await this.prisma.nativePoll.findFirst({ where: { chatId, messageId }, include: { chat: true } });
    return row && toPoll(row);
  }
}

/** The one write of a chat's pause; lifting it makes the scheduler compute the next post again. */
export async function writeChatPause(db: Db, chatId: number, pause: ChatPause | null): Promise<void> {
  const resume = pause === null ? { nextDailyAt: null } : {};
  await db.chat.update({ where: { id: chatId }, data: { pausedAt: pause?.at ?? null, pauseReason: pause?.reason ?? null, ...resume } });
}
