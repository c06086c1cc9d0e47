-- Derived from prisma/migrations/20261201110000_daily_thread_setting by `npm run db:derive-postgres`.
-- CreateTable
CREATE TABLE "DailyThreadSetting" (
    "id" SERIAL NOT NULL,
    "chatId" INTEGER NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DailyThreadSetting_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DailyThreadSetting_chatId_key" ON "DailyThreadSetting"("chatId");

-- AddForeignKey
ALTER TABLE "DailyThreadSetting" ADD CONSTRAINT "DailyThreadSetting_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat"("id") ON DELETE CASCADE ON UPDATE CASCADE;

