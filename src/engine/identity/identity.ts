import { fail, ok, type Result } from "../errors.js";
import type { MemberStore } from "../ports/members.js";
import type { CardRebuild } from "../review/ports.js";
import { rescheduleCard } from "../review/scheduling.js";
import type { Clock } from "../ports.js";
import { PLATFORMS, type MemberRef, type Platform } from "../types.js";
import { canonicalLinkCode, cryptoRandomBytes, hashLinkCode, newLinkCode, type RandomBytes } from "./codes.js";
import type { ForgetWrite, IdentityRecord, IdentityStore, LearnerExport } from "./ports.js";

/** A code is valid this long after it was given. */
export const LINK_CODE_TTL_MINUTES = 10;
/** Wrong codes a member may type within the window; the next attempt is refused without looking. */
export const LINK_ATTEMPT_LIMIT = 5;
export const LINK_ATTEMPT_WINDOW_MINUTES = 10;
/** A /forgetme confirmation button is valid this long. */
export const FORGET_CONFIRM_MINUTES = 10;

const MINUTE = 60_000;

export interface IdentityDeps {
  /** Absent: the database has no identity tables; every call fails with NOT_LINKED and `enabled` is false. */
  store?: IdentityStore;
  directory: MemberStore;
  clock: Clock;
  /** Cryptographic randomness for codes (Web Crypto by default). */
  randomBytes?: RandomBytes;
  /** How a merged card is rebuilt from both decks' logs: the review deck's own (Reviews.rescheduled); default parameters when absent. */
  rebuild?: CardRebuild;
}

export interface IssuedCode {
  code: string;
  expiresAt: Date;
  /** What is linked already (this identity first). */
  identities: IdentityRecord[];
}

/** A code typed on another platform, waiting for the button: whose it is. */
export interface PendingLink {
  codeId: number;
  issuer: IdentityRecord;
  redeemer: IdentityRecord;
}

export interface UnlinkOutcome {
  platform: Platform;
  /** The identities the learner keeps. */
  remaining: IdentityRecord[];
}

/** The JSON export of /mydata. */
export interface DataExport extends LearnerExport {
  exportedAt: Date;
  format: "studybot-export/1";
}

/**
 * One learner, every platform: link codes and their confirmation, unlinking, the learner's data export
 * and erasure. Codes live in the database (a restart or another process redeems them); only their hash
 * is stored; each is valid 10 minutes and used once, and a member gets 5 wrong tries per 10 minutes.
 */
export class Identities {
  private readonly random: RandomBytes;
  private readonly rebuild: CardRebuild;

  constructor(private readonly deps: IdentityDeps) {
    this.random = deps.randomBytes ?? cryptoRandomBytes;
    this.rebuild = deps.rebuild ?? ((logs) => rescheduleCard(logs, logs[0]!.review));
  }

  get enabled(): boolean {
    return this.deps.store !== undefined;
  }

  private get store(): IdentityStore {
    if (!this.deps.store) throw new Error("the engine was built without an identity store");
    return this.deps.store;
  }

  /** The identities linked to this member's learner, this one first. */
  async linked(memberRef: MemberRef): Promise<IdentityRecord[]> {
    const member = await this.deps.directory.ensureMember(memberRef);
    return thisFirst(await this.store.identities(member.id), member.id);
  }

  /** A fresh code for this identity (any earlier unused one stops working). */
  async issueCode(memberRef: MemberRef): Promise<Result<IssuedCode>> {
    const member = await this.deps.directory.ensureMember(memberRef);
    const now = this.deps.clock.now();
    const code = newLinkCode(this.random);
    const expiresAt = new Date(now.getTime() + LINK_CODE_TTL_MINUTES * MINUTE);
    await this.store.issueCode(member.id, await hashLinkCode(code), now, expiresAt);
    return ok({ code, expiresAt, identities: thisFirst(await this.store.identities(member.id), member.id) });
  }

