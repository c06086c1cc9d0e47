import type { PrismaClient } from "../generated/prisma/client.js";
import type { ChatPage, ChatPause, DeliveryStore, DueReveal, PendingDelivery, ScheduledChat } from "../engine/ports.js";
import { writeChatPause } from "./chat-store.js";
import type { DailySql } from "./daily-sql.js";
import { schedulable, toChat, toDaily } from "./prisma-rows.js";

/**
 * The scheduler's listings and writes: each write conditional, so several processes can share the
 * database. The per-post and per-chat writes (schedule, reveal bound, lease, outcome) run on
 * DailySql, the listings and the reveal's claim on Prisma.
 */
export class PrismaDeliveryStore implements DeliveryStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly sql: DailySql,
  ) {}

  async scheduledChats(now: Date, page: ChatPage): Promise<ScheduledChat[]> {
    const rows = await this.prisma.chat.findMany({
      where: { ...schedulable(page), id: { gt: page.afterId }, OR: [{ nextDailyAt: null }, { nextDailyAt: { lte: now } }] },
      orderBy: { id: "asc" },
      take: page.limit,
    });
    return rows.map((row) => ({ chat: toChat(row), nextDailyAt: row.nextDailyAt }));
  }

  setNextDaily(seen: ScheduledChat, next: Date): Promise<boolean> {
    return this.sql.setNextDaily(seen, next);
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

  leaseDelivery(dailyId: number, now: Date, until: Date): Promise<number | null> {
    return this.sql.leaseDelivery(dailyId, now, until);
  }

  recordDelivered(dailyId: number, messageId: string, revealDueAt: Date): Promise<void> {
    return this.sql.recordDelivered(dailyId, messageId, revealDueAt);
  }

  recordDeliveryFailure(dailyId: number, error: string, retryAt: Date | null): Promise<void> {
    return this.sql.recordDeliveryFailure(dailyId, error, retryAt);
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

  revealNoLaterThan(chatId: number, latest: Date): Promise<void> {
    return this.sql.revealNoLaterThan(chatId, latest);
  }

  setChatPause(chatId: number, pause: ChatPause | null): Promise<void> {
    return writeChatPause(this.prisma, chatId, pause);
  }
}
