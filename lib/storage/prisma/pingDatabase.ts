import type { Db } from "./database";

/** The cheapest round trip that proves the database answers (in a transaction, like every other read here). */
export async function pingDatabase(db: Db): Promise<void> {
  await db.$transaction((tx) => tx.$queryRawUnsafe("SELECT 1"));
}
