-- Derived from prisma/migrations/20261202020000_practice by `npm run db:derive-postgres`.
-- CreateTable
CREATE TABLE "MockInterview" (
    "id" SERIAL NOT NULL,
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
    "reviewedAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3) NOT NULL,
    "askedAt" TIMESTAMP(3) NOT NULL,
    "lastActivityAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MockInterview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PracticeAttempt" (
    "id" SERIAL NOT NULL,
    "promptId" INTEGER NOT NULL,
    "learnerId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "chatId" INTEGER NOT NULL,
    "questionId" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "truncated" BOOLEAN NOT NULL DEFAULT false,
    "coverage" DOUBLE PRECISION NOT NULL,
    "verdicts" TEXT NOT NULL,
    "grader" TEXT NOT NULL,
    "suggestedGrade" TEXT NOT NULL,
    "confirmedGrade" TEXT,
    "firstAttempt" BOOLEAN NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "confirmedAt" TIMESTAMP(3),

    CONSTRAINT "PracticeAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PracticePrompt" (
    "id" SERIAL NOT NULL,
    "chatId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "questionId" TEXT NOT NULL,
    "messageId" TEXT,
    "status" TEXT NOT NULL,
    "activeKey" TEXT,
    "askedAt" TIMESTAMP(3) NOT NULL,
    "lastActivityAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PracticePrompt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MockInterview_activeKey_key" ON "MockInterview"("activeKey");

-- CreateIndex
CREATE INDEX "MockInterview_memberId_id_idx" ON "MockInterview"("memberId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "PracticeAttempt_promptId_key" ON "PracticeAttempt"("promptId");

-- CreateIndex
CREATE INDEX "PracticeAttempt_chatId_memberId_id_idx" ON "PracticeAttempt"("chatId", "memberId", "id");

-- CreateIndex
CREATE INDEX "PracticeAttempt_memberId_grader_createdAt_idx" ON "PracticeAttempt"("memberId", "grader", "createdAt");

-- CreateIndex
CREATE INDEX "PracticeAttempt_learnerId_questionId_id_idx" ON "PracticeAttempt"("learnerId", "questionId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "PracticePrompt_activeKey_key" ON "PracticePrompt"("activeKey");

-- CreateIndex
CREATE INDEX "PracticePrompt_chatId_memberId_idx" ON "PracticePrompt"("chatId", "memberId");

-- AddForeignKey
ALTER TABLE "MockInterview" ADD CONSTRAINT "MockInterview_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PracticeAttempt" ADD CONSTRAINT "PracticeAttempt_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PracticeAttempt" ADD CONSTRAINT "PracticeAttempt_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "PracticePrompt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PracticePrompt" ADD CONSTRAINT "PracticePrompt_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PracticePrompt" ADD CONSTRAINT "PracticePrompt_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat"("id") ON DELETE CASCADE ON UPDATE CASCADE;

