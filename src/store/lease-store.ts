import type { PrismaClient } from "../generated/prisma/client.js";
import type { LeaseStore } from "../runtime/lease.js";
import { isUniqueViolation } from "./prisma-errors.js";

/**
 * Leases in the ProcessLease table. Taking or renewing is one conditional UPDATE (held by me, or
 * expired), atomic on both databases; a lease row that does not exist yet is created, and of two
 * processes creating it at once the unique key lets one win.
 */
export class PrismaLeaseStore implements LeaseStore {
  constructor(private readonly prisma: PrismaClient) {}

  async acquire(name: string, holder: string, now: Date, expiresAt: Date): Promise<boolean> {
    const { count } = await this.prisma.processLease.updateMany({
      where: { name, OR: [{ holder }, { expiresAt: { lte: now } }] },
      data: { holder, expiresAt },
    });
    if (count > 0) return true;
    try {
      await this.prisma.processLease.create({ data: { name, holder, expiresAt } });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async release(name: string, holder: string): Promise<void> {
    await this.prisma.processLease.deleteMany({ where: { name, holder } });
  }
}
