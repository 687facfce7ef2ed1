import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../../../generated/prisma/client";

export type Db = PrismaClient;

/** Opens the workspace's SQLite database through Prisma's better-sqlite3 driver adapter. */
export function openSqlite(file: string): Db {
  // timeout = SQLite busy timeout: a second writer waits for the first instead of failing at once.
  const adapter = new PrismaBetterSqlite3({ url: file, timeout: 5000 });
  return new PrismaClient({ adapter });
}
