import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "../../../generated/prisma/client";
import { PrismaClient as PgPrismaClient } from "../../../generated/prisma-pg/client";

export type Db = PrismaClient;

/**
 * Opens the workspace's SQLite database through Prisma's better-sqlite3 driver adapter, in WAL mode with
 * synchronous=FULL: a commit is on disk when it returns, as the files written with it are. (better-sqlite3
 * builds SQLite with WAL's default lowered to NORMAL, which survives a killed process but may lose the last
 * commits to a power cut — leaving files a version ahead of their rows. Said here, not left to the build.)
 */
export function openSqlite(file: string): Db {
  // timeout = SQLite busy timeout: a second writer waits for the first instead of failing at once.
  const factory = new PrismaBetterSqlite3({ url: file, timeout: 5000 });
  const adapter: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const connection = await factory.connect();
      await connection.executeScript(SQLITE_DURABILITY);
      return connection;
    },
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
  return new PrismaClient({ adapter });
}

/** Per connection (SQLite does not store it in the file). */
const SQLITE_DURABILITY = "PRAGMA synchronous = FULL;";

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
