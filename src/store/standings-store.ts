import type { PrismaClient } from "../generated/prisma/client.js";
import type { HotPath } from "./hot-path.js";
import type { MemberStatsRecord, RankedScore, ScoreEntry, StandingsStore } from "../engine/ports.js";

/**
 * Leaderboards and stats: the top of a leaderboard and a member's rank are one statement each on the hot
 * path (HOT_SQL.topScores, HOT_SQL.rankOf: the rank is 1 + the members with more points, summed from the
 * score histogram above the member, so ties share a rank); stats on Prisma.
 */
export class PrismaStandingsStore implements StandingsStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly hotPath: HotPath,
  ) {}

  async getStats(chatId: number, memberId: number): Promise<MemberStatsRecord | null> {
    const row = await this.prisma.memberStats.findUnique({ where: { chatId_memberId: { chatId, memberId } } });
    if (!row) return null;
    const { chatId: _c, memberId: _m, ...stats } = row;
    return stats;
  }

  async topScores(chatId: number, period: string, limit: number): Promise<ScoreEntry[]> {
    const rows = (await this.hotPath.topScoreRows(chatId, period, limit)) as unknown as ScoreEntry[];
    return rows.map((r) => ({ memberId: r.memberId, displayName: r.displayName, points: r.points, reachedAt: r.reachedAt }));
  }

  async rankOf(chatId: number, period: string, memberId: number): Promise<RankedScore | null> {
    const row = (await this.hotPath.rankRow(chatId, period, memberId)) as (ScoreEntry & { morePoints: number; samePoints: number }) | undefined;
    if (!row) return null;
    return { memberId, displayName: row.displayName, points: row.points, reachedAt: row.reachedAt, rank: row.morePoints + 1, tied: row.samePoints > 1 };
  }
}
