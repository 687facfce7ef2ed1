import fs from "node:fs";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { MigrationError, readMigrations } from "./migrationRunner";

// The PostgreSQL twin of the SQLite runner: prisma/postgres/migrations applied in order inside one
// transaction (PostgreSQL has transactional DDL), recorded in Prisma's `_prisma_migrations`, with an
// advisory lock so two servers starting at once do not both migrate.

const LEDGER = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

const LOCK_KEY = 7_270_301; // "vm-studio migrations"

export async function applyPostgresMigrations(connectionString: string, schema: string | null, migrationsDir: string): Promise<string[]> {
  if (!fs.existsSync(migrationsDir)) throw new MigrationError(`no PostgreSQL migrations in ${migrationsDir}`);
  const migrations = readMigrations(migrationsDir);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [LOCK_KEY]);
    if (schema) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, '""')}"`);
      await client.query(`SET LOCAL search_path TO "${schema.replace(/"/g, '""')}"`);
    }
    await client.query(LEDGER);
    const applied = new Map(
      (
        await client.query<{ name: string; checksum: string }>(
          `SELECT migration_name AS name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        )
      ).rows.map((r) => [r.name, r.checksum]),
    );
    const known = new Set(migrations.map((m) => m.name));
    const unknown = [...applied.keys()].filter((n) => !known.has(n));
    if (unknown.length) throw new MigrationError(`the database was migrated by a newer version (unknown migrations: ${unknown.join(", ")})`);
    const done: string[] = [];
    for (const m of migrations) {
      const checksum = applied.get(m.name);
      if (checksum !== undefined) {
        if (checksum !== m.checksum) throw new MigrationError(`migration ${m.name} was edited after it was applied to this database`);
        continue;
      }
      const startedAt = new Date();
      await client.query(m.sql);
      await client.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, $4, 1)`,
        [randomUUID(), m.checksum, m.name, startedAt],
      );
      done.push(m.name);
    }
    await client.query("COMMIT");
    return done;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    await client.end();
  }
}
