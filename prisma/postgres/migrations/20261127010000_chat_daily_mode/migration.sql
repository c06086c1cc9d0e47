-- Derived from prisma/migrations/20261127010000_chat_daily_mode by `npm run db:derive-postgres`.
-- AlterTable
ALTER TABLE "Chat" ADD COLUMN     "dailyMode" TEXT NOT NULL DEFAULT 'choice';

