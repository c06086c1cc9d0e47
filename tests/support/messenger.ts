import type { Destination, Messenger, OutgoingMessage } from "../../src/engine/types.js";

export interface RecordedMessage {
  id: string;
  to: Destination;
  message: OutgoingMessage;
}

export interface RecordedEdit {
  to: Destination;
  messageId: string;
  message: OutgoingMessage;
}

/**
 * A fake chat platform in memory: it accepts sends and edits and remembers them, and can be told to
 * refuse (throw a DeliveryError or any error) or to keep a send waiting, per chat.
 */
export class RecordingMessenger implements Messenger {
  readonly sent: RecordedMessage[] = [];
  readonly edits: RecordedEdit[] = [];
  private readonly failures = new Map<string, Error[]>();
  private readonly held = new Map<string, Promise<void>>();
  private nextId = 1;

  async send(to: Destination, message: OutgoingMessage): Promise<string> {
    await this.held.get(to.chat.externalId);
    this.throwIfFailing(to);
    const id = `m${this.nextId++}`;
    this.sent.push({ id, to, message });
    return id;
  }

  async edit(to: Destination, messageId: string, message: OutgoingMessage): Promise<void> {
    this.throwIfFailing(to);
    if (!this.sent.some((m) => m.id === messageId)) throw new Error(`edit of unknown message ${messageId}`);
    this.edits.push({ to, messageId, message });
  }

  /** The next sends or edits to the chat fail with these errors, one each, in order. */
  failNext(externalId: string, ...errors: Error[]): void {
    this.failures.set(externalId, [...(this.failures.get(externalId) ?? []), ...errors]);
  }

  /** The chat takes messages again. */
  recover(externalId: string): void {
    this.failures.delete(externalId);
  }

  /** Sends to the chat wait until the returned function is called. */
  hold(externalId: string): () => void {
    let release!: () => void;
    this.held.set(externalId, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      this.held.delete(externalId);
      release();
    };
  }

  sentTo(externalId: string): RecordedMessage[] {
    return this.sent.filter((m) => m.to.chat.externalId === externalId);
  }

  private throwIfFailing(to: Destination): void {
    const error = this.failures.get(to.chat.externalId)?.shift();
    if (error) throw error;
  }
}
