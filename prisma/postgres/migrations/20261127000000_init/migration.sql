-- Derived from prisma/migrations/20261127000000_init by `npm run db:derive-postgres`.
-- CreateTable
CREATE TABLE "Chat" (
    "id" SERIAL NOT NULL,
    "platform" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "title" TEXT,
    "timeZone" TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    "language" TEXT NOT NULL DEFAULT 'zh',
    "dailyTime" TEXT NOT NULL DEFAULT '09:00',
    "dailyEnabled" BOOLEAN NOT NULL DEFAULT true,
    "revealDelayMinutes" INTEGER NOT NULL DEFAULT 720,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Chat_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DailyAnswer" (
    "id" SERIAL NOT NULL,
    "dailyQuestionId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "response" TEXT NOT NULL,
    "correct" BOOLEAN,
    "points" INTEGER NOT NULL,
    "streak" INTEGER NOT NULL,
    "answeredAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DailyAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DailyQuestion" (
    "id" SERIAL NOT NULL,
    "chatId" INTEGER NOT NULL,
    "localDate" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "postedAt" TIMESTAMP(3) NOT NULL,
    "messageId" TEXT,
    "revealedAt" TIMESTAMP(3),

    CONSTRAINT "DailyQuestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Member" (
    "id" SERIAL NOT NULL,
    "platform" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Member_pkey" PRIMARY KEY ("id")
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

    CONSTRAINT "MemberStats_pkey" PRIMARY KEY ("chatId","memberId")
);

-- CreateTable
CREATE TABLE "QuizAnswer" (
    "id" SERIAL NOT NULL,
    "sessionId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "questionId" TEXT NOT NULL,
    "response" TEXT NOT NULL,
    "correct" BOOLEAN,
    "points" INTEGER NOT NULL,
    "answeredAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "QuizAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuizSession" (
    "id" SERIAL NOT NULL,
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
    "startedAt" TIMESTAMP(3) NOT NULL,
    "lastActivityAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "QuizSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScoreTotal" (
    "chatId" INTEGER NOT NULL,
    "period" TEXT NOT NULL,
    "memberId" INTEGER NOT NULL,
    "points" INTEGER NOT NULL,
    "reachedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScoreTotal_pkey" PRIMARY KEY ("chatId","period","memberId")
);

-- CreateTable
CREATE TABLE "SeenQuestion" (
    "memberId" INTEGER NOT NULL,
    "questionId" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "timesAnswered" INTEGER NOT NULL DEFAULT 0,
    "lastResponse" TEXT,

    CONSTRAINT "SeenQuestion_pkey" PRIMARY KEY ("memberId","questionId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Chat_platform_externalId_key" ON "Chat"("platform", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "DailyAnswer_dailyQuestionId_memberId_key" ON "DailyAnswer"("dailyQuestionId", "memberId");

-- CreateIndex
CREATE INDEX "DailyQuestion_chatId_questionId_idx" ON "DailyQuestion"("chatId", "questionId");

-- CreateIndex
CREATE UNIQUE INDEX "DailyQuestion_chatId_localDate_key" ON "DailyQuestion"("chatId", "localDate");

-- CreateIndex
CREATE UNIQUE INDEX "Member_platform_externalId_key" ON "Member"("platform", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "QuizAnswer_sessionId_position_key" ON "QuizAnswer"("sessionId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "QuizSession_activeKey_key" ON "QuizSession"("activeKey");

-- CreateIndex
CREATE INDEX "QuizSession_chatId_memberId_idx" ON "QuizSession"("chatId", "memberId");

-- CreateIndex
CREATE INDEX "ScoreTotal_chatId_period_points_reachedAt_idx" ON "ScoreTotal"("chatId", "period", "points", "reachedAt");

-- AddForeignKey
ALTER TABLE "DailyAnswer" ADD CONSTRAINT "DailyAnswer_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DailyAnswer" ADD CONSTRAINT "DailyAnswer_dailyQuestionId_fkey" FOREIGN KEY ("dailyQuestionId") REFERENCES "DailyQuestion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DailyQuestion" ADD CONSTRAINT "DailyQuestion_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemberStats" ADD CONSTRAINT "MemberStats_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemberStats" ADD CONSTRAINT "MemberStats_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuizAnswer" ADD CONSTRAINT "QuizAnswer_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "QuizSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuizSession" ADD CONSTRAINT "QuizSession_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuizSession" ADD CONSTRAINT "QuizSession_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScoreTotal" ADD CONSTRAINT "ScoreTotal_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScoreTotal" ADD CONSTRAINT "ScoreTotal_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeenQuestion" ADD CONSTRAINT "SeenQuestion_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

