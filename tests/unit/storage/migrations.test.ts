import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "vitest";
import { diffMigrationsToSchema, MIGRATIONS_DIR, SCHEMA_PATH } from "@/scripts/schemaEngine";
import { applySqliteMigrations, readMigrations } from "@/lib/storage/prisma/migrationRunner";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "vm-mig-"));

test("prisma/migrations produce exactly the schema in schema.prisma", async () => {
  expect(await diffMigrationsToSchema()).toBe("");
}, 60_000);

test("the drift check notices a schema change that has no migration", async () => {
  const dir = tmp();
  const schema = path.join(dir, "schema.prisma");
  fs.writeFileSync(
    schema,
    fs.readFileSync(SCHEMA_PATH, "utf8").replace("model Brand {", "model Brand {\n  nickname String?"),
  );
  const sql = await diffMigrationsToSchema(schema, MIGRATIONS_DIR);
  expect(sql).toMatch(/ALTER TABLE "brands" ADD COLUMN "nickname" TEXT/);
}, 60_000);

test("the runner applies every migration once, records it as Prisma does, and leaves the database in WAL mode", () => {
  const file = path.join(tmp(), "workspace.sqlite3");
  const names = readMigrations(MIGRATIONS_DIR).map((m) => m.name);
  expect(applySqliteMigrations(file, MIGRATIONS_DIR)).toEqual(names);
  expect(applySqliteMigrations(file, MIGRATIONS_DIR)).toEqual([]);
  const db = new Database(file, { readonly: true });
  expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
  const rows = db.prepare(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"`).all() as any[];
  expect(rows.map((r) => r.migration_name)).toEqual(names);
  expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.checksum) && r.finished_at)).toBe(true);
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type='table' ORDER BY name`).all() as any[];
  expect(tables.map((t) => t.name)).toEqual(
    expect.arrayContaining(["brands", "products", "threads", "runs", "stages", "stage_attempts", "artifacts", "decisions", "feedback", "chat_messages", "canonical_versions", "promotions"]),
  );
  db.close();
});

test("a migration edited after it was applied stops the runner instead of being silently skipped", () => {
  const dir = tmp();
  const migrations = path.join(dir, "migrations");
  fs.cpSync(MIGRATIONS_DIR, migrations, { recursive: true });
  const file = path.join(dir, "workspace.sqlite3");
  applySqliteMigrations(file, migrations);
  const first = readMigrations(migrations)[0].name;
  fs.appendFileSync(path.join(migrations, first, "migration.sql"), "\n-- edited\n");
  expect(() => applySqliteMigrations(file, migrations)).toThrow(/edited after it was applied/);
});

test("the PostgreSQL schema is schema.prisma with the PostgreSQL provider, and has a migration history of its own", async () => {
  const { postgresSchemaText, PG_SCHEMA_PATH, PG_MIGRATIONS_DIR } = await import("@/scripts/postgresSchema");
  expect(fs.readFileSync(PG_SCHEMA_PATH, "utf8")).toBe(postgresSchemaText());
  expect(fs.readFileSync(path.join(PG_MIGRATIONS_DIR, "migration_lock.toml"), "utf8")).toMatch(/provider = "postgresql"/);
  // One history per database, migration for migration.
  expect(readMigrations(PG_MIGRATIONS_DIR).map((m) => m.name)).toEqual(readMigrations(MIGRATIONS_DIR).map((m) => m.name));
  const sql = readMigrations(PG_MIGRATIONS_DIR).map((m) => m.sql).join("\n");
  for (const table of ["brands", "products", "threads", "runs", "stages", "stage_attempts", "artifacts", "decisions", "feedback", "chat_messages", "canonical_versions", "promotions"]) {
    expect(sql).toContain(`CREATE TABLE "${table}"`);
  }
});
