-- Derived from prisma/migrations/20261202050000_score_histogram by `npm run db:derive-postgres`.
-- CreateTable
CREATE TABLE "ScoreHistogram" (
    "chatId" INTEGER NOT NULL,
    "period" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "members" INTEGER NOT NULL,

    CONSTRAINT "ScoreHistogram_pkey" PRIMARY KEY ("chatId","period","points")
);

-- AddForeignKey
ALTER TABLE "ScoreHistogram" ADD CONSTRAINT "ScoreHistogram_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat"("id") ON DELETE CASCADE ON UPDATE CASCADE;



-- Existing totals are counted once, and from here on every points write keeps the histogram in the same statement.
INSERT INTO "ScoreHistogram" ("chatId", "period", "points", "members") SELECT "chatId", "period", "points", COUNT(*) FROM "ScoreTotal" GROUP BY "chatId", "period", "points";