  /**
   * A code typed by this identity: when it is live and links two different learners without two identities
   * of one platform, it waits for this member's confirmation (confirm). A wrong, expired or used code counts
   * as a wrong attempt.
   */
  async redeem(memberRef: MemberRef, typed: string): Promise<Result<PendingLink>> {
    const member = await this.deps.directory.ensureMember(memberRef);
    const now = this.deps.clock.now();
    const since = new Date(now.getTime() - LINK_ATTEMPT_WINDOW_MINUTES * MINUTE);
    if ((await this.store.countAttempts(member.id, since)) >= LINK_ATTEMPT_LIMIT) return fail("LINK_TOO_MANY_ATTEMPTS", { minutes: LINK_ATTEMPT_WINDOW_MINUTES });
    const canonical = canonicalLinkCode(typed);
    const code = canonical ? await this.store.findCode(await hashLinkCode(canonical)) : null;
    const live = code && code.usedAt === null && code.expiresAt > now && (code.redeemerId === null || code.redeemerId === member.id);
    if (!code || !live) {
      await this.store.recordAttempt(member.id, now);
      return fail("LINK_CODE_INVALID");
    }
    if (code.memberId === member.id) return fail("LINK_SELF");
    const [mine, theirs] = await Promise.all([this.store.identities(member.id), this.store.identities(code.memberId)]);
    if (mine.some((identity) => identity.memberId === code.memberId)) return fail("ALREADY_LINKED");
    if (mine.some((a) => theirs.some((b) => a.platform === b.platform))) return fail("LINK_SAME_PLATFORM");
    if (!(await this.store.claimCode(code.id, member.id, now))) {
      await this.store.recordAttempt(member.id, now);
      return fail("LINK_CODE_INVALID");
    }
    return ok({ codeId: code.id, issuer: theirs.find((identity) => identity.memberId === code.memberId)!, redeemer: mine.find((identity) => identity.memberId === member.id)! });
  }

  /** The confirmation button: links the two learners (one transaction); a second press changes nothing. */
  async confirm(memberRef: MemberRef, codeId: number): Promise<Result<IdentityRecord[]>> {
    const member = await this.deps.directory.ensureMember(memberRef);
    const written = await this.store.link(codeId, member.id, this.deps.clock.now(), this.rebuild);
    if (!written.linked) return fail(written.reason === "already" ? "ALREADY_LINKED" : written.reason === "same_platform" ? "LINK_SAME_PLATFORM" : "STALE");
    return ok(thisFirst(await this.store.identities(member.id), member.id));
  }

  /** The cancel button: the code stays unused (it may still be typed by this member until it expires). */
  async cancel(memberRef: MemberRef, codeId: number): Promise<Result<true>> {
    const member = await this.deps.directory.ensureMember(memberRef);
    const code = await this.store.code(codeId);
    if (!code || code.redeemerId !== member.id || code.usedAt !== null) return fail("STALE");
    await this.store.releaseCode(codeId, member.id);
    return ok(true);
  }

  /** Separates this learner's identity on `platform`: its future activity is its own; history stays. */
  async unlink(memberRef: MemberRef, platformName: string): Promise<Result<UnlinkOutcome>> {
    const platform = platformName.trim().toLowerCase() as Platform;
    if (!(PLATFORMS as readonly string[]).includes(platform)) return fail("INVALID_ARGUMENT", { field: "platform" });
    const member = await this.deps.directory.ensureMember(memberRef);
    const identities = await this.store.identities(member.id);
    const leaving = identities.find((identity) => identity.platform === platform);
    if (!leaving || identities.length < 2) return fail("NOT_LINKED", { platform });
    if (!(await this.store.unlink(leaving.memberId, this.deps.clock.now()))) return fail("NOT_LINKED", { platform });
    const stays = identities.find((identity) => identity.memberId !== leaving.memberId)!;
    return ok({ platform, remaining: thisFirst(await this.store.identities(stays.memberId), member.id) });
  }

  /** Everything stored about this member's learner (/mydata). */
  async export(memberRef: MemberRef): Promise<DataExport> {
    const member = await this.deps.directory.ensureMember(memberRef);
    return { format: "studybot-export/1", exportedAt: this.deps.clock.now(), ...(await this.store.exportLearner(member.id)) };
  }

  /** The minute a /forgetme confirmation is issued at (the button carries it: a stale button does nothing). */
  forgetStamp(): number {
    return Math.floor(this.deps.clock.now().getTime() / MINUTE);
  }

  /** The confirmed /forgetme: only from a button issued within the last 10 minutes. */
  async forget(memberRef: MemberRef, stamp: number): Promise<Result<ForgetWrite>> {
    const age = this.forgetStamp() - stamp;
    if (age < 0 || age > FORGET_CONFIRM_MINUTES) return fail("STALE");
    const member = await this.deps.directory.ensureMember(memberRef);
    return ok(await this.store.forget(member.id, this.deps.clock.now()));
  }

  /** The operator's erasure (npm run member:forget -- <platform>:<id>): nothing is created for an unknown identity. */
  async forgetIdentity(platform: string, externalId: string): Promise<Result<ForgetWrite>> {
    const found = await this.store.findMember(platform, externalId);
    if (!found) return fail("UNKNOWN_MEMBER", { name: `${platform}:${externalId}` });
    return ok(await this.store.forget(found.memberId, this.deps.clock.now()));
  }
}

function thisFirst(identities: IdentityRecord[], memberId: number): IdentityRecord[] {
  return [...identities.filter((identity) => identity.memberId === memberId), ...identities.filter((identity) => identity.memberId !== memberId)];
}
