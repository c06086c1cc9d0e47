-- CreateTable
CREATE TABLE "Learner" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "LearnerMember" (
    "memberId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "learnerId" INTEGER NOT NULL,
    CONSTRAINT "LearnerMember_learnerId_fkey" FOREIGN KEY ("learnerId") REFERENCES "Learner" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LearnerMember_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReviewCard" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "learnerId" INTEGER NOT NULL,
    "questionId" TEXT NOT NULL,
    "due" DATETIME NOT NULL,
    "stability" REAL NOT NULL,
    "difficulty" REAL NOT NULL,
    "elapsedDays" INTEGER NOT NULL,
    "scheduledDays" INTEGER NOT NULL,
    "learningSteps" INTEGER NOT NULL,
    "reps" INTEGER NOT NULL,
    "lapses" INTEGER NOT NULL,
    "state" INTEGER NOT NULL,
    "lastReview" DATETIME,
    "lastRating" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "ReviewCard_learnerId_fkey" FOREIGN KEY ("learnerId") REFERENCES "Learner" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReviewLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "cardId" INTEGER NOT NULL,
    "learnerId" INTEGER NOT NULL,
    "questionId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "rating" INTEGER NOT NULL,
    "state" INTEGER NOT NULL,
    "due" DATETIME NOT NULL,
    "stability" REAL NOT NULL,
    "difficulty" REAL NOT NULL,
    "elapsedDays" INTEGER NOT NULL,
    "lastElapsedDays" INTEGER NOT NULL,
    "scheduledDays" INTEGER NOT NULL,
    "learningSteps" INTEGER NOT NULL,
    "prevDue" DATETIME NOT NULL,
    "prevReps" INTEGER NOT NULL,
    "prevLapses" INTEGER NOT NULL,
    "prevLastReview" DATETIME,
    "review" DATETIME NOT NULL,
    CONSTRAINT "ReviewLog_cardId_fkey" FOREIGN KEY ("cardId") REFERENCES "ReviewCard" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReviewLog_learnerId_fkey" FOREIGN KEY ("learnerId") REFERENCES "Learner" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReviewSession" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "learnerId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "chatId" INTEGER NOT NULL,
    "mode" TEXT NOT NULL,
    "cramTopic" TEXT,
    "queue" TEXT NOT NULL,
    "graded" INTEGER NOT NULL DEFAULT 0,
    "history" TEXT NOT NULL DEFAULT '[]',
    "status" TEXT NOT NULL,
    "activeKey" INTEGER,
    "startedAt" DATETIME NOT NULL,
    "lastActivityAt" DATETIME NOT NULL,
    CONSTRAINT "ReviewSession_learnerId_fkey" FOREIGN KEY ("learnerId") REFERENCES "Learner" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReviewReminder" (
    "learnerId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "time" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "nextAt" DATETIME,
    "lastLocalDate" TEXT,
    "offReason" TEXT,
    CONSTRAINT "ReviewReminder_learnerId_fkey" FOREIGN KEY ("learnerId") REFERENCES "Learner" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "LearnerMember_learnerId_idx" ON "LearnerMember"("learnerId");

-- CreateIndex
CREATE INDEX "ReviewCard_learnerId_due_idx" ON "ReviewCard"("learnerId", "due");

-- CreateIndex
CREATE INDEX "ReviewCard_learnerId_lastRating_lastReview_idx" ON "ReviewCard"("learnerId", "lastRating", "lastReview");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewCard_learnerId_questionId_key" ON "ReviewCard"("learnerId", "questionId");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewLog_source_key" ON "ReviewLog"("source");

-- CreateIndex
CREATE INDEX "ReviewLog_learnerId_kind_review_idx" ON "ReviewLog"("learnerId", "kind", "review");

-- CreateIndex
CREATE INDEX "ReviewLog_cardId_id_idx" ON "ReviewLog"("cardId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewSession_activeKey_key" ON "ReviewSession"("activeKey");

-- CreateIndex
CREATE INDEX "ReviewReminder_nextAt_idx" ON "ReviewReminder"("nextAt");

