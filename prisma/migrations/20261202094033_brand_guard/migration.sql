-- AlterTable
ALTER TABLE "artifacts" ADD COLUMN "checks" TEXT;

-- AlterTable
ALTER TABLE "decisions" ADD COLUMN "overrideReason" TEXT;
ALTER TABLE "decisions" ADD COLUMN "overrides" TEXT;

-- AlterTable
ALTER TABLE "stage_attempts" ADD COLUMN "checks" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_brands" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "audience" TEXT NOT NULL DEFAULT '',
    "tone" TEXT NOT NULL DEFAULT '',
    "taboos" TEXT NOT NULL DEFAULT '[]',
    "promise" TEXT NOT NULL DEFAULT '',
    "language" TEXT NOT NULL DEFAULT 'pt-BR',
    "guard_mutes" TEXT NOT NULL DEFAULT '[]',
    "canonicalVersion" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_brands" ("audience", "canonicalVersion", "createdAt", "id", "name", "promise", "taboos", "tone", "updatedAt") SELECT "audience", "canonicalVersion", "createdAt", "id", "name", "promise", "taboos", "tone", "updatedAt" FROM "brands";
DROP TABLE "brands";
ALTER TABLE "new_brands" RENAME TO "brands";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
