-- CreateTable
CREATE TABLE "stored_objects" (
    "path" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "log_entries" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "path" TEXT NOT NULL,
    "content" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "log_entries_path_id_idx" ON "log_entries"("path", "id");
