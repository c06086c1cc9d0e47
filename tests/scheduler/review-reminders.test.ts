import { REST } from "discord.js";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DiscordMessenger } from "../../src/adapters/discord/messenger.js";
import { restOptions } from "../../src/adapters/discord/rest.js";
import { Engine } from "../../src/engine/engine.js";
import type { NothingDue } from "../../src/engine/review/reviews.js";
import { DeliveryError, type ChatRef, type MemberRef, type Messenger, type Platform } from "../../src/engine/types.js";
import { ReviewReminders } from "../../src/scheduler/review-reminders.js";
import { fixtureBank } from "../support/bank.js";
import { seededRandom, TestClock } from "../support/clock.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { dmChannelOf, FakeDiscord } from "../support/fake-discord.js";
import { RecordingMessenger } from "../support/messenger.js";

const group: ChatRef = { platform: "telegram", externalId: "-100" };
const alice: MemberRef = { platform: "telegram", externalId: "11", displayName: "alice" };
const bob: MemberRef = { platform: "telegram", externalId: "12", displayName: "bob" };
const log = pino({ level: "silent" });

let db: TestDatabase;
let clock: TestClock;
let engine: Engine;

beforeEach(async () => {
  db = await createTestDatabase();
  clock = new TestClock("2026-05-04T02:00:00Z");
  engine = new Engine({ bank: fixtureBank(), store: db.store, review: db.stores.review, clock, random: seededRandom(7) });
});
afterEach(() => db.dispose());

async function missDaily(chat: ChatRef, member: MemberRef) {
  const daily = await engine.currentDaily(chat);
  if (!daily.ok) throw new Error(daily.code);
  const q = daily.value.question;
  const wrong = daily.value.daily.mode === "choice" ? { kind: "choice" as const, index: (q.item!.correct + 1) % 4 } : { kind: "recall" as const, grade: "forgot" as const };
  expect((await engine.answerDaily(chat, member, wrong)).ok).toBe(true);
}

const reminders = (messengers: Map<Platform, Messenger>) => new ReviewReminders({ engine, messengers, log, concurrency: 4 });

describe("review reminders", () => {
  it("once per member per local day, only with cards due, from any number of processes", async () => {
    const telegram = new RecordingMessenger();
    const messengers = new Map<Platform, Messenger>([["telegram", telegram]]);
    await missDaily(group, alice);
    await engine.review.remind(group, alice, "21:30");
    await engine.review.remind(group, bob, "21:30"); // bob has no cards: nothing to remind him of

    clock.set("2026-05-05T13:29:00Z");
    expect((await reminders(messengers).tick(clock.now())).sent).toBe(0);
    clock.set("2026-05-05T13:30:00Z");
    // Two processes tick the same minute, then a restarted one a minute later.
    const [a, b] = await Promise.all([reminders(messengers).tick(clock.now()), reminders(messengers).tick(clock.now())]);
    clock.set("2026-05-05T13:31:00Z");
    const c = await reminders(messengers).tick(clock.now());
    expect(a.sent + b.sent + c.sent).toBe(1);
    expect(telegram.sent.map((m) => [m.to.chat.externalId, m.message.text])).toEqual([["11", "📚 今天有 1 张卡片待复习。发送 /review 开始。"]]);

    clock.set("2026-05-06T13:30:00Z");
    expect((await reminders(messengers).tick(clock.now())).sent).toBe(1);
    expect(telegram.sent).toHaveLength(2);
  });

  it("a transient failure is retried the same day; a permanent refusal turns the reminder off and the member is told", async () => {
    const telegram = new RecordingMessenger();
    const messengers = new Map<Platform, Messenger>([["telegram", telegram]]);
    await missDaily(group, alice);
    await engine.review.remind(group, alice, "21:30", "Asia/Shanghai");
    clock.set("2026-05-05T13:30:00Z");
    telegram.failNext("11", new DeliveryError("network", "socket hang up"));
    expect((await reminders(messengers).tick(clock.now())).failed).toBe(1);
    clock.set("2026-05-05T13:36:00Z");
    expect((await reminders(messengers).tick(clock.now())).sent).toBe(1);

    clock.set("2026-05-06T13:30:00Z");
    telegram.failNext("11", new DeliveryError("forbidden", "Forbidden: bot was blocked by the user"));
    expect((await reminders(messengers).tick(clock.now())).failed).toBe(1);
    for (const day of ["2026-05-06T13:40:00Z", "2026-05-07T13:30:00Z", "2026-05-08T13:30:00Z"]) {
      clock.set(day);
      expect((await reminders(messengers).tick(clock.now())).sent).toBe(0);
    }
    expect(telegram.sent).toHaveLength(1);
    const next = await engine.review.start({ platform: "telegram", externalId: "11" }, alice);
    expect(next.ok ? next.value.reminderOff : (next.details as NothingDue).reminderOff).toBe("forbidden");
  });

  it("Discord: the reminder goes to the member's DM channel; closed DMs (50007) turn it off", async () => {
    const fake = await FakeDiscord.start();
    try {
      const discord = new DiscordMessenger(new REST({ ...restOptions(fake.base), retries: 0 }).setToken("test-token"));
      const messengers = new Map<Platform, Messenger>([["discord", discord]]);
      const server: ChatRef = { platform: "discord", externalId: "960000000000000001" };
      const carol: MemberRef = { platform: "discord", externalId: "1003", displayName: "carol" };
      const dave: MemberRef = { platform: "discord", externalId: "1004", displayName: "dave" };
      await missDaily(server, carol);
      await missDaily(server, dave);
      await engine.review.remind(server, carol, "21:30");
      await engine.review.remind(server, dave, "21:30");
      fake.closedDms.add("1004");
      clock.set("2026-05-05T13:30:00Z");
      const report = await reminders(messengers).tick(clock.now());
      expect(report).toMatchObject({ sent: 1, failed: 1 });
      const posted = fake.callsTo("POST", `/channels/${dmChannelOf("1003")}/messages`, 0);
      expect(posted).toHaveLength(1);
      expect(JSON.stringify(posted[0]!.body)).toContain("今天有 1 张卡片待复习");
      clock.set("2026-05-06T13:30:00Z");
      fake.closedDms.delete("1004");
      expect((await reminders(messengers).tick(clock.now())).sent).toBe(1); // carol again; dave's is off
    } finally {
      await fake.close();
    }
  });
});
