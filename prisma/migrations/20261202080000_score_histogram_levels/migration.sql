-- The leaderboard histogram gains a coarser level (buckets of 64 totals: points >> 6), so a rank sums
-- at most 63 totals and then whole buckets, whatever the number of distinct totals above the member.

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ScoreHistogram" (
    "chatId" INTEGER NOT NULL,
    "period" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "points" INTEGER NOT NULL,
    "members" INTEGER NOT NULL,

    PRIMARY KEY ("chatId", "period", "level", "points"),
    CONSTRAINT "ScoreHistogram_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
DROP TABLE "ScoreHistogram";
ALTER TABLE "new_ScoreHistogram" RENAME TO "ScoreHistogram";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Every level is counted afresh from the totals (also dropping any count a removed total left behind), and from here on every points write keeps both in the same statement.
INSERT INTO "ScoreHistogram" ("chatId", "period", "level", "points", "members") SELECT t."chatId", t."period", l."level", t."points" >> (6 * l."level"), COUNT(*) FROM "ScoreTotal" AS t CROSS JOIN (SELECT 0 AS "level" UNION ALL SELECT 1) AS l GROUP BY t."chatId", t."period", l."level", t."points" >> (6 * l."level");
