-- DropIndex
DROP INDEX "ScoreTotal_chatId_period_points_reachedAt_idx";

-- CreateTable
CREATE TABLE "NativePoll" (
    "pollId" TEXT NOT NULL PRIMARY KEY,
    "chatId" INTEGER NOT NULL,
    "messageId" TEXT NOT NULL,
    "actions" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "NativePoll_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Chat" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "title" TEXT,
    "timeZone" TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    "language" TEXT NOT NULL DEFAULT 'zh',
    "dailyTime" TEXT NOT NULL DEFAULT '09:00',
    "dailyEnabled" BOOLEAN NOT NULL DEFAULT true,
    "revealDelayMinutes" INTEGER NOT NULL DEFAULT 720,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dailyMode" TEXT NOT NULL DEFAULT 'choice',
    "dailyTarget" TEXT,
    "pausedAt" DATETIME,
    "pauseReason" TEXT,
    "dailyTopics" TEXT,
    "nextDailyAt" DATETIME,
    "dailyStyle" TEXT NOT NULL DEFAULT 'buttons'
);
INSERT INTO "new_Chat" ("createdAt", "dailyEnabled", "dailyMode", "dailyTarget", "dailyTime", "dailyTopics", "externalId", "id", "language", "nextDailyAt", "pauseReason", "pausedAt", "platform", "revealDelayMinutes", "timeZone", "title") SELECT "createdAt", "dailyEnabled", "dailyMode", "dailyTarget", "dailyTime", "dailyTopics", "externalId", "id", "language", "nextDailyAt", "pauseReason", "pausedAt", "platform", "revealDelayMinutes", "timeZone", "title" FROM "Chat";
DROP TABLE "Chat";
ALTER TABLE "new_Chat" RENAME TO "Chat";
CREATE INDEX "Chat_dailyEnabled_nextDailyAt_idx" ON "Chat"("dailyEnabled", "nextDailyAt");
CREATE UNIQUE INDEX "Chat_platform_externalId_key" ON "Chat"("platform", "externalId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "NativePoll_chatId_messageId_idx" ON "NativePoll"("chatId", "messageId");

-- CreateIndex
CREATE INDEX "ScoreTotal_chatId_period_points_reachedAt_memberId_idx" ON "ScoreTotal"("chatId", "period", "points" DESC, "reachedAt", "memberId");

