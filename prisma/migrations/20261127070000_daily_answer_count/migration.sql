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
    "answerCount" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "DailyQuestion_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_DailyQuestion" ("chatId", "id", "lastError", "localDate", "messageId", "mode", "nextAttemptAt", "postedAt", "questionId", "revealDueAt", "revealedAt", "sendAttempts", "sendLeaseUntil") SELECT "chatId", "id", "lastError", "localDate", "messageId", "mode", "nextAttemptAt", "postedAt", "questionId", "revealDueAt", "revealedAt", "sendAttempts", "sendLeaseUntil" FROM "DailyQuestion";
DROP TABLE "DailyQuestion";
ALTER TABLE "new_DailyQuestion" RENAME TO "DailyQuestion";
CREATE INDEX "DailyQuestion_chatId_questionId_idx" ON "DailyQuestion"("chatId", "questionId");
CREATE INDEX "DailyQuestion_nextAttemptAt_idx" ON "DailyQuestion"("nextAttemptAt");
CREATE INDEX "DailyQuestion_revealDueAt_idx" ON "DailyQuestion"("revealDueAt");
CREATE UNIQUE INDEX "DailyQuestion_chatId_localDate_key" ON "DailyQuestion"("chatId", "localDate");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Existing answers are counted once, and from here on the answer transaction keeps the count.
UPDATE "DailyQuestion" SET "answerCount" = (SELECT COUNT(*) FROM "DailyAnswer" WHERE "DailyAnswer"."dailyQuestionId" = "DailyQuestion"."id");
