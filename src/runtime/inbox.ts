/**
 * The update inbox port: platform updates are written here, durably, before the platform is told they
 * arrived (Telegram: before the next getUpdates offset confirms them, or before a webhook POST is
 * answered), handled from here, and marked handled. A crash at any point leaves an update either
 * unconfirmed (the platform sends it again) or in the inbox (handled on the next start), never lost.
 */
export interface InboxEntry {
  updateId: number;
  /** The update as the platform sent it (JSON). */
  payload: string;
}

export interface UpdateInbox {
  /**
   * Stores a batch (one write; an update already stored is kept as it is) and returns the entries
   * still to handle: those not handled yet, in update order. A redelivered update that was handled
   * before is not returned.
   */
  add(platform: string, entries: readonly InboxEntry[]): Promise<InboxEntry[]>;
  /** Updates stored but not handled (a crash, or a process that lost its turn), oldest first. `receivedBefore` leaves recent ones alone. */
  pending(platform: string, options?: { receivedBefore?: Date; limit?: number }): Promise<InboxEntry[]>;
  /** Marks an update handled; true when this call did it (false: it already was). */
  markHandled(platform: string, updateId: number): Promise<boolean>;
  /** The highest update id stored (handled or not), to confirm everything stored on the next fetch. */
  lastUpdateId(platform: string): Promise<number | undefined>;
  /** Forgets handled updates older than `before`; returns how many. */
  prune(before: Date): Promise<number>;
}
