import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { StreakState } from "../../src/engine/ports.js";
import { deriveStreak, streakAsOf, streakRulesOf } from "../../src/engine/streak.js";
import { addDays } from "../../src/engine/time.js";

const MIGRATIONS = path.resolve("prisma/migrations");
const UPGRADE = "20261201140000_forgiving_streaks_recap";

/**
 * The upgrade to derived streaks on a database with history: the migration keeps every current streak, and
 * the derivation over the stored answers (with the chat's rules after the upgrade) gives the cached values.
 */
describe("the forgiving-streaks upgrade migration", () => {
  it("changes no current streak: a member whose history would earn a freeze keeps the streak the old rules gave", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "studybot-upgrade-"));
    try {
      const db = new Database(path.join(dir, "upgrade.db"));
      const names = readdirSync(MIGRATIONS).filter((name) => /^\d{14}_/.test(name)).sort();
      for (const name of names.filter((n) => n < UPGRADE)) db.exec(readFileSync(path.join(MIGRATIONS, name, "migration.sql"), "utf8"));
      // Old rules: ten days, one missed day, three days: current 3, longest 10.
      const dates = [...Array.from({ length: 10 }, (_, i) => addDays("2026-11-01", i)), ...Array.from({ length: 3 }, (_, i) => addDays("2026-11-12", i))];
      db.prepare(`INSERT INTO "Chat" ("id", "platform", "externalId") VALUES (1, 'telegram', 'g'), (2, 'telegram', 'empty')`).run();
      db.prepare(`INSERT INTO "Member" ("id", "platform", "externalId", "displayName") VALUES (1, 'telegram', 'u', 'alice')`).run();
      dates.forEach((date, i) => {
        db.prepare(`INSERT INTO "DailyQuestion" ("id", "chatId", "localDate", "questionId", "mode", "postedAt") VALUES (?, 1, ?, 'q1', 'choice', '2026-11-01T01:00:00.000+00:00')`).run(i + 1, date);
        db.prepare(`INSERT INTO "DailyAnswer" ("dailyQuestionId", "memberId", "response", "correct", "points", "streak", "answeredAt") VALUES (?, 1, '0', 1, 10, 1, '2026-11-01T02:00:00.000+00:00')`).run(i + 1);
      });
      db.prepare(`INSERT INTO "MemberStats" ("chatId", "memberId", "currentStreak", "longestStreak", "lastStreakDate", "dailyAnswers", "dailyCorrect") VALUES (1, 1, 3, 10, '2026-11-14', 13, 13)`).run();

      db.exec(readFileSync(path.join(MIGRATIONS, UPGRADE, "migration.sql"), "utf8"));

      const chats = db.prepare(`SELECT "id", "streakFreezes", "restDays", "streakRulesFrom" FROM "Chat" ORDER BY "id"`).all() as { id: number; streakFreezes: number; restDays: string | null; streakRulesFrom: string | null }[];
      expect(chats).toEqual([
        { id: 1, streakFreezes: 1, restDays: null, streakRulesFrom: "2026-11-14" },
        { id: 2, streakFreezes: 1, restDays: null, streakRulesFrom: null },
      ]);
      const cached = db.prepare(`SELECT "currentStreak", "longestStreak", "lastStreakDate", "freezesHeld", "freezeProgress", "frozenInRow", "frozenInRun" FROM "MemberStats"`).get() as StreakState;
      db.close();
      const rules = streakRulesOf({ restDays: [], streakFreezes: true, streakRulesFrom: chats[0]!.streakRulesFrom });
      // The day after the last daily is open: nothing judged yet. The cache and the derivation agree, at 3.
      const derived = deriveStreak(dates, "2026-11-15", rules);
      expect(derived.state).toEqual(streakAsOf(cached, "2026-11-15", rules));
      expect(derived.state).toMatchObject({ currentStreak: 3, longestStreak: 10, freezesHeld: 0 });
      // Without the upgrade date, the freeze the first ten days earn would have covered 11-11 and made it 13.
      expect(deriveStreak(dates, "2026-11-15", { ...rules, from: null }).state.currentStreak).toBe(13);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
