import type { MemberRef } from "../types.js";

/** Members: one record per platform account, its display name kept current. */

export interface MemberRecord {
  id: number;
  ref: MemberRef;
}

export interface MemberStore {
  ensureMember(ref: MemberRef): Promise<MemberRecord>;
}
