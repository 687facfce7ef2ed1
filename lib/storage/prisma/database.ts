import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../../generated/prisma/client";
import { PrismaClient as PgPrismaClient } from "../../../generated/prisma-pg/client";

export type Db = PrismaClient;

/** Opens the workspace's SQLite database through Prisma's better-sqlite3 driver adapter. */
export function openSqlite(file: string): Db {
  // timeout = SQLite busy timeout: a second writer waits for the first instead of failing at once.
  const adapter = new PrismaBetterSqlite3({ url: file, timeout: 5000 });
  return new PrismaClient({ adapter });
}

/** `postgresql://…?schema=name`: the connection string without Prisma's `schema` parameter, and that schema. */
export function splitPostgresUrl(url: string): { connectionString: string; schema: string | null } {
  const u = new URL(url);
  const schema = u.searchParams.get("schema");
  u.searchParams.delete("schema");
  return { connectionString: u.toString(), schema };
}

/**
 * Opens PostgreSQL through Prisma's pg driver adapter. The client is generated from the same data model
 * (prisma/postgres/schema.prisma), so it answers the same calls as the SQLite one.
 */
export function openPostgres(url: string): Db {
  const { connectionString, schema } = splitPostgresUrl(url);
  const adapter = new PrismaPg({ connectionString }, schema ? { schema } : undefined);
  return new PgPrismaClient({ adapter }) as unknown as Db;
}
