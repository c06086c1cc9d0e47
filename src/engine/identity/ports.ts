import type { CardRebuild } from "../review/ports.js";
import type { Platform } from "../types.js";

/**
 * The identity capability's own port: which platform identities (members) make up a learner, the
 * one-time link codes with their pending confirmation, wrong-code attempts, and the learner's data as
 * a whole (export, forget). Merging two learners is the store's one transaction.
 */

export interface IdentityRecord {
  memberId: number;
  platform: Platform;
  externalId: string;
  displayName: string;
}

export interface LinkCodeRecord {
  id: number;
  /** The identity that asked for the code. */
  memberId: number;
  expiresAt: Date;
  /** The identity that typed it and was asked to confirm; null until then. */
  redeemerId: number | null;
  usedAt: Date | null;
}

/** What confirming a link did: linked (the two learners are one now), or why nothing changed. */
export type LinkWrite = { linked: true; learnerId: number } | { linked: false; reason: "stale" | "already" | "same_platform" };

/** Everything stored about a learner, as plain JSON-ready rows (dates as Date). */
export interface LearnerExport {
  learner: { id: number; createdAt: Date } | null;
  identities: (IdentityRecord & { createdAt: Date })[];
  cards: Record<string, unknown>[];
  reviewLogs: Record<string, unknown>[];
  reviewSessions: Record<string, unknown>[];
  reminder: Record<string, unknown> | null;
  dailyAnswers: Record<string, unknown>[];
  quizSessions: Record<string, unknown>[];
  seenQuestions: Record<string, unknown>[];
  practiceAttempts: Record<string, unknown>[];
  mockInterviews: Record<string, unknown>[];
  reports: Record<string, unknown>[];
  chatStats: Record<string, unknown>[];
  scores: Record<string, unknown>[];
}

export interface ForgetWrite {
  /** Identities deleted. */
  identities: number;
  /** Daily answers and quiz sessions kept for the chats' counts, no longer linked to anyone. */
  anonymisedAnswers: number;
}

export interface IdentityStore {
  /** The identities of the learner `memberId` belongs to (the learner made on first use), oldest first. */
  identities(memberId: number): Promise<IdentityRecord[]>;
  /** A member by platform identity, without creating one (the command line). */
  findMember(platform: string, externalId: string): Promise<IdentityRecord | null>;
  /** Stores a new code of `memberId` (its earlier unused codes are dropped: one live code per identity). */
  issueCode(memberId: number, codeHash: string, at: Date, expiresAt: Date): Promise<void>;
  findCode(codeHash: string): Promise<LinkCodeRecord | null>;
  code(id: number): Promise<LinkCodeRecord | null>;
  /**
   * Marks a live, unused code as typed by `redeemerId` (the pending confirmation). False when it is used,
   * expired, or already pending for another member.
   */
  claimCode(id: number, redeemerId: number, now: Date): Promise<boolean>;
  /** Gives a pending code back (the member pressed "cancel"): it stays unused but no longer waits for them. */
  releaseCode(id: number, redeemerId: number): Promise<void>;
  countAttempts(memberId: number, since: Date): Promise<number>;
  recordAttempt(memberId: number, at: Date): Promise<void>;
  /**
   * One transaction: uses the code pending for `redeemerId` and merges the redeemer's learner into the
   * issuer's (mergeLearners). Nothing changes when the code is not pending for them any more.
   */
  link(codeId: number, redeemerId: number, now: Date, rebuild: CardRebuild): Promise<LinkWrite>;
  /**
   * Merges learner `from` into `into`, one transaction: a question only one deck has keeps its card; a
   * question both reviewed gets one card holding both logs, rebuilt from them in review order (`rebuild`),
   * with the earlier first-seen date; practice attempts, mock interviews and review sessions move; one
   * reminder is kept; running reviews end. It takes both learners' locks first, as a grade does, so a grade
   * landing meanwhile waits and then lands on the merged deck. Idempotent: a learner already merged is
   * gone, and nothing happens.
   */
  mergeLearners(into: number, from: number, rebuild: CardRebuild): Promise<void>;
  /** Moves the identity to a fresh learner of its own; null when it is its learner's only identity. */
  unlink(memberId: number, now: Date): Promise<{ learnerId: number } | null>;
  exportLearner(memberId: number): Promise<LearnerExport>;
  /** Deletes the learner of `memberId` and every identity of it; their chat answers stay, anonymised. */
  forget(memberId: number, now: Date): Promise<ForgetWrite>;
}
