import type { PrismaClient } from "../generated/prisma/client.js";
import type { InboxEntry, UpdateInbox } from "../runtime/inbox.js";
import { isUniqueViolation } from "./prisma-errors.js";

/** The update inbox on Prisma (SQLite or PostgreSQL): one row per platform update, keyed by its id. */
export class InboxStore implements UpdateInbox {
  constructor(private readonly prisma: PrismaClient) {}

  async add(platform: string, entries: readonly InboxEntry[]): Promise<InboxEntry[]> {
    if (entries.length === 0) return [];
    const ids = entries.map((entry) => BigInt(entry.updateId));
    const known = await this.prisma.inboxUpdate.findMany({ where: { platform, updateId: { in: ids } }, select: { updateId: true, handledAt: true } });
    const handled = new Set(known.filter((row) => row.handledAt !== null).map((row) => Number(row.updateId)));
    const stored = new Set(known.map((row) => Number(row.updateId)));
    const fresh = uniqueById(entries.filter((entry) => !stored.has(entry.updateId)));
    if (fresh.length > 0) {
      const data = fresh.map((entry) => ({ platform, updateId: BigInt(entry.updateId), payload: entry.payload }));
      try {
        await this.prisma.inboxUpdate.createMany({ data });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // Another process stored one of them meanwhile (a webhook retry landing elsewhere): one by one, keeping theirs.
        for (const row of data) await this.prisma.inboxUpdate.create({ data: row }).catch((e: unknown) => (isUniqueViolation(e) ? undefined : Promise.reject(e)));
      }
    }
    return uniqueById(entries.filter((entry) => !handled.has(entry.updateId))).sort((a, b) => a.updateId - b.updateId);
  }

  async pending(platform: string, options: { receivedBefore?: Date; limit?: number } = {}): Promise<InboxEntry[]> {
    const rows = await this.prisma.inboxUpdate.findMany({
      where: { platform, handledAt: null, ...(options.receivedBefore ? { receivedAt: { lt: options.receivedBefore } } : {}) },
      orderBy: { updateId: "asc" },
      take: options.limit ?? 10_000,
      select: { updateId: true, payload: true },
    });
    return rows.map((row) => ({ updateId: Number(row.updateId), payload: row.payload }));
  }

  async markHandled(platform: string, updateId: number): Promise<boolean> {
    const { count } = await this.prisma.inboxUpdate.updateMany({ where: { platform, updateId: BigInt(updateId), handledAt: null }, data: { handledAt: new Date() } });
    return count > 0;
  }

  async lastUpdateId(platform: string): Promise<number | undefined> {
    const row = await this.prisma.inboxUpdate.findFirst({ where: { platform }, orderBy: { updateId: "desc" }, select: { updateId: true } });
    return row ? Number(row.updateId) : undefined;
  }

  async prune(before: Date): Promise<number> {
    const { count } = await this.prisma.inboxUpdate.deleteMany({ where: { handledAt: { lt: before } } });
    return count;
  }
}

function uniqueById(entries: InboxEntry[]): InboxEntry[] {
  const seen = new Set<number>();
  return entries.filter((entry) => !seen.has(entry.updateId) && seen.add(entry.updateId));
}
