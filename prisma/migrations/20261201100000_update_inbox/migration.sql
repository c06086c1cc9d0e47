-- CreateTable
CREATE TABLE "InboxUpdate" (
    "platform" TEXT NOT NULL,
    "updateId" BIGINT NOT NULL,
    "payload" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "handledAt" DATETIME,

    PRIMARY KEY ("platform", "updateId")
);

-- CreateTable
CREATE TABLE "ProcessLease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "InboxUpdate_platform_handledAt_idx" ON "InboxUpdate"("platform", "handledAt");

