-- Derived from prisma/migrations/20261202080000_score_histogram_levels by `npm run db:derive-postgres`.
-- reviewed: the rows are emptied first (the NOT NULL column then meets no row) and counted afresh from ScoreTotal below, at every level
-- The leaderboard histogram gains a coarser level (buckets of 64 totals: points >> 6).
DELETE FROM "ScoreHistogram";

-- AlterTable
ALTER TABLE "ScoreHistogram" DROP CONSTRAINT "ScoreHistogram_pkey",
ADD COLUMN     "level" INTEGER NOT NULL,
ADD CONSTRAINT "ScoreHistogram_pkey" PRIMARY KEY ("chatId", "period", "level", "points");

-- Every level is counted afresh from the totals (also dropping any count a removed total left behind), and from here on every points write keeps both in the same statement.
INSERT INTO "ScoreHistogram" ("chatId", "period", "level", "points", "members") SELECT t."chatId", t."period", l."level", t."points" >> (6 * l."level"), COUNT(*) FROM "ScoreTotal" AS t CROSS JOIN (SELECT 0 AS "level" UNION ALL SELECT 1) AS l GROUP BY t."chatId", t."period", l."level", t."points" >> (6 * l."level");
