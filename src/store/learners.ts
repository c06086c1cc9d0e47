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
