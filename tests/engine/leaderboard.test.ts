import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scorePeriods } from "../../src/engine/daily.js";
import { Engine } from "../../src/engine/engine.js";
import type { ChatRef, MemberRef } from "../../src/engine/types.js";
import { fixtureBank } from "../support/bank.js";
import { DAY, seededRandom, TestClock } from "../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const chat: ChatRef = { platform: "telegram", externalId: "group" };
const member = (n: number): MemberRef => ({ platform: "telegram", externalId: String(n), displayName: `m${n}` });

let db: TestDatabase;
let clock: TestClock;
let engine: Engine;

beforeEach(async () => {
  db = await createTestDatabase();
  clock = new TestClock("2026-06-01T03:00:00Z"); // Monday 11:00 in Shanghai
  engine = new Engine({ bank: fixtureBank(), store: db.store, clock, random: seededRandom(11) });
});
afterEach(() => db.dispose());

/** Gives a member `points` in the chat at the clock's instant, through the real store transaction. */
async function award(m: MemberRef, points: number) {
  const chatRecord = await engine.chat(chat);
  const memberRecord = await db.store.ensureMember(m);
  await db.store.transaction((tx) => tx.addPoints({ chatId: chatRecord.id, memberId: memberRecord.id, points, periods: scorePeriods(clock.now(), chatRecord.timeZone), at: clock.now() }));
}

async function board(m: MemberRef, period: "week" | "month" | "all" = "week") {
  const result = await engine.leaderboard(chat, m, period);
  if (!result.ok) throw new Error(result.code);
  return result.value;
}

describe("leaderboards", () => {
  it("order by points, then by who reached them first, then by member; the same points share a rank", async () => {
    await award(member(1), 10);
    clock.advance(1000);
    await award(member(2), 15);
    clock.advance(1000);
    await award(member(3), 10);
    await award(member(4), 10); // the same instant as member 3: the lower member id is listed first
    await award(member(5), 4);
    const { entries, me } = await board(member(1));
    expect(entries.map((e) => [e.rank, e.displayName, e.points, e.tied])).toEqual([
      [1, "m2", 15, false],
      [2, "m1", 10, true],
      [2, "m3", 10, true],
      [2, "m4", 10, true],
      [5, "m5", 4, false],
    ]);
    expect(me).toMatchObject({ displayName: "m1", rank: 2, tied: true });
  });

  it("give a caller below the top the rank shared with everyone on their points", async () => {
    for (let n = 1; n <= 12; n++) await award(member(n), n <= 9 ? 100 - n : 50);
    await award(member(13), 40);
    const result = await board(member(12));
    expect(result.entries.map((e) => e.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // The tenth shown is tied with the two below the top ten; the caller below shares their rank.
    expect(result.entries[9]).toMatchObject({ displayName: "m10", rank: 10, tied: true });
    expect(result.me).toMatchObject({ displayName: "m12", rank: 10, points: 50, tied: true });
    expect((await board(member(13))).me).toMatchObject({ rank: 13, points: 40, tied: false });
  });

  it("show the top 10 plus the caller's own rank below them", async () => {
    for (let n = 1; n <= 14; n++) {
      await award(member(n), 100 - n);
      clock.advance(1000);
    }
    const result = await board(member(13));
    expect(result.entries).toHaveLength(10);
    expect(result.entries[0]).toMatchObject({ displayName: "m1", points: 99, rank: 1 });
    expect(result.me).toMatchObject({ displayName: "m13", rank: 13, points: 87 });
    expect((await board(member(99))).me).toBeNull();
  });

  it("start a new week on Monday in the chat's zone while all-time keeps counting", async () => {
    await award(member(1), 10);
    clock.advance(7 * DAY);
    await award(member(2), 3);
    expect((await board(member(1), "week")).entries.map((e) => e.displayName)).toEqual(["m2"]);
    expect((await board(member(1), "all")).entries.map((e) => [e.displayName, e.points])).toEqual([
      ["m1", 10],
      ["m2", 3],
    ]);
    expect((await board(member(1), "month")).periodKey).toBe("2026-06");
  });

  it("keep chats apart", async () => {
    await award(member(1), 10);
    const other = await engine.leaderboard({ platform: "telegram", externalId: "other" }, member(1), "all");
    expect(other.ok && other.value.entries).toEqual([]);
  });
});
