import { fail, ok, type Result } from "../errors.js";
import type { ChatRecord, Clock } from "../ports.js";
import type { ChatRef, MemberRef } from "../types.js";

/**
 * The optional discussion thread on each daily post: a chat setting of its own (`/settings thread on`),
 * kept beside the chat's other settings by its own narrow port. Platforms with threads (Discord) open
 * one after a successful daily post; the others ignore the setting.
 */
export interface DailyThreadStore {
  /** Whether the chat opens a thread on each daily post; false for a chat that never chose. */
  dailyThreads(chatId: number): Promise<boolean>;
  setDailyThreads(chatId: number, enabled: boolean, at: Date): Promise<void>;
}

export interface DailyThreadsDeps {
  /** Absent: the database offers no thread setting; every chat reads "off" and changing it is refused. */
  store?: DailyThreadStore;
  clock: Clock;
  chat(ref: ChatRef): Promise<ChatRecord>;
}

export class DailyThreads {
  constructor(private readonly deps: DailyThreadsDeps) {}

  async enabled(chat: ChatRecord): Promise<boolean> {
    return (await this.deps.store?.dailyThreads(chat.id)) ?? false;
  }

  /** Switches the thread per daily post on or off; only members the platform reports as admins may. */
  async set(chatRef: ChatRef, memberRef: MemberRef, enabled: boolean): Promise<Result<boolean>> {
    if (!memberRef.isAdmin) return fail("NOT_ADMIN");
    const { store } = this.deps;
    if (!store) return fail("INVALID_ARGUMENT", { field: "dailyThreads" });
    const chat = await this.deps.chat(chatRef);
    await store.setDailyThreads(chat.id, enabled, this.deps.clock.now());
    return ok(enabled);
  }
}
