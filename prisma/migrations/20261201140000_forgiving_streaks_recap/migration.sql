-- Forgiving streaks (freezes, rest days), the weekly recap.
-- Columns are added with ALTER TABLE ... ADD COLUMN (constant defaults), not by redefining the tables, so
-- migrations of other changes to Chat and MemberStats merge with this one.

-- AlterTable
ALTER TABLE "Chat" ADD COLUMN "streakFreezes" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "Chat" ADD COLUMN "restDays" TEXT;
ALTER TABLE "Chat" ADD COLUMN "recapDay" INTEGER DEFAULT 1;
ALTER TABLE "Chat" ADD COLUMN "streakRulesFrom" TEXT;

-- AlterTable
ALTER TABLE "MemberStats" ADD COLUMN "freezesHeld" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "MemberStats" ADD COLUMN "freezeProgress" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "MemberStats" ADD COLUMN "frozenInRow" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "MemberStats" ADD COLUMN "frozenInRun" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "WeeklyRecap" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "chatId" INTEGER NOT NULL,
    "week" TEXT NOT NULL,
    "claimedAt" DATETIME NOT NULL,
    "messageId" TEXT,
    "sentAt" DATETIME,
    "lastError" TEXT,
    CONSTRAINT "WeeklyRecap_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "WeeklyRecap_chatId_week_key" ON "WeeklyRecap"("chatId", "week");

-- Upgrade: the new rules apply only to days after each chat's latest daily question, so every current
-- streak stays what it was (the cached fold state above starts with no freezes, as the derivation does).
UPDATE "Chat" SET "streakRulesFrom" = (SELECT MAX("localDate") FROM "DailyQuestion" WHERE "DailyQuestion"."chatId" = "Chat"."id");
