import type { MemberRecord, MemberStore } from "../engine/ports.js";
import type { MemberRef } from "../engine/types.js";
import type { HotPath } from "./hot-path.js";

/** Members on the hot path's prepared statements: every answer looks its member up. */
export class PrismaMemberStore implements MemberStore {
  constructor(private readonly hotPath: HotPath) {}

  async ensureMember(ref: MemberRef): Promise<MemberRecord> {
    return { id: await this.hotPath.ensureMember(ref.platform, ref.externalId, ref.displayName, new Date()), ref };
  }
}
