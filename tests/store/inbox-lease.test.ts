import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { holdLease } from "../../src/runtime/lease.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.dispose());
beforeEach(async () => {
  await db.prisma.inboxUpdate.deleteMany();
  await db.prisma.processLease.deleteMany();
});

const entry = (updateId: number) => ({ updateId, payload: JSON.stringify({ update_id: updateId }) });

describe("the update inbox", () => {
  it("stores a batch once, returns what is still to handle in order, and never returns a handled update again", async () => {
    expect(await db.inbox.add("telegram", [entry(3), entry(1), entry(2), entry(1)])).toEqual([entry(1), entry(2), entry(3)]);
    expect(await db.inbox.lastUpdateId("telegram")).toBe(3);
    expect(await db.inbox.markHandled("telegram", 2)).toBe(true);
    expect(await db.inbox.markHandled("telegram", 2)).toBe(false); // settled once: a second toast is skipped on this
    // Telegram redelivers 1–3 (the offset never confirmed them) plus a new one: 2 is done, 1 and 3 are still to handle.
    expect(await db.inbox.add("telegram", [entry(1), entry(2), entry(3), entry(4)])).toEqual([entry(1), entry(3), entry(4)]);
    expect(await db.prisma.inboxUpdate.count()).toBe(4);
    expect(await db.inbox.pending("telegram")).toEqual([entry(1), entry(3), entry(4)]);
    expect(await db.inbox.pending("discord")).toEqual([]);
    expect(await db.inbox.pending("telegram", { receivedBefore: new Date(Date.now() - 60_000) })).toEqual([]);
  });

  it("keeps the first stored payload when two writers store the same update at once", async () => {
    const results = await Promise.all([db.inbox.add("telegram", [entry(7), entry(8)]), db.inbox.add("telegram", [entry(8), entry(9)])]);
    expect(results.map((r) => r.map((e) => e.updateId))).toEqual([[7, 8], [8, 9]]);
    expect((await db.inbox.pending("telegram")).map((e) => e.updateId)).toEqual([7, 8, 9]);
  });

  it("prunes handled updates older than the cut-off, never unhandled ones", async () => {
    await db.inbox.add("telegram", [entry(1), entry(2)]);
    await db.inbox.markHandled("telegram", 1);
    expect(await db.inbox.prune(new Date(Date.now() - 60_000))).toBe(0);
    expect(await db.inbox.prune(new Date(Date.now() + 60_000))).toBe(1);
    expect((await db.inbox.pending("telegram")).map((e) => e.updateId)).toEqual([2]);
  });
});

describe("process leases", () => {
  it("lets one holder at a time take a lease, renew it, and lose it to another once it expired or was released", async () => {
    const t0 = new Date("2026-05-01T00:00:00Z");
    const at = (s: number) => new Date(t0.getTime() + s * 1000);
    const both = await Promise.all([db.leases.acquire("poller", "a", t0, at(15)), db.leases.acquire("poller", "b", t0, at(15))]);
    expect(both.filter(Boolean)).toHaveLength(1);
    const [winner, loser] = both[0] ? ["a", "b"] : ["b", "a"];
    expect(await db.leases.acquire("poller", winner!, at(5), at(20))).toBe(true); // renewed
    expect(await db.leases.acquire("poller", loser!, at(19), at(34))).toBe(false);
    expect(await db.leases.acquire("poller", loser!, at(20), at(35))).toBe(true); // expired: taken over
    expect(await db.leases.acquire("poller", winner!, at(21), at(36))).toBe(false);
    await db.leases.release("poller", winner!); // not the holder: nothing happens
    expect(await db.leases.acquire("poller", winner!, at(22), at(37))).toBe(false);
    await db.leases.release("poller", loser!);
    expect(await db.leases.acquire("poller", winner!, at(23), at(38))).toBe(true);
  });

  it("runs the job in one of two contenders, and in the other once the first stops", async () => {
    const timing = { ttlMs: 400, renewMs: 50 };
    const running: string[] = [];
    const contender = (name: string) =>
      holdLease(db.leases, "job", name, timing, {
        onElected: (signal) =>
          new Promise<void>((resolve) => {
            running.push(name);
            signal.addEventListener("abort", () => resolve());
          }),
      });
    const a = contender("a");
    const b = contender("b");
    await expect.poll(() => running.length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(running).toHaveLength(1); // renewed, never both
    const [first] = running;
    await (first === "a" ? a : b).stop();
    await expect.poll(() => running.length, { timeout: 2_000 }).toBe(2);
    expect(running[1]).not.toBe(first);
    await (first === "a" ? b : a).stop();
    expect(await db.prisma.processLease.count()).toBe(0);
  });
});
