-- AlterTable
ALTER TABLE "Chat" ADD COLUMN "dailyTopics" TEXT;
ALTER TABLE "Chat" ADD COLUMN "nextDailyAt" DATETIME;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_DailyQuestion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "chatId" INTEGER NOT NULL,
    "localDate" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "postedAt" DATETIME NOT NULL,
    "messageId" TEXT,
    "revealedAt" DATETIME,
    "nextAttemptAt" DATETIME,
    "sendAttempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "sendLeaseUntil" DATETIME,
    "revealDueAt" DATETIME,
    CONSTRAINT "DailyQuestion_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_DailyQuestion" ("chatId", "id", "localDate", "messageId", "mode", "postedAt", "questionId", "revealedAt") SELECT "chatId", "id", "localDate", "messageId", "mode", "postedAt", "questionId", "revealedAt" FROM "DailyQuestion";
DROP TABLE "DailyQuestion";
ALTER TABLE "new_DailyQuestion" RENAME TO "DailyQuestion";
CREATE INDEX "DailyQuestion_chatId_questionId_idx" ON "DailyQuestion"("chatId", "questionId");
CREATE INDEX "DailyQuestion_nextAttemptAt_idx" ON "DailyQuestion"("nextAttemptAt");
CREATE INDEX "DailyQuestion_revealDueAt_idx" ON "DailyQuestion"("revealDueAt");
CREATE UNIQUE INDEX "DailyQuestion_chatId_localDate_key" ON "DailyQuestion"("chatId", "localDate");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Chat_dailyEnabled_nextDailyAt_idx" ON "Chat"("dailyEnabled", "nextDailyAt");

