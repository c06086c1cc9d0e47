-- CreateTable
CREATE TABLE "Chat" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "title" TEXT,
    "timeZone" TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    "language" TEXT NOT NULL DEFAULT 'zh',
    "dailyTime" TEXT NOT NULL DEFAULT '09:00',
    "dailyEnabled" BOOLEAN NOT NULL DEFAULT true,
    "revealDelayMinutes" INTEGER NOT NULL DEFAULT 720,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Member" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "DailyQuestion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "chatId" INTEGER NOT NULL,
    "localDate" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "postedAt" DATETIME NOT NULL,
    "messageId" TEXT,
    "revealedAt" DATETIME,
    CONSTRAINT "DailyQuestion_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DailyAnswer" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "dailyQuestionId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "response" TEXT NOT NULL,
    "correct" BOOLEAN,
    "points" INTEGER NOT NULL,
    "streak" INTEGER NOT NULL,
    "answeredAt" DATETIME NOT NULL,
    CONSTRAINT "DailyAnswer_dailyQuestionId_fkey" FOREIGN KEY ("dailyQuestionId") REFERENCES "DailyQuestion" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DailyAnswer_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MemberStats" (
    "chatId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "currentStreak" INTEGER NOT NULL DEFAULT 0,
    "longestStreak" INTEGER NOT NULL DEFAULT 0,
    "lastStreakDate" TEXT,
    "dailyAnswers" INTEGER NOT NULL DEFAULT 0,
    "dailyCorrect" INTEGER NOT NULL DEFAULT 0,
    "quizAnswers" INTEGER NOT NULL DEFAULT 0,
    "quizCorrect" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("chatId", "memberId"),
    CONSTRAINT "MemberStats_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MemberStats_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScoreTotal" (
    "chatId" INTEGER NOT NULL,
    "period" TEXT NOT NULL,
    "memberId" INTEGER NOT NULL,
    "points" INTEGER NOT NULL,
    "reachedAt" DATETIME NOT NULL,

    PRIMARY KEY ("chatId", "period", "memberId"),
    CONSTRAINT "ScoreTotal_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ScoreTotal_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "QuizSession" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "chatId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "topic" TEXT,
    "mode" TEXT NOT NULL,
    "questionIds" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "correct" INTEGER NOT NULL DEFAULT 0,
    "points" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL,
    "activeKey" TEXT,
    "startedAt" DATETIME NOT NULL,
    "lastActivityAt" DATETIME NOT NULL,
    CONSTRAINT "QuizSession_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "QuizSession_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "QuizAnswer" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sessionId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "questionId" TEXT NOT NULL,
    "response" TEXT NOT NULL,
    "correct" BOOLEAN,
    "points" INTEGER NOT NULL,
    "answeredAt" DATETIME NOT NULL,
    CONSTRAINT "QuizAnswer_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "QuizSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SeenQuestion" (
    "memberId" INTEGER NOT NULL,
    "questionId" TEXT NOT NULL,
    "firstSeenAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "timesAnswered" INTEGER NOT NULL DEFAULT 0,
    "lastResponse" TEXT,

    PRIMARY KEY ("memberId", "questionId"),
    CONSTRAINT "SeenQuestion_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Chat_platform_externalId_key" ON "Chat"("platform", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "Member_platform_externalId_key" ON "Member"("platform", "externalId");

-- CreateIndex
CREATE INDEX "DailyQuestion_chatId_questionId_idx" ON "DailyQuestion"("chatId", "questionId");

-- CreateIndex
CREATE UNIQUE INDEX "DailyQuestion_chatId_localDate_key" ON "DailyQuestion"("chatId", "localDate");

-- CreateIndex
CREATE UNIQUE INDEX "DailyAnswer_dailyQuestionId_memberId_key" ON "DailyAnswer"("dailyQuestionId", "memberId");

-- CreateIndex
CREATE INDEX "ScoreTotal_chatId_period_points_reachedAt_idx" ON "ScoreTotal"("chatId", "period", "points", "reachedAt");

-- CreateIndex
CREATE UNIQUE INDEX "QuizSession_activeKey_key" ON "QuizSession"("activeKey");

-- CreateIndex
CREATE INDEX "QuizSession_chatId_memberId_idx" ON "QuizSession"("chatId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "QuizAnswer_sessionId_position_key" ON "QuizAnswer"("sessionId", "position");

