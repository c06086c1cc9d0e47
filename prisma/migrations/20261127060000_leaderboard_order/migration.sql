-- DropIndex
DROP INDEX "ScoreTotal_chatId_period_points_reachedAt_idx";

-- CreateIndex
CREATE INDEX "ScoreTotal_chatId_period_points_reachedAt_memberId_idx" ON "ScoreTotal"("chatId", "period", "points" DESC, "reachedAt", "memberId");

