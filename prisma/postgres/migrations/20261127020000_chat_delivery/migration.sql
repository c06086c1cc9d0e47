-- Derived from prisma/migrations/20261127020000_chat_delivery by `npm run db:derive-postgres`.
-- AlterTable
ALTER TABLE "Chat" ADD COLUMN     "dailyTarget" TEXT,
ADD COLUMN     "pauseReason" TEXT,
ADD COLUMN     "pausedAt" TIMESTAMP(3);

