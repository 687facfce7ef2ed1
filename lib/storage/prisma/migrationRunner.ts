import fs from "node:fs";
import path from "node:path";
import { createHash, randomUUID } from "node:crypto";
import Database from "better-sqlite3";

// Applies prisma/migrations/*/migration.sql to the workspace database in order, recording each in
// Prisma's own `_prisma_migrations` table (same columns, same sha256 checksum), so the Prisma CLI can
// take over on a machine where its native engine is available. Ours needs nothing but better-sqlite3.

const LEDGER = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "checksum" TEXT NOT NULL,
  "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL,
  "logs" TEXT,
  "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir: string): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export class MigrationError extends Error {}

/** Applies what is pending; returns the names applied. Safe to call from several processes at once. */
export function applySqliteMigrations(dbFile: string, migrationsDir: string): string[] {
  fs.mkdirSync(path.dirname(dbFile), { recursive: true });
  const migrations = readMigrations(migrationsDir);
  const db = new Database(dbFile, { timeout: 10_000 });
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL"); // as the app's own connection (openSqlite): a migration is on disk when recorded
    db.pragma("foreign_keys = ON");
    db.exec(LEDGER);
    const applyPending = db.transaction(() => {
      const applied = new Map(
        (
          db
            .prepare(
              `SELECT migration_name AS name, checksum FROM "_prisma_migrations"
               WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
            )
            .all() as { name: string; checksum: string }[]
        ).map((r) => [r.name, r.checksum]),
      );
      const known = new Set(migrations.map((m) => m.name));
      const unknown = [...applied.keys()].filter((name) => !known.has(name));
      if (unknown.length) {
        throw new MigrationError(
          `the workspace database was migrated by a newer version (unknown migrations: ${unknown.join(", ")})`,
        );
      }
      const done: string[] = [];
      for (const m of migrations) {
        const checksum = applied.get(m.name);
        if (checksum !== undefined) {
          if (checksum !== m.checksum) {
            throw new MigrationError(`migration ${m.name} was edited after it was applied to this workspace`);
          }
          continue;
        }
        const startedAt = new Date().toISOString();
        db.exec(m.sql);
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES (?, ?, ?, ?, ?, 1)`,
        ).run(randomUUID(), m.checksum, new Date().toISOString(), m.name, startedAt);
        done.push(m.name);
      }
      return done;
    });
    return applyPending.immediate();
  } finally {
    db.close();
  }
}
