import path from "node:path";
import { layout } from "../../domain/workspaceLayout";
import { openPostgres, openSqlite, splitPostgresUrl, type Db } from "./database";
import { applySqliteMigrations } from "./migrationRunner";
import { applyPostgresMigrations } from "./postgresMigrationRunner";

/** Where the database is: `url` "" = SQLite in the workspace; else a postgresql:// URL. */
export interface DatabaseConfig {
  url: string;
  workspaceDir: string;
  projectDir: string;
}

const sqliteFile = (c: DatabaseConfig) => path.join(c.workspaceDir, layout.database);

/** Applies pending migrations to the configured database (SQLite or PostgreSQL); returns their names. */
export async function migrateDatabase(c: DatabaseConfig): Promise<{ applied: string[]; target: string }> {
  if (!c.url) return { applied: applySqliteMigrations(sqliteFile(c), path.join(c.projectDir, "prisma", "migrations")), target: sqliteFile(c) };
  const { connectionString, schema } = splitPostgresUrl(c.url);
  const applied = await applyPostgresMigrations(connectionString, schema, path.join(c.projectDir, "prisma", "postgres", "migrations"));
  const u = new URL(connectionString);
  return { applied, target: `postgresql://${u.host}${u.pathname}${schema ? ` (schema ${schema})` : ""}` };
}

/**
 * Opens the database with pending migrations applied: synchronously for SQLite; for PostgreSQL the
 * client is wrapped so every query first waits for the migrations (`ready`), never a half-built schema.
 */
export function openDatabase(c: DatabaseConfig, log: (message: string, err?: unknown) => void): { db: Db; ready: Promise<void> } {
  if (!c.url) {
    applySqliteMigrations(sqliteFile(c), path.join(c.projectDir, "prisma", "migrations"));
    return { db: openSqlite(sqliteFile(c)), ready: Promise.resolve() };
  }
  const ready = migrateDatabase(c).then(() => {});
  ready.catch((err) => log("cannot migrate the PostgreSQL database", err)); // every query will report it too
  return { db: gated(openPostgres(c.url), ready), ready };
}

function gated(db: Db, ready: Promise<void>): Db {
  return new Proxy(db, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop === "$transaction") return async (...args: unknown[]) => (await ready, (value as (...a: unknown[]) => unknown).apply(target, args));
      if (typeof prop === "string" && !prop.startsWith("$") && value && typeof value === "object") {
        return new Proxy(value, {
          get(model, method) {
            const fn = Reflect.get(model, method);
            return typeof fn === "function" ? async (...args: unknown[]) => (await ready, fn.apply(model, args)) : fn;
          },
        });
      }
      return value;
    },
  });
}
