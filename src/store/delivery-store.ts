import type { PrismaClient } from "../generated/prisma/client.js";
import type { ChatPage, ChatPause, DeliveryStore, DueReveal, PendingDelivery, ScheduledChat } from "../engine/ports.js";
import { writeChatPause } from "./chat-store.js";
import { schedulable, toChat, toDaily } from "./prisma-rows.js";

/** The scheduler's writes on Prisma: each one conditional, so several processes can share the database. */
export class PrismaDeliveryStore implements DeliveryStore {
  constructor(private readonly prisma: PrismaClient) {}

  async scheduledChats(now: Date, page: ChatPage): Promise<ScheduledChat[]> {
    const rows = await this.prisma.chat.findMany({
      where: { ...schedulable(page), id: { gt: page.afterId }, OR: [{ nextDailyAt: null }, { nextDailyAt: { lte: now } }] },
      orderBy: { id: "asc" },
      take: page.limit,
    });
    return rows.map((row) => ({ chat: toChat(row), nextDailyAt: row.nextDailyAt }));
  }

  async setNextDaily(seen: ScheduledChat, next: Date): Promise<boolean> {
    // Compare-and-set on what the next instant was computed from: a concurrent settings change wins.
    const { count } = await this.prisma.chat.updateMany({
      where: { id: seen.chat.id, nextDailyAt: seen.nextDailyAt, timeZone: seen.chat.timeZone, dailyTime: seen.chat.dailyTime, dailyEnabled: true },
      data: { nextDailyAt: next },
    });
    return count === 1;
  }

  async pendingDeliveries(now: Date, page: ChatPage): Promise<PendingDelivery[]> {
    const rows = await this.prisma.dailyQuestion.findMany({
      where: { id: { gt: page.afterId }, nextAttemptAt: { lte: now }, messageId: null, OR: [{ sendLeaseUntil: null }, { sendLeaseUntil: { lte: now } }], chat: schedulable(page) },
      orderBy: { id: "asc" },
      take: page.limit,
      include: { chat: true },
    });
    return rows.map((row) => ({ daily: toDaily(row), chat: toChat(row.chat), attempts: row.sendAttempts }));
  }

  async leaseDelivery(dailyId: number, now: Date, until: Date): Promise<number | null> {
    const { count } = await this.prisma.dailyQuestion.updateMany({
      where: {
        id: dailyId,
        messageId: null,
        // Due for an attempt, or never meant for delivery yet (claimed by /daily while the chat took no scheduled posts).
        AND: [{ OR: [{ nextAttemptAt: { lte: now } }, { nextAttemptAt: null, sendAttempts: 0 }] }, { OR: [{ sendLeaseUntil: null }, { sendLeaseUntil: { lte: now } }] }],
      },
      data: { sendLeaseUntil: until, sendAttempts: { increment: 1 } },
    });
    if (count === 0) return null;
    const row = await this.prisma.dailyQuestion.findUniqueOrThrow({ where: { id: dailyId }, select: { sendAttempts: true } });
    return row.sendAttempts;
  }

  async recordDelivered(dailyId: number, messageId: string, revealDueAt: Date): Promise<void> {
    await this.prisma.dailyQuestion.update({ where: { id: dailyId }, data: { messageId, revealDueAt, nextAttemptAt: null, sendLeaseUntil: null, lastError: null } });
  }

  async recordDeliveryFailure(dailyId: number, error: string, retryAt: Date | null): Promise<void> {
    await this.prisma.dailyQuestion.update({ where: { id: dailyId }, data: { lastError: error, nextAttemptAt: retryAt, sendLeaseUntil: null } });
  }

  async dueReveals(now: Date, page: ChatPage): Promise<DueReveal[]> {
    const rows = await this.prisma.dailyQuestion.findMany({
      where: { id: { gt: page.afterId }, revealDueAt: { lte: now }, revealedAt: null, chat: { platform: { in: [...page.platforms] } } },
      orderBy: { id: "asc" },
      take: page.limit,
      include: { chat: true },
    });
    return rows.map((row) => ({ daily: toDaily(row), chat: toChat(row.chat) }));
  }

  async claimReveal(dailyId: number, at: Date): Promise<boolean> {
    const { count } = await this.prisma.dailyQuestion.updateMany({ where: { id: dailyId, revealedAt: null }, data: { revealedAt: at, revealDueAt: null } });
    return count === 1;
  }

  async revealNoLaterThan(chatId: number, latest: Date): Promise<void> {
    await this.prisma.dailyQuestion.updateMany({ where: { chatId, revealedAt: null, revealDueAt: { gt: latest } }, data: { revealDueAt: latest } });
  }

  setChatPause(chatId: number, pause: ChatPause | null): Promise<void> {
    return writeChatPause(this.prisma, chatId, pause);
  }
}
