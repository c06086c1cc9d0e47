import type { Api, RawApi } from "grammy";

/**
 * Who may change a group's settings, from getChatMember, remembered briefly so a burst of
 * /settings does not turn into a burst of API calls.
 */
export class AdminCache {
  private readonly known = new Map<string, { admin: boolean; until: number }>();

  constructor(
    private readonly api: Api<RawApi>,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async isAdmin(chatId: number, userId: number): Promise<boolean> {
    const key = `${chatId}:${userId}`;
    const cached = this.known.get(key);
    if (cached && cached.until > this.now()) return cached.admin;
    const member = await this.api.getChatMember(chatId, userId);
    const admin = member.status === "creator" || member.status === "administrator";
    this.known.set(key, { admin, until: this.now() + this.ttlMs });
    return admin;
  }
}
