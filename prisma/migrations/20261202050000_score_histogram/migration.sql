-- The leaderboard's score histogram: members per points total per chat and period.

-- CreateTable
CREATE TABLE "ScoreHistogram" (
    "chatId" INTEGER NOT NULL,
    "period" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "members" INTEGER NOT NULL,

    PRIMARY KEY ("chatId", "period", "points"),
    CONSTRAINT "ScoreHistogram_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Existing totals are counted once, and from here on every points write keeps the histogram in the same statement.
INSERT INTO "ScoreHistogram" ("chatId", "period", "points", "members") SELECT "chatId", "period", "points", COUNT(*) FROM "ScoreTotal" GROUP BY "chatId", "period", "points";
