// prisma/postgres/schema.prisma is prisma/schema.prisma with the PostgreSQL provider and its own client
// output: one data model, two databases. `npm run migrate:new` rewrites it; a test checks it is current.
import fs from "node:fs";
import path from "node:path";

export const PG_SCHEMA_PATH = path.resolve("prisma", "postgres", "schema.prisma");
export const PG_MIGRATIONS_DIR = path.resolve("prisma", "postgres", "migrations");

export function postgresSchemaText(sqliteSchema = fs.readFileSync(path.resolve("prisma", "schema.prisma"), "utf8")): string {
  const out = sqliteSchema
    .replace('output       = "../generated/prisma"', 'output       = "../../generated/prisma-pg"')
    .replace(/datasource db \{\s*provider = "sqlite"\s*\}/, 'datasource db {\n  provider = "postgresql"\n}');
  if (out === sqliteSchema || !out.includes('provider = "postgresql"') || !out.includes("generated/prisma-pg")) {
    throw new Error("prisma/schema.prisma no longer has the generator output / datasource this script rewrites");
  }
  return "// GENERATED from prisma/schema.prisma by scripts/postgresSchema.ts — do not edit by hand.\n" + out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve("scripts/postgresSchema.ts")) {
  fs.mkdirSync(path.dirname(PG_SCHEMA_PATH), { recursive: true });
  fs.writeFileSync(PG_SCHEMA_PATH, postgresSchemaText());
  console.log(`wrote ${path.relative(process.cwd(), PG_SCHEMA_PATH)}`);
}
