-- Question reports (one open report per member and question), and the revision each attempt was made on.
-- Columns are added with ALTER TABLE ... ADD COLUMN (nullable), not by redefining the tables, so other branches' migrations merge with this one.
-- AlterTable
ALTER TABLE "DailyAnswer" ADD COLUMN "revision" TEXT;

-- AlterTable
ALTER TABLE "QuizAnswer" ADD COLUMN "revision" TEXT;

-- AlterTable
ALTER TABLE "ReviewLog" ADD COLUMN "revision" TEXT;

-- CreateTable
CREATE TABLE "QuestionReport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "questionId" TEXT NOT NULL,
    "memberId" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "text" TEXT,
    "revision" TEXT,
    "language" TEXT,
    "createdAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "openKey" TEXT,
    "closedAt" DATETIME,
    "closedBy" TEXT,
    "note" TEXT,
    "noteDueAt" DATETIME,
    "noteSentAt" DATETIME,
    "noteError" TEXT,
    CONSTRAINT "QuestionReport_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "QuestionReport_openKey_key" ON "QuestionReport"("openKey");

-- CreateIndex
CREATE INDEX "QuestionReport_status_questionId_idx" ON "QuestionReport"("status", "questionId");

-- CreateIndex
CREATE INDEX "QuestionReport_noteDueAt_idx" ON "QuestionReport"("noteDueAt");

