-- Derived from prisma/migrations/20261127030000_daily_delivery by `npm run db:derive-postgres`.
-- AlterTable
ALTER TABLE "Chat" ADD COLUMN     "dailyTopics" TEXT,
ADD COLUMN     "nextDailyAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "DailyQuestion" ADD COLUMN     "lastError" TEXT,
ADD COLUMN     "nextAttemptAt" TIMESTAMP(3),
ADD COLUMN     "revealDueAt" TIMESTAMP(3),
ADD COLUMN     "sendAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "sendLeaseUntil" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Chat_dailyEnabled_nextDailyAt_idx" ON "Chat"("dailyEnabled", "nextDailyAt");

-- CreateIndex
CREATE INDEX "DailyQuestion_revealDueAt_idx" ON "DailyQuestion"("revealDueAt");

-- CreateIndex
CREATE INDEX "DailyQuestion_nextAttemptAt_idx" ON "DailyQuestion"("nextAttemptAt");

