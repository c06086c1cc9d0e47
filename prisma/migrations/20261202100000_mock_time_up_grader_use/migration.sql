-- Mock interviews: the due time of the current question's time-up message (for a running one: its time limit).
-- The metered grader's uses (practice and mock answers alike), for the daily quota.

-- AlterTable
ALTER TABLE "MockInterview" ADD COLUMN "timeUpAt" DATETIME;

-- CreateTable
CREATE TABLE "GraderUse" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "memberId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    CONSTRAINT "GraderUse_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "GraderUse_memberId_at_idx" ON "GraderUse"("memberId", "at");

-- CreateIndex
CREATE INDEX "MockInterview_timeUpAt_idx" ON "MockInterview"("timeUpAt");


-- The quota so far: every practice answer the LLM graded counts, as before.
INSERT INTO "GraderUse" ("memberId", "at") SELECT "memberId", "createdAt" FROM "PracticeAttempt" WHERE "grader" = 'llm';

-- A running interview's question is due at its time limit (what the new code stores when it asks).
UPDATE "MockInterview" SET "timeUpAt" = strftime('%Y-%m-%dT%H:%M:%f+00:00', "askedAt", '+' || "minutes" || ' minutes') WHERE "status" = 'active';
