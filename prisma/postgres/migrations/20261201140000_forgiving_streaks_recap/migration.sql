-- Derived from prisma/migrations/20261201140000_forgiving_streaks_recap by `npm run db:derive-postgres`.
-- AlterTable
ALTER TABLE "Chat" ADD COLUMN     "recapDay" INTEGER DEFAULT 1,
ADD COLUMN     "restDays" TEXT,
ADD COLUMN     "streakFreezes" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "streakRulesFrom" TEXT;

-- AlterTable
ALTER TABLE "MemberStats" ADD COLUMN     "freezeProgress" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "freezesHeld" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "frozenInRow" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "frozenInRun" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "WeeklyRecap" (
    "id" SERIAL NOT NULL,
    "chatId" INTEGER NOT NULL,
    "week" TEXT NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL,
    "messageId" TEXT,
    "sentAt" TIMESTAMP(3),
    "lastError" TEXT,

    CONSTRAINT "WeeklyRecap_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "WeeklyRecap_chatId_week_key" ON "WeeklyRecap"("chatId", "week");

-- AddForeignKey
ALTER TABLE "WeeklyRecap" ADD CONSTRAINT "WeeklyRecap_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Upgrade (added by hand, as in the SQLite migration): the new streak rules apply only to days after each
-- chat's latest daily question, so every current streak stays what it was.
UPDATE "Chat" SET "streakRulesFrom" = (SELECT MAX("localDate") FROM "DailyQuestion" WHERE "DailyQuestion"."chatId" = "Chat"."id");
