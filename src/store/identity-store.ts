import { randomUUID } from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { ForgetWrite, IdentityRecord, IdentityStore, LearnerExport, LinkCodeRecord, LinkWrite } from "../engine/identity/ports.js";
import type { CardRebuild } from "../engine/review/ports.js";
import type { Platform } from "../engine/types.js";
import type { HotPath } from "./hot-path.js";
import { learnerIn } from "./learners.js";
import type { Db } from "./prisma-rows.js";
import { rebuildLockedCard } from "./review-store.js";

/** The platform of the members that keep forgotten identities' chat answers (one per forgotten identity). */
export const ANONYMOUS_PLATFORM = "anonymous";
export const ANONYMOUS_NAME = "anonymous";

const identityOf = (member: { id: number; platform: string; externalId: string; displayName: string }): IdentityRecord => ({
  memberId: member.id,
  platform: member.platform as Platform,
  externalId: member.externalId,
  displayName: member.displayName,
});

/**
 * Identities on Prisma: learners and their platform identities, link codes (hash only), wrong attempts,
 * and the learner-wide writes (merge, unlink, forget), each one transaction.
 */
export class PrismaIdentityStore implements IdentityStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly hotPath: HotPath,
  ) {}

  async identities(memberId: number): Promise<IdentityRecord[]> {
    const learnerId = await this.prisma.$transaction((db) => learnerIn(db, memberId));
    return this.identitiesOf(this.prisma, learnerId);
  }

  private async identitiesOf(db: Db | PrismaClient, learnerId: number): Promise<IdentityRecord[]> {
    const rows = await db.learnerMember.findMany({ where: { learnerId }, include: { member: true }, orderBy: { memberId: "asc" } });
    return rows.map((row) => identityOf(row.member));
  }

  async findMember(platform: string, externalId: string): Promise<IdentityRecord | null> {
    const member = await this.prisma.member.findUnique({ where: { platform_externalId: { platform, externalId } } });
    return member && identityOf(member);
  }

  async issueCode(memberId: number, codeHash: string, at: Date, expiresAt: Date): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.linkCode.deleteMany({ where: { memberId, usedAt: null } }),
      this.prisma.linkCode.create({ data: { codeHash, memberId, createdAt: at, expiresAt } }),
    ]);
  }

  async findCode(codeHash: string): Promise<LinkCodeRecord | null> {
    return this.prisma.linkCode.findUnique({ where: { codeHash }, select: { id: true, memberId: true, expiresAt: true, redeemerId: true, usedAt: true } });
  }

  async code(id: number): Promise<LinkCodeRecord | null> {
    return this.prisma.linkCode.findUnique({ where: { id }, select: { id: true, memberId: true, expiresAt: true, redeemerId: true, usedAt: true } });
  }

  async claimCode(id: number, redeemerId: number, now: Date): Promise<boolean> {
    // Conditional: of two members typing one code at once, one gets it.
    const { count } = await this.prisma.linkCode.updateMany({
      where: { id, usedAt: null, expiresAt: { gt: now }, OR: [{ redeemerId: null }, { redeemerId }] },
      data: { redeemerId },
    });
    return count === 1;
  }

  async releaseCode(id: number, redeemerId: number): Promise<void> {
    await this.prisma.linkCode.updateMany({ where: { id, redeemerId, usedAt: null }, data: { redeemerId: null } });
  }

  async countAttempts(memberId: number, since: Date): Promise<number> {
    return this.prisma.linkAttempt.count({ where: { memberId, at: { gt: since } } });
  }

  async recordAttempt(memberId: number, at: Date): Promise<void> {
    await this.prisma.linkAttempt.create({ data: { memberId, at } });
  }

  async link(codeId: number, redeemerId: number, now: Date, rebuild: CardRebuild): Promise<LinkWrite> {
    return this.prisma.$transaction(async (db) => {
      const code = await db.linkCode.findUnique({ where: { id: codeId } });
      if (!code || code.redeemerId !== redeemerId) return { linked: false, reason: "stale" };
      const [into, from] = [await learnerIn(db, code.memberId), await learnerIn(db, redeemerId)];
      if (code.usedAt !== null) return into === from ? { linked: false, reason: "already" } : { linked: false, reason: "stale" };
      if (code.expiresAt <= now) return { linked: false, reason: "stale" };
      if (into === from) return { linked: false, reason: "already" };
      const [ours, theirs] = [await this.identitiesOf(db, into), await this.identitiesOf(db, from)];
      if (ours.some((a) => theirs.some((b) => a.platform === b.platform))) return { linked: false, reason: "same_platform" };
      // The code is used by this transaction or by none (a second confirmation finds it used).
      const { count } = await db.linkCode.updateMany({ where: { id: codeId, usedAt: null }, data: { usedAt: now } });
      if (count !== 1) return { linked: false, reason: "stale" };
      await mergeIn(db, into, from, rebuild);
      return { linked: true, learnerId: into };
    });
  }

  async mergeLearners(into: number, from: number, rebuild: CardRebuild): Promise<void> {
    await this.prisma.$transaction((db) => mergeIn(db, into, from, rebuild));
  }

  async unlink(memberId: number, now: Date): Promise<{ learnerId: number } | null> {
    return this.prisma.$transaction(async (db) => {
      const current = await db.learnerMember.findUnique({ where: { memberId }, include: { member: true } });
      if (!current || (await db.learnerMember.count({ where: { learnerId: current.learnerId } })) < 2) return null;
      const fresh = await db.learner.create({ data: { createdAt: now } });
      await db.learnerMember.update({ where: { memberId }, data: { learnerId: fresh.id } });
      // The seen questions it brought stay with the learner too: added into the record of the identity that stays
      // (the learner's record is its identities' union); the leaving identity keeps its own rows.
      const stays = await db.learnerMember.findFirstOrThrow({ where: { learnerId: current.learnerId }, orderBy: { memberId: "asc" } });
      const leavingSeen = await db.seenQuestion.findMany({ where: { memberId } });
      const staying = new Map((await db.seenQuestion.findMany({ where: { memberId: stays.memberId, questionId: { in: leavingSeen.map((row) => row.questionId) } } })).map((row) => [row.questionId, row]));
      for (const row of leavingSeen) {
        const union = unionSeen(staying.get(row.questionId), row);
        await db.seenQuestion.upsert({ where: { memberId_questionId: { memberId: stays.memberId, questionId: row.questionId } }, create: { memberId: stays.memberId, questionId: row.questionId, ...union }, update: union });
      }
      // A review this identity was running ends; the sessions' history stays with the learner.
      await db.reviewSession.updateMany({ where: { learnerId: current.learnerId, memberId, status: "active" }, data: { status: "stopped", activeKey: null } });
      // A reminder sent to this identity goes with it (it is where the reminder is delivered).
      const { platform, externalId } = current.member;
      const reminder = await db.reviewReminder.findUnique({ where: { learnerId: current.learnerId } });
      if (reminder && reminder.platform === platform && reminder.externalId === externalId) {
        await db.reviewReminder.update({ where: { learnerId: current.learnerId }, data: { learnerId: fresh.id } });
      }
      return { learnerId: fresh.id };
    });
  }

  async exportLearner(memberId: number): Promise<LearnerExport> {
    const learnerId = await this.prisma.$transaction((db) => learnerIn(db, memberId));
    const db = this.prisma;
    const learner = await db.learner.findUnique({ where: { id: learnerId } });
    const identities = await db.learnerMember.findMany({ where: { learnerId }, include: { member: true }, orderBy: { memberId: "asc" } });
    const memberIds = identities.map((row) => row.memberId);
    const chatOf = { select: { platform: true, externalId: true, title: true } } as const;
    const [cards, reviewLogs, reviewSessions, reminder, dailyAnswers, quizSessions, seenQuestions, chatStats, scores, practiceAttempts, mockInterviews, reports] = await Promise.all([
      db.reviewCard.findMany({ where: { learnerId }, orderBy: { id: "asc" }, omit: { learnerId: true } }),
      db.reviewLog.findMany({ where: { learnerId }, orderBy: { id: "asc" }, omit: { learnerId: true } }),
      db.reviewSession.findMany({ where: { learnerId }, orderBy: { id: "asc" }, omit: { learnerId: true, activeKey: true } }),
      db.reviewReminder.findUnique({ where: { learnerId }, omit: { learnerId: true } }),
      db.dailyAnswer.findMany({
        where: { memberId: { in: memberIds } },
        orderBy: { id: "asc" },
        select: { memberId: true, response: true, correct: true, points: true, streak: true, answeredAt: true, daily: { select: { questionId: true, localDate: true, chat: chatOf } } },
      }),
      db.quizSession.findMany({ where: { memberId: { in: memberIds } }, orderBy: { id: "asc" }, omit: { activeKey: true }, include: { chat: chatOf, answers: { orderBy: { position: "asc" }, omit: { sessionId: true, id: true } } } }),
      db.seenQuestion.findMany({ where: { memberId: { in: memberIds } }, orderBy: [{ memberId: "asc" }, { questionId: "asc" }] }),
      db.memberStats.findMany({ where: { memberId: { in: memberIds } }, include: { chat: chatOf }, orderBy: [{ memberId: "asc" }, { chatId: "asc" }] }),
      db.scoreTotal.findMany({ where: { memberId: { in: memberIds } }, include: { chat: chatOf }, orderBy: [{ memberId: "asc" }, { chatId: "asc" }, { period: "asc" }] }),
      // The learner's practice answers, and those its identities wrote before an unlink (their own words).
      db.practiceAttempt.findMany({ where: { OR: [{ learnerId }, { memberId: { in: memberIds } }] }, orderBy: { id: "asc" }, omit: { learnerId: true } }),
      db.mockInterview.findMany({ where: { OR: [{ learnerId }, { memberId: { in: memberIds } }] }, orderBy: { id: "asc" }, omit: { learnerId: true, activeKey: true } }),
      db.questionReport.findMany({ where: { memberId: { in: memberIds } }, orderBy: { id: "asc" }, omit: { openKey: true } }),
    ]);
    return {
      learner: learner && { id: learner.id, createdAt: learner.createdAt },
      identities: identities.map((row) => ({ ...identityOf(row.member), createdAt: row.member.createdAt })),
      cards,
      reviewLogs,
      reviewSessions: reviewSessions.map((session) => ({ ...session, queue: JSON.parse(session.queue) as unknown, history: JSON.parse(session.history) as unknown })),
      reminder,
      dailyAnswers: dailyAnswers.map(({ daily, ...answer }) => ({ ...answer, questionId: daily.questionId, localDate: daily.localDate, chat: daily.chat })),
      quizSessions: quizSessions.map((session) => ({ ...session, questionIds: JSON.parse(session.questionIds) as unknown })),
      seenQuestions,
      practiceAttempts: practiceAttempts.map((attempt) => ({ ...attempt, verdicts: JSON.parse(attempt.verdicts) as unknown })),
      mockInterviews: mockInterviews.map((mock) => ({ ...mock, questionIds: JSON.parse(mock.questionIds) as unknown, results: JSON.parse(mock.results) as unknown })),
      reports,
      chatStats,
      scores,
    };
  }

  async forget(memberId: number, now: Date): Promise<ForgetWrite> {
    return this.prisma.$transaction(async (db) => {
      const link = await db.learnerMember.findUnique({ where: { memberId } });
      const memberIds = link ? (await db.learnerMember.findMany({ where: { learnerId: link.learnerId }, select: { memberId: true } })).map((row) => row.memberId) : [memberId];
      let anonymisedAnswers = 0;
      for (const id of memberIds) {
        // The chats keep the answers (their counts, the day's results, recaps), under a member who is nobody.
        const anonymous = await db.member.create({ data: { platform: ANONYMOUS_PLATFORM, externalId: randomUUID(), displayName: ANONYMOUS_NAME, createdAt: now } });
        anonymisedAnswers += (await db.dailyAnswer.updateMany({ where: { memberId: id }, data: { memberId: anonymous.id } })).count;
        await db.quizSession.updateMany({ where: { memberId: id, activeKey: { not: null } }, data: { status: "stopped", activeKey: null } });
        anonymisedAnswers += (await db.quizSession.updateMany({ where: { memberId: id }, data: { memberId: anonymous.id } })).count;
        // Off every leaderboard and out of every streak list; a chat's board ranks the others as before.
        await db.memberStats.deleteMany({ where: { memberId: id } });
        await this.hotPath.removeScores(db, id);
        await db.seenQuestion.deleteMany({ where: { memberId: id } });
        await db.linkCode.deleteMany({ where: { OR: [{ memberId: id }, { redeemerId: id }] } });
        await db.linkAttempt.deleteMany({ where: { memberId: id } });
      }
      // The learner goes with its cards, logs, sessions and reminder (cascades), its practice answers and mock
      // interviews (also those of identities unlinked since: the learner's history); the identities last.
      if (link) {
        await db.practiceAttempt.deleteMany({ where: { learnerId: link.learnerId } });
        await db.mockInterview.deleteMany({ where: { learnerId: link.learnerId } });
        await db.learner.delete({ where: { id: link.learnerId } });
      }
      const { count } = await db.member.deleteMany({ where: { id: { in: memberIds } } });
      return { identities: count, anonymisedAnswers };
    });
  }
}

