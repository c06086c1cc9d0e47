import type { Prisma, PrismaClient } from "../generated/prisma/client.js";
import { DuplicateError } from "../engine/ports.js";
import type { MockRecord, MockResult, MockStatus, MockStore } from "../engine/mock/ports.js";
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

  async advanceMock(id: number, expected: { position: number; followUp: string | null }, update: { position: number; followUp: string | null; results: MockResult[]; askedAt: Date; at: Date; finished: boolean }): Promise<boolean> {
    const { count } = await this.prisma.mockInterview.updateMany({
      where: { id, status: "active", position: expected.position, followUp: expected.followUp },
      data: {
        position: update.position,
        followUp: update.followUp,
        results: JSON.stringify(update.results),
        askedAt: update.askedAt,
        lastActivityAt: update.at,
        ...(update.finished ? { status: "finished", activeKey: null } : {}),
      },
    });
    return count === 1;
  }

  async closeMock(id: number, status: Exclude<MockStatus, "active">): Promise<void> {
    await this.prisma.mockInterview.updateMany({ where: { id, status: "active" }, data: { status, activeKey: null } });
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
  };
}
