-- Derived from prisma/migrations/20261202030000_question_reports by `npm run db:derive-postgres`.
-- AlterTable
ALTER TABLE "DailyAnswer" ADD COLUMN     "revision" TEXT;

-- AlterTable
ALTER TABLE "QuizAnswer" ADD COLUMN     "revision" TEXT;

-- AlterTable
ALTER TABLE "ReviewLog" ADD COLUMN     "revision" TEXT;

-- CreateTable
CREATE TABLE "QuestionReport" (
    "id" SERIAL NOT NULL,
    "questionId" TEXT NOT NULL,
    "memberId" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "text" TEXT,
    "revision" TEXT,
    "language" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "openKey" TEXT,
    "closedAt" TIMESTAMP(3),
    "closedBy" TEXT,
    "note" TEXT,
    "noteDueAt" TIMESTAMP(3),
    "noteSentAt" TIMESTAMP(3),
    "noteError" TEXT,

    CONSTRAINT "QuestionReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "QuestionReport_openKey_key" ON "QuestionReport"("openKey");

-- CreateIndex
CREATE INDEX "QuestionReport_noteDueAt_idx" ON "QuestionReport"("noteDueAt");

-- CreateIndex
CREATE INDEX "QuestionReport_status_questionId_idx" ON "QuestionReport"("status", "questionId");

-- AddForeignKey
ALTER TABLE "QuestionReport" ADD CONSTRAINT "QuestionReport_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

