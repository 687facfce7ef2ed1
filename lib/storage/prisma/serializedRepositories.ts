import type { Repositories } from "../../domain/ports";
import type { Db } from "./database";
import { prismaRepositories } from "./prismaRepositories";

/**
 * The repositories for use outside a unit of work, each call in its own short transaction.
 * Why: the SQLite driver adapter runs every query on one connection and serialises only
 * transactions; a bare query issued while another request's transaction is open would run inside
 * it — reading its uncommitted rows, or being rolled back with it. Going through $transaction puts
 * each call in the same queue as the units of work (on PostgreSQL it is merely a cheap transaction).
 */
export function serializedRepositories(db: Db): Repositories {
  const shape = prismaRepositories(db);
  const out: Record<string, Record<string, unknown>> = {};
  for (const [repoName, repo] of Object.entries(shape)) {
    out[repoName] = {};
    for (const method of Object.keys(repo)) {
      out[repoName][method] = (...args: unknown[]) =>
        db.$transaction((tx) => {
          const r = prismaRepositories(tx) as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>;
          return r[repoName][method](...args);
        });
    }
  }
  return out as unknown as Repositories;
}
