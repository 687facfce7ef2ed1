-- AlterTable
ALTER TABLE "artifacts" ADD COLUMN "reusedFrom" TEXT;

-- AlterTable
ALTER TABLE "decisions" ADD COLUMN "chosenAttempt" INTEGER;
ALTER TABLE "decisions" ADD COLUMN "rejectedAttempts" TEXT;

-- AlterTable
ALTER TABLE "runs" ADD COLUMN "budgetSeconds" INTEGER;
ALTER TABLE "runs" ADD COLUMN "budgetTokens" INTEGER;
ALTER TABLE "runs" ADD COLUMN "pause" TEXT;
ALTER TABLE "runs" ADD COLUMN "rerun" TEXT;

-- AlterTable
ALTER TABLE "stage_attempts" ADD COLUMN "batch" INTEGER;

-- CreateTable
CREATE TABLE "idempotency_keys" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "requestHash" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "responseStatus" INTEGER,
    "responseType" TEXT,
    "responseBody" TEXT,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_stages" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "stageId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "approvalRequired" BOOLEAN NOT NULL,
    "dependsOn" TEXT NOT NULL DEFAULT '[]',
    "output" TEXT NOT NULL,
    "variants" INTEGER NOT NULL DEFAULT 1,
    "chosenAttempt" INTEGER,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "stages_runId_fkey" FOREIGN KEY ("runId") REFERENCES "runs" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_stages" ("approvalRequired", "createdAt", "dependsOn", "id", "output", "position", "runId", "stageId", "status", "title", "updatedAt") SELECT "approvalRequired", "createdAt", "dependsOn", "id", "output", "position", "runId", "stageId", "status", "title", "updatedAt" FROM "stages";
DROP TABLE "stages";
ALTER TABLE "new_stages" RENAME TO "stages";
CREATE UNIQUE INDEX "stages_runId_stageId_key" ON "stages"("runId", "stageId");
CREATE UNIQUE INDEX "stages_runId_position_key" ON "stages"("runId", "position");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "idempotency_keys_expiresAt_idx" ON "idempotency_keys"("expiresAt");
