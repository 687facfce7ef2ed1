// npm run migrate            — apply pending migrations to the configured database (SQLite or PostgreSQL)
// npm run migrate:new <name> — write prisma/migrations/<stamp>_<name>/migration.sql from schema.prisma
import fs from "node:fs";
import path from "node:path";
import { databaseConfig, loadSettings } from "../lib/config/settings";
import { migrateDatabase } from "../lib/storage/prisma/openDatabase";
import { MIGRATIONS_DIR, diffEmptyToSchema, diffMigrationsToSchema } from "./schemaEngine";
import { PG_MIGRATIONS_DIR, PG_SCHEMA_PATH, postgresSchemaText } from "./postgresSchema";

async function main() {
  const [command, name] = process.argv.slice(2);
  if (command === "new") {
    if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error("usage: npm run migrate:new <snake_case_name>");
    const lock = path.join(MIGRATIONS_DIR, "migration_lock.toml");
    if (!fs.existsSync(lock)) {
      fs.mkdirSync(MIGRATIONS_DIR, { recursive: true });
      fs.writeFileSync(lock, '# Written by scripts/migrate.ts; keep it in version control.\nprovider = "sqlite"\n');
    }
    const sql = await diffMigrationsToSchema();
    if (!sql) {
      console.log("schema.prisma and prisma/migrations agree: nothing to write.");
      return;
    }
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "migration.sql"), sql + "\n");
    console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
    // PostgreSQL keeps its own history: the difference between the previous PostgreSQL schema and the new one.
    const previous = fs.existsSync(PG_SCHEMA_PATH) ? fs.readFileSync(PG_SCHEMA_PATH, "utf8") : null;
    fs.mkdirSync(path.dirname(PG_SCHEMA_PATH), { recursive: true });
    fs.writeFileSync(PG_SCHEMA_PATH, postgresSchemaText());
    const pgSql = await diffEmptyToSchema(PG_SCHEMA_PATH, previous);
    const pgDir = path.join(PG_MIGRATIONS_DIR, `${stamp}_${name}`);
    fs.mkdirSync(pgDir, { recursive: true });
    fs.writeFileSync(path.join(pgDir, "migration.sql"), pgSql + "\n");
    const pgLock = path.join(PG_MIGRATIONS_DIR, "migration_lock.toml");
    if (!fs.existsSync(pgLock)) fs.writeFileSync(pgLock, '# Written by scripts/migrate.ts; keep it in version control.\nprovider = "postgresql"\n');
    console.log(`wrote ${path.relative(process.cwd(), pgDir)}/migration.sql`);
    return;
  }
  if (command === "apply") {
    // SQLite in the workspace, or PostgreSQL when database.url / DATABASE_URL says so.
    const { applied, target } = await migrateDatabase(databaseConfig(loadSettings()));
    console.log(applied.length ? `applied to ${target}: ${applied.join(", ")}` : `${target} is up to date`);
    return;
  }
  throw new Error("usage: tsx scripts/migrate.ts new <name> | apply");
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
