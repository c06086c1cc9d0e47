import type { PrismaClient } from "../generated/prisma/client.js";
import type { HotPath } from "./hot-path.js";
import type { MemberStatsRecord, RankedScore, ScoreEntry, Standing, StandingsStore } from "../engine/ports.js";

type RankRow = ScoreEntry & { morePoints: number; samePoints: number };

/**
 * Leaderboards and stats: the top of a leaderboard and a member's rank are one statement each on the hot
 * path (HOT_SQL.topScores, HOT_SQL.rankOf: the rank is 1 + the members with more points, summed from the
 * score histogram above the member, so ties share a rank), and one together for a leaderboard
 * (HotPath.standingRows: one round trip on PostgreSQL); stats on Prisma.
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
    return ((await this.hotPath.topScoreRows(chatId, period, limit)) as unknown as ScoreEntry[]).map(toEntry);
  }

  async rankOf(chatId: number, period: string, memberId: number): Promise<RankedScore | null> {
    const row = (await this.hotPath.rankRow(chatId, period, memberId)) as RankRow | undefined;
    return row ? toRanked(row) : null;
  }

  async standing(chatId: number, period: string, limit: number, memberId: number): Promise<Standing> {
    const rows = (await this.hotPath.standingRows(chatId, period, limit, memberId)) as unknown as (RankRow & { isMe: number })[];
    const me = rows.find((r) => r.isMe === 1);
    return { top: rows.filter((r) => r.isMe === 0).map(toEntry), me: me ? toRanked(me) : null };
  }
}

function toEntry(r: ScoreEntry): ScoreEntry {
  return { memberId: r.memberId, displayName: r.displayName, points: r.points, reachedAt: r.reachedAt };
}

function toRanked(r: RankRow): RankedScore {
  return { ...toEntry(r), rank: r.morePoints + 1, tied: r.samePoints > 1 };
}
