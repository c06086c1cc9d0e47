import type { PrismaClient } from "../generated/prisma/client.js";
import type { DailyThreadStore } from "../engine/threads/daily-threads.js";

/** The thread-per-daily-post setting: one row per chat that chose, written only here. */
export class PrismaDailyThreadStore implements DailyThreadStore {
  constructor(private readonly prisma: PrismaClient) {}

  async dailyThreads(chatId: number): Promise<boolean> {
    return (await this.prisma.dailyThreadSetting.findUnique({ where: { chatId }, select: { enabled: true } }))?.enabled ?? false;
  }

  async setDailyThreads(chatId: number, enabled: boolean, at: Date): Promise<void> {
    await this.prisma.dailyThreadSetting.upsert({ where: { chatId }, create: { chatId, enabled, updatedAt: at }, update: { enabled, updatedAt: at } });
  }
}
