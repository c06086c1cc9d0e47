import type { PrismaClient } from "../generated/prisma/client.js";
import type { MemberStatsRecord, RankedScore, ScoreEntry, StandingsStore } from "../engine/ports.js";

/** Leaderboards and stats on Prisma: per-period totals read in leaderboard order. */
export class PrismaStandingsStore implements StandingsStore {
  constructor(private readonly prisma: PrismaClient) {}

  async getStats(chatId: number, memberId: number): Promise<MemberStatsRecord | null> {
    const row = await this.prisma.memberStats.findUnique({ where: { chatId_memberId: { chatId, memberId } } });
    if (!row) return null;
    const { chatId: _c, memberId: _m, ...stats } = row;
    return stats;
  }

  async topScores(chatId: number, period: string, limit: number): Promise<ScoreEntry[]> {
    const rows = await this.prisma.scoreTotal.findMany({
      where: { chatId, period },
      orderBy: [{ points: "desc" }, { reachedAt: "asc" }, { memberId: "asc" }],
      take: limit,
      include: { member: { select: { displayName: true } } },
    });
    return rows.map((r) => ({ memberId: r.memberId, displayName: r.member.displayName, points: r.points, reachedAt: r.reachedAt }));
  }

  async rankOf(chatId: number, period: string, memberId: number): Promise<RankedScore | null> {
    const mine = await this.prisma.scoreTotal.findUnique({
      where: { chatId_period_memberId: { chatId, period, memberId } },
      include: { member: { select: { displayName: true } } },
    });
    if (!mine) return null;
    // Everyone ordered before me: more points, or as many reached earlier, or the same instant and a lower id.
    // Two counts over ranges of the leaderboard index; one OR would make the database scan the whole period.
    const [morePoints, samePointsEarlier] = await Promise.all([
      this.prisma.scoreTotal.count({ where: { chatId, period, points: { gt: mine.points } } }),
      this.prisma.scoreTotal.count({
        where: { chatId, period, points: mine.points, OR: [{ reachedAt: { lt: mine.reachedAt } }, { reachedAt: mine.reachedAt, memberId: { lt: memberId } }] },
      }),
    ]);
    const ahead = morePoints + samePointsEarlier;
    return { memberId, displayName: mine.member.displayName, points: mine.points, reachedAt: mine.reachedAt, rank: ahead + 1 };
  }
}
