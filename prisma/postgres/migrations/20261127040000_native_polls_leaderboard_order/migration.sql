-- Derived from prisma/migrations/20261127040000_native_polls_leaderboard_order by `npm run db:derive-postgres`.
-- DropIndex
DROP INDEX "ScoreTotal_chatId_period_points_reachedAt_idx";

-- AlterTable
ALTER TABLE "Chat" ADD COLUMN     "dailyStyle" TEXT NOT NULL DEFAULT 'buttons';

-- CreateTable
CREATE TABLE "NativePoll" (
    "pollId" TEXT NOT NULL,
    "chatId" INTEGER NOT NULL,
    "messageId" TEXT NOT NULL,
    "actions" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NativePoll_pkey" PRIMARY KEY ("pollId")
);

-- CreateIndex
CREATE INDEX "NativePoll_chatId_messageId_idx" ON "NativePoll"("chatId", "messageId");

-- CreateIndex
CREATE INDEX "ScoreTotal_chatId_period_points_reachedAt_memberId_idx" ON "ScoreTotal"("chatId", "period", "points" DESC, "reachedAt", "memberId");

-- AddForeignKey
ALTER TABLE "NativePoll" ADD CONSTRAINT "NativePoll_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat"("id") ON DELETE CASCADE ON UPDATE CASCADE;

