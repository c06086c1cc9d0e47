import type { Prisma, PrismaClient } from "../generated/prisma/client.js";
import { DuplicateError } from "../engine/ports.js";
import type { MockRecord, MockResult, MockStatus, MockStore, MockTimeUpClaim } from "../engine/mock/ports.js";
import type { Language, Platform } from "../engine/types.js";
import { isUniqueViolation } from "./prisma-rows.js";

/** Mock interviews on Prisma: one active row per member (a unique key while active). */
export class PrismaMockStore implements MockStore {
  constructor(private readonly prisma: PrismaClient) {}

  async activeMock(memberId: number): Promise<MockRecord | null> {
    const row = await this.prisma.mockInterview.findUnique({ where: { activeKey: memberId } });
    return row && toMock(row);
  }

  async lastMock(memberId: number): Promise<MockRecord | null> {
    const row = await this.prisma.mockInterview.findFirst({ where: { memberId }, orderBy: { id: "desc" } });
    return row && toMock(row);
  }

  async createMock(mock: Omit<MockRecord, "id" | "position" | "followUp" | "results" | "status" | "reviewedAt">): Promise<MockRecord> {
    try {
      const row = await this.prisma.mockInterview.create({ data: { ...mock, questionIds: JSON.stringify(mock.questionIds), status: "active", activeKey: mock.memberId } });
      return toMock(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateError("active mock interview");
      throw error;
    }
  }

  async advanceMock(id: number, expected: { position: number; followUp: string | null }, update: { position: number; followUp: string | null; results: MockResult[]; askedAt: Date; at: Date; finished: boolean; timeUpAt: Date | null }): Promise<boolean> {
    const { count } = await this.prisma.mockInterview.updateMany({
      where: { id, status: "active", position: expected.position, followUp: expected.followUp },
      data: {
        position: update.position,
        followUp: update.followUp,
        results: JSON.stringify(update.results),
        askedAt: update.askedAt,
        lastActivityAt: update.at,
        timeUpAt: update.timeUpAt,
        ...(update.finished ? { status: "finished", activeKey: null } : {}),
      },
    });
    return count === 1;
  }

  async closeMock(id: number, status: Exclude<MockStatus, "active">): Promise<void> {
    await this.prisma.mockInterview.updateMany({ where: { id, status: "active" }, data: { status, activeKey: null, timeUpAt: null } });
  }

  async claimTimeUps(now: Date, leaseUntil: Date, limit: number, platforms: readonly Platform[]): Promise<MockTimeUpClaim[]> {
    const due = await this.prisma.mockInterview.findMany({
      where: { timeUpAt: { lte: now }, status: "active", member: { platform: { in: [...platforms] } } },
      orderBy: { timeUpAt: "asc" },
      take: limit,
      select: { id: true, timeUpAt: true },
    });
    const claimed: MockTimeUpClaim[] = [];
    for (const { id, timeUpAt } of due) {
      // A conditional claim: of several processes, exactly one moves this due time (an answer meanwhile moved it too).
      const rows = await this.prisma.mockInterview.updateManyAndReturn({ where: { id, timeUpAt, status: "active" }, data: { timeUpAt: leaseUntil } });
      const row = rows[0];
      if (!row) continue;
      const [member, chat] = await Promise.all([
        this.prisma.member.findUniqueOrThrow({ where: { id: row.memberId }, select: { platform: true, externalId: true } }),
        this.prisma.chat.findUniqueOrThrow({ where: { id: row.chatId }, select: { language: true } }),
      ]);
      claimed.push({ mock: toMock(row), member: { platform: member.platform as Platform, externalId: member.externalId }, language: chat.language as Language, leasedUntil: leaseUntil });
    }
    return claimed;
  }

  async timeUpSent(id: number, leasedUntil: Date): Promise<boolean> {
    const { count } = await this.prisma.mockInterview.updateMany({ where: { id, timeUpAt: leasedUntil }, data: { timeUpAt: null } });
    return count === 1;
  }

  async timeUpRetry(id: number, leasedUntil: Date, retryAt: Date): Promise<void> {
    await this.prisma.mockInterview.updateMany({ where: { id, timeUpAt: leasedUntil, status: "active" }, data: { timeUpAt: retryAt } });
  }

  async markReviewed(id: number, at: Date): Promise<boolean> {
    const { count } = await this.prisma.mockInterview.updateMany({ where: { id, reviewedAt: null }, data: { reviewedAt: at } });
    return count === 1;
  }
}

function toMock(row: Prisma.MockInterviewGetPayload<object>): MockRecord {
  return {
    id: row.id,
    chatId: row.chatId,
    memberId: row.memberId,
    learnerId: row.learnerId,
    topic: row.topic,
    questionIds: JSON.parse(row.questionIds) as string[],
    position: row.position,
    followUp: row.followUp,
    minutes: row.minutes,
    results: JSON.parse(row.results) as MockResult[],
    status: row.status as MockStatus,
    reviewedAt: row.reviewedAt,
    startedAt: row.startedAt,
    askedAt: row.askedAt,
    lastActivityAt: row.lastActivityAt,
    timeUpAt: row.timeUpAt,
  };
}
