import type { PrismaClient } from "../generated/prisma/client.js";
import type { MemberStatsRecord, RankedScore, ScoreEntry, StandingsStore } from "../engine/ports.js";

/** Leaderboards and stats on Prisma: per-period totals read in leaderboard order, ranks from the score histogram. */
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
    // Everyone ordered before me: more points (the histogram's holders of each higher total: a sum over
    // distinct totals, not members), or as many reached earlier, or at the same instant with a lower id
    // (one range of the leaderboard index, the members tied with me).
    const [morePoints, samePointsEarlier] = await Promise.all([
      this.prisma.scoreHistogram.aggregate({ where: { chatId, period, points: { gt: mine.points } }, _sum: { members: true } }).then((r) => r._sum.members ?? 0),
      this.prisma.scoreTotal.count({
        where: { chatId, period, points: mine.points, OR: [{ reachedAt: { lt: mine.reachedAt } }, { reachedAt: mine.reachedAt, memberId: { lt: memberId } }] },
      }),
    ]);
    const ahead = morePoints + samePointsEarlier;
    return { memberId, displayName: mine.member.displayName, points: mine.points, reachedAt: mine.reachedAt, rank: ahead + 1 };
  }
}
