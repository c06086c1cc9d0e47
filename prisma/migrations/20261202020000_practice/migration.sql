-- Open-answer practice (/practice): the open question a member is asked, and each answer in their own words
-- with its key-point verdicts and the grade the member confirmed; mock interviews (/mock).

-- CreateTable
CREATE TABLE "PracticePrompt" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "chatId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "questionId" TEXT NOT NULL,
    "messageId" TEXT,
    "status" TEXT NOT NULL,
    "activeKey" TEXT,
    "askedAt" DATETIME NOT NULL,
    "lastActivityAt" DATETIME NOT NULL,
    CONSTRAINT "PracticePrompt_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PracticePrompt_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PracticeAttempt" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "promptId" INTEGER NOT NULL,
    "learnerId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "chatId" INTEGER NOT NULL,
    "questionId" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "truncated" BOOLEAN NOT NULL DEFAULT false,
    "coverage" REAL NOT NULL,
    "verdicts" TEXT NOT NULL,
    "grader" TEXT NOT NULL,
    "suggestedGrade" TEXT NOT NULL,
    "confirmedGrade" TEXT,
    "firstAttempt" BOOLEAN NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL,
    "confirmedAt" DATETIME,
    CONSTRAINT "PracticeAttempt_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "PracticePrompt" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PracticeAttempt_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "PracticePrompt_activeKey_key" ON "PracticePrompt"("activeKey");

-- CreateIndex
CREATE INDEX "PracticePrompt_chatId_memberId_idx" ON "PracticePrompt"("chatId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "PracticeAttempt_promptId_key" ON "PracticeAttempt"("promptId");

-- CreateIndex
CREATE INDEX "PracticeAttempt_learnerId_questionId_id_idx" ON "PracticeAttempt"("learnerId", "questionId", "id");

-- CreateIndex
CREATE INDEX "PracticeAttempt_memberId_grader_createdAt_idx" ON "PracticeAttempt"("memberId", "grader", "createdAt");

-- CreateIndex
CREATE INDEX "PracticeAttempt_chatId_memberId_id_idx" ON "PracticeAttempt"("chatId", "memberId", "id");


-- CreateTable
CREATE TABLE "MockInterview" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "chatId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "learnerId" INTEGER NOT NULL,
    "topic" TEXT,
    "questionIds" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "followUp" TEXT,
    "minutes" INTEGER NOT NULL,
    "results" TEXT NOT NULL DEFAULT '[]',
    "status" TEXT NOT NULL,
    "activeKey" INTEGER,
    "reviewedAt" DATETIME,
    "startedAt" DATETIME NOT NULL,
    "askedAt" DATETIME NOT NULL,
    "lastActivityAt" DATETIME NOT NULL,
    CONSTRAINT "MockInterview_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "MockInterview_activeKey_key" ON "MockInterview"("activeKey");

-- CreateIndex
CREATE INDEX "MockInterview_memberId_id_idx" ON "MockInterview"("memberId", "id");

