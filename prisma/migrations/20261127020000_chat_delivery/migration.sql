-- AlterTable
ALTER TABLE "Chat" ADD COLUMN "dailyTarget" TEXT;
ALTER TABLE "Chat" ADD COLUMN "pauseReason" TEXT;
ALTER TABLE "Chat" ADD COLUMN "pausedAt" DATETIME;

