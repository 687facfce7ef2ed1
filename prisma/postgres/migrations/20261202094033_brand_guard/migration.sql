-- AlterTable
ALTER TABLE "brands" ADD COLUMN     "guard_mutes" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "language" TEXT NOT NULL DEFAULT 'pt-BR';

-- AlterTable
ALTER TABLE "stage_attempts" ADD COLUMN     "checks" TEXT;

-- AlterTable
ALTER TABLE "artifacts" ADD COLUMN     "checks" TEXT;

-- AlterTable
ALTER TABLE "decisions" ADD COLUMN     "overrideReason" TEXT,
ADD COLUMN     "overrides" TEXT;
