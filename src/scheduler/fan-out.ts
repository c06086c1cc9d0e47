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
  await fanOutPaged([...queues.values()], limit, work, onError);
}

/**
 * fanOut for rows read page by page (or already in memory, as fanOut's queues): one source per platform,
 * each drained by at most `limit` workers, the sources side by side. A worker takes the next row when it
 * frees up, so only the rows in flight and a source's current page are held, however many rows there are
 * (10,000 due chats read at once were held for the whole tick). A source that fails stops its platform;
 * the rest finish first, then it rethrows.
 */
export async function fanOutPaged<T>(
  sources: readonly (AsyncIterable<T> | Iterable<T>)[],
  limit: number,
  work: (item: T) => Promise<void>,
  onError: (item: T, error: unknown) => void,
): Promise<void> {
  const drained = await Promise.allSettled(
    sources.map((source) => drainPaged(Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator](), limit, work, onError)),
  );
  for (const result of drained) if (result.status === "rejected") throw result.reason;
}

async function drainPaged<T>(rows: AsyncIterator<T> | Iterator<T>, limit: number, work: (item: T) => Promise<void>, onError: (item: T, error: unknown) => void): Promise<void> {
  // An async generator answers concurrent next() calls in order, each with its own row (an array's iterator at once).
  const worker = async () => {
    for (let next = await rows.next(); !next.done; next = await rows.next()) {
      try {
        await work(next.value);
      } catch (error) {
        onError(next.value, error);
      }
    }
  };
  const workers = await Promise.allSettled(Array.from({ length: limit }, worker));
  const failed = workers.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
}
