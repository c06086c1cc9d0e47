-- Derived from prisma/migrations/20261202100000_mock_time_up_grader_use by `npm run db:derive-postgres`.
-- AlterTable
ALTER TABLE "MockInterview" ADD COLUMN     "timeUpAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "GraderUse" (
    "id" SERIAL NOT NULL,
    "memberId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GraderUse_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "GraderUse_memberId_at_idx" ON "GraderUse"("memberId", "at");

-- CreateIndex
CREATE INDEX "MockInterview_timeUpAt_idx" ON "MockInterview"("timeUpAt");

-- AddForeignKey
ALTER TABLE "GraderUse" ADD CONSTRAINT "GraderUse_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The quota so far: every practice answer the LLM graded counts, as before.
INSERT INTO "GraderUse" ("memberId", "at") SELECT "memberId", "createdAt" FROM "PracticeAttempt" WHERE "grader" = 'llm';

-- A running interview's question is due at its time limit (what the new code stores when it asks).
UPDATE "MockInterview" SET "timeUpAt" = "askedAt" + "minutes" * INTERVAL '1 minute' WHERE "status" = 'active';
