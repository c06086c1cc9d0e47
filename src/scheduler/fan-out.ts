import type { Platform } from "../engine/types.js";

/**
 * Runs `work` for every item, at most `limit` at a time per platform, the platforms side by side.
 * A slow or failing item holds one slot only, so it never holds up the rest; `work` reports its own
 * failures (a rejection is handed to `onError` and the queue goes on).
 */
export async function fanOut<T>(
  items: readonly T[],
  platformOf: (item: T) => Platform,
  limit: number,
  work: (item: T) => Promise<void>,
  onError: (item: T, error: unknown) => void,
): Promise<void> {
  const queues = new Map<Platform, T[]>();
  for (const item of items) {
    const platform = platformOf(item);
    const queue = queues.get(platform) ?? [];
    queue.push(item);
    queues.set(platform, queue);
  }
  await Promise.all([...queues.values()].map((queue) => drain(queue, limit, work, onError)));
}

async function drain<T>(queue: readonly T[], limit: number, work: (item: T) => Promise<void>, onError: (item: T, error: unknown) => void): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const item = queue[next++]!;
      try {
        await work(item);
      } catch (error) {
        onError(item, error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, worker));
}
