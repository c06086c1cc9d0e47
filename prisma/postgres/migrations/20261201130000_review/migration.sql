-- Derived from prisma/migrations/20261201130000_review by `npm run db:derive-postgres`.
-- CreateTable
CREATE TABLE "Learner" (
    "id" SERIAL NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Learner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LearnerMember" (
    "memberId" INTEGER NOT NULL,
    "learnerId" INTEGER NOT NULL,

    CONSTRAINT "LearnerMember_pkey" PRIMARY KEY ("memberId")
);

-- CreateTable
CREATE TABLE "ReviewCard" (
    "id" SERIAL NOT NULL,
    "learnerId" INTEGER NOT NULL,
    "questionId" TEXT NOT NULL,
    "due" TIMESTAMP(3) NOT NULL,
    "stability" DOUBLE PRECISION NOT NULL,
    "difficulty" DOUBLE PRECISION NOT NULL,
    "elapsedDays" INTEGER NOT NULL,
    "scheduledDays" INTEGER NOT NULL,
    "learningSteps" INTEGER NOT NULL,
    "reps" INTEGER NOT NULL,
    "lapses" INTEGER NOT NULL,
    "state" INTEGER NOT NULL,
    "lastReview" TIMESTAMP(3),
    "lastRating" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReviewCard_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewLog" (
    "id" SERIAL NOT NULL,
    "cardId" INTEGER NOT NULL,
    "learnerId" INTEGER NOT NULL,
    "questionId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "rating" INTEGER NOT NULL,
    "state" INTEGER NOT NULL,
    "due" TIMESTAMP(3) NOT NULL,
    "stability" DOUBLE PRECISION NOT NULL,
    "difficulty" DOUBLE PRECISION NOT NULL,
    "elapsedDays" INTEGER NOT NULL,
    "lastElapsedDays" INTEGER NOT NULL,
    "scheduledDays" INTEGER NOT NULL,
    "learningSteps" INTEGER NOT NULL,
    "prevDue" TIMESTAMP(3) NOT NULL,
    "prevReps" INTEGER NOT NULL,
    "prevLapses" INTEGER NOT NULL,
    "prevLastReview" TIMESTAMP(3),
    "review" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReviewLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewReminder" (
    "learnerId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "time" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "nextAt" TIMESTAMP(3),
    "lastLocalDate" TEXT,
    "offReason" TEXT,

    CONSTRAINT "ReviewReminder_pkey" PRIMARY KEY ("learnerId")
);

-- CreateTable
CREATE TABLE "ReviewSession" (
    "id" SERIAL NOT NULL,
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
    "startedAt" TIMESTAMP(3) NOT NULL,
    "lastActivityAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReviewSession_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LearnerMember_learnerId_idx" ON "LearnerMember"("learnerId");

-- CreateIndex
CREATE INDEX "ReviewCard_learnerId_lastRating_lastReview_idx" ON "ReviewCard"("learnerId", "lastRating", "lastReview");

-- CreateIndex
CREATE INDEX "ReviewCard_learnerId_due_idx" ON "ReviewCard"("learnerId", "due");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewCard_learnerId_questionId_key" ON "ReviewCard"("learnerId", "questionId");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewLog_source_key" ON "ReviewLog"("source");

-- CreateIndex
CREATE INDEX "ReviewLog_cardId_id_idx" ON "ReviewLog"("cardId", "id");

-- CreateIndex
CREATE INDEX "ReviewLog_learnerId_kind_review_idx" ON "ReviewLog"("learnerId", "kind", "review");

-- CreateIndex
CREATE INDEX "ReviewReminder_nextAt_idx" ON "ReviewReminder"("nextAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewSession_activeKey_key" ON "ReviewSession"("activeKey");

-- AddForeignKey
ALTER TABLE "LearnerMember" ADD CONSTRAINT "LearnerMember_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LearnerMember" ADD CONSTRAINT "LearnerMember_learnerId_fkey" FOREIGN KEY ("learnerId") REFERENCES "Learner"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewCard" ADD CONSTRAINT "ReviewCard_learnerId_fkey" FOREIGN KEY ("learnerId") REFERENCES "Learner"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewLog" ADD CONSTRAINT "ReviewLog_learnerId_fkey" FOREIGN KEY ("learnerId") REFERENCES "Learner"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewLog" ADD CONSTRAINT "ReviewLog_cardId_fkey" FOREIGN KEY ("cardId") REFERENCES "ReviewCard"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewReminder" ADD CONSTRAINT "ReviewReminder_learnerId_fkey" FOREIGN KEY ("learnerId") REFERENCES "Learner"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewSession" ADD CONSTRAINT "ReviewSession_learnerId_fkey" FOREIGN KEY ("learnerId") REFERENCES "Learner"("id") ON DELETE CASCADE ON UPDATE CASCADE;

