-- Derived from prisma/migrations/20261201100000_update_inbox by `npm run db:derive-postgres`.
-- CreateTable
CREATE TABLE "InboxUpdate" (
    "platform" TEXT NOT NULL,
    "updateId" BIGINT NOT NULL,
    "payload" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "handledAt" TIMESTAMP(3),

    CONSTRAINT "InboxUpdate_pkey" PRIMARY KEY ("platform","updateId")
);

-- CreateTable
CREATE TABLE "ProcessLease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProcessLease_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "InboxUpdate_platform_handledAt_idx" ON "InboxUpdate"("platform", "handledAt");