/** Merges learner `from` into `into` inside a transaction (IdentityStore.mergeLearners); a learner already merged (gone) is left alone. */
async function mergeIn(db: Db, into: number, from: number, rebuild: CardRebuild): Promise<void> {
  if (into === from) return;
  // Both learners' rows locked first, the lower id first (two merges never wait on each other crosswise). A grade
  // takes its learner's row first too (review-sql): it lands before this merge reads the decks, or waits and
  // then finds its learner gone and grades the merged one. On SQLite the one writer serialises them anyway.
  for (const id of [Math.min(into, from), Math.max(into, from)]) await db.$executeRaw`UPDATE "Learner" SET "createdAt" = "createdAt" WHERE "id" = ${id}`;
  const source = await db.learner.findUnique({ where: { id: from } });
  if (!source) return;
  const target = await db.learner.findUniqueOrThrow({ where: { id: into } });
  // Running reviews of both end: their queues were drawn from one deck each.
  await db.reviewSession.updateMany({ where: { learnerId: { in: [into, from] }, status: "active" }, data: { status: "stopped", activeKey: null } });
  await db.reviewSession.updateMany({ where: { learnerId: from }, data: { learnerId: into } });
  const theirs = await db.reviewCard.findMany({ where: { learnerId: from } });
  const ours = new Map((await db.reviewCard.findMany({ where: { learnerId: into, questionId: { in: theirs.map((card) => card.questionId) } } })).map((card) => [card.questionId, card]));
  for (const card of theirs) {
    const other = ours.get(card.questionId);
    if (!other) {
      await db.reviewCard.update({ where: { id: card.id }, data: { learnerId: into } });
      continue;
    }
    // Both reviewed the question: one card (the row of the later last review) holds both logs, and its state is
    // rebuilt from them in review order, as if one person had given every grade; the earlier first-seen date stays.
    const theirsLater = (card.lastReview?.getTime() ?? -Infinity) > (other.lastReview?.getTime() ?? -Infinity);
    const [kept, dropped] = theirsLater ? [card, other] : [other, card];
    await db.reviewLog.updateMany({ where: { cardId: dropped.id }, data: { cardId: kept.id, learnerId: into } });
    await db.reviewCard.delete({ where: { id: dropped.id } });
    const createdAt = card.createdAt < other.createdAt ? card.createdAt : other.createdAt;
    const moved = await db.reviewCard.update({ where: { id: kept.id }, data: { learnerId: into, createdAt } });
    await rebuildLockedCard(db, moved, rebuild);
  }
  await db.reviewLog.updateMany({ where: { learnerId: from }, data: { learnerId: into } });
  // The practice history and the mock interviews are the learner's too (their rows keep who answered, memberId).
  await db.practiceAttempt.updateMany({ where: { learnerId: from }, data: { learnerId: into } });
  await db.mockInterview.updateMany({ where: { learnerId: from }, data: { learnerId: into } });
  // One reminder: the learner's own if it has one, else the other's.
  const reminder = await db.reviewReminder.findUnique({ where: { learnerId: from } });
  if (reminder) {
    if (await db.reviewReminder.findUnique({ where: { learnerId: into }, select: { learnerId: true } })) await db.reviewReminder.delete({ where: { learnerId: from } });
    else await db.reviewReminder.update({ where: { learnerId: from }, data: { learnerId: into } });
  }
  // Seen questions stay on their identities' rows: the learner's record is the union of its identities' (learners.ts).
  await db.learnerMember.updateMany({ where: { learnerId: from }, data: { learnerId: into } });
  if (source.createdAt < target.createdAt) await db.learner.update({ where: { id: into }, data: { createdAt: source.createdAt } });
  await db.learner.delete({ where: { id: from } });
}

type SeenRow = { memberId: number; questionId: string; firstSeenAt: Date; lastSeenAt: Date; timesAnswered: number; lastResponse: string | null };

/** Two records of one question as one: the earlier first sight, the later last sight with its response, every answer counted. */
export function unionSeen(a: SeenRow | undefined, b: SeenRow): Omit<SeenRow, "memberId" | "questionId"> {
  if (!a) return { firstSeenAt: b.firstSeenAt, lastSeenAt: b.lastSeenAt, timesAnswered: b.timesAnswered, lastResponse: b.lastResponse };
  const later = b.lastSeenAt > a.lastSeenAt ? b : a;
  return {
    firstSeenAt: b.firstSeenAt < a.firstSeenAt ? b.firstSeenAt : a.firstSeenAt,
    lastSeenAt: later.lastSeenAt,
    timesAnswered: a.timesAnswered + b.timesAnswered,
    lastResponse: later.lastResponse,
  };
}
