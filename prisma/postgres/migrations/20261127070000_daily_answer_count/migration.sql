-- Derived from prisma/migrations/20261127070000_daily_answer_count by `npm run db:derive-postgres`.
-- AlterTable
ALTER TABLE "DailyQuestion" ADD COLUMN     "answerCount" INTEGER NOT NULL DEFAULT 0;


-- Existing answers are counted once, and from here on the answer transaction keeps the count.
UPDATE "DailyQuestion" SET "answerCount" = (SELECT COUNT(*) FROM "DailyAnswer" WHERE "DailyAnswer"."dailyQuestionId" = "DailyQuestion"."id");
