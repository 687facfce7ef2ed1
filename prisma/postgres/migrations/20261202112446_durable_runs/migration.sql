-- AlterTable
ALTER TABLE "runs" ADD COLUMN     "budgetSeconds" INTEGER,
ADD COLUMN     "budgetTokens" INTEGER,
ADD COLUMN     "pause" TEXT,
ADD COLUMN     "rerun" TEXT;

-- AlterTable
ALTER TABLE "stages" ADD COLUMN     "chosenAttempt" INTEGER,
ADD COLUMN     "variants" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "stage_attempts" ADD COLUMN     "batch" INTEGER;

-- AlterTable
ALTER TABLE "artifacts" ADD COLUMN     "reusedFrom" TEXT;

-- AlterTable
ALTER TABLE "decisions" ADD COLUMN     "chosenAttempt" INTEGER,
ADD COLUMN     "rejectedAttempts" TEXT;

-- CreateTable
CREATE TABLE "idempotency_keys" (
    "id" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "responseStatus" INTEGER,
    "responseType" TEXT,
    "responseBody" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "idempotency_keys_expiresAt_idx" ON "idempotency_keys"("expiresAt");
