import { Prisma, type PrismaClient } from "../generated/prisma/client.js";
import type { Db } from "./prisma-rows.js";

/**
 * The one spelling of "this member gets a learner of its own": a Learner row and the identity's
 * LearnerMember row (review-store's learnerOf and identity-store's transactions use it).
 */
export async function createLearnerFor(db: Db, memberId: number): Promise<number> {
  const learner = await db.learner.create({ data: {} });
  // A plain create: of two first uses at once, one fails on the identity's key and reads the other's learner.
  await db.learnerMember.create({ data: { memberId, learnerId: learner.id } });
  return learner.id;
}

/** The learner of a member inside a transaction, made when missing. */
export async function learnerIn(db: Db, memberId: number): Promise<number> {
  const found = await db.learnerMember.findUnique({ where: { memberId } });
  return found ? found.learnerId : createLearnerFor(db, memberId);
}

/**
 * The member ids of `memberId`'s learner (itself included; itself alone before it has a learner). A learner's
 * seen questions are the union of its identities' SeenQuestion rows: each identity's answers are written on its
 * own row (the answer paths' one spelling, src/store/hot-path.ts), and what the learner has seen is read here.
 */
export async function learnerIdentities(db: Db | PrismaClient, memberId: number): Promise<number[]> {
  const link = await db.learnerMember.findUnique({ where: { memberId } });
  if (!link) return [memberId];
  return (await db.learnerMember.findMany({ where: { learnerId: link.learnerId }, select: { memberId: true } })).map((row) => row.memberId);
}

/** How often the other identities of `memberId`'s learner answered `questionId` (0 without a learner or a link). */
export async function answeredByOtherIdentities(db: Db, memberId: number, questionId: string): Promise<number> {
  const rows = await db.$queryRaw<{ answered: number | bigint | null }[]>(Prisma.sql`
    SELECT SUM(s."timesAnswered") AS "answered" FROM "LearnerMember" me
    JOIN "LearnerMember" other ON other."learnerId" = me."learnerId" AND other."memberId" <> me."memberId"
    JOIN "SeenQuestion" s ON s."memberId" = other."memberId" AND s."questionId" = ${questionId}
    WHERE me."memberId" = ${memberId}`);
  return Number(rows[0]?.answered ?? 0);
}
