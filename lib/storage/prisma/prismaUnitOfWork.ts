import type { Prisma } from "../../../generated/prisma/client";
import type { FileChanges, Repositories, UnitOfWork, UnitOfWorkOptions } from "../../domain/ports";
import type { StagedFiles } from "../stagedFiles";
import type { Db } from "./database";
import { prismaRepositories } from "./prismaRepositories";

/**
 * One database transaction plus the file changes that belong to it. Files are staged during the
 * transaction and made visible as its last step; if that fails the transaction rolls back, and if the
 * commit itself fails the files are rolled back too — either both land or neither does. Which files
 * (the workspace on disk, or objects and log rows in hosted mode) is the caller's choice of `stage`.
 * What is prestaged is written before the transaction begins: the database (one writer on SQLite) is
 * held only for the renames or row updates that publish the files, not for writing and flushing them.
 */
export function prismaUnitOfWork(
  db: Db,
  stage: () => StagedFiles,
  /** Longer than Prisma's 5 s default where files are uploads to an object store (an import has many). */
  limits?: { timeoutMs: number; maxWaitMs: number },
): UnitOfWork {
  return {
    async run<T>(work: (tx: Repositories & { files: FileChanges }) => Promise<T>, opts: UnitOfWorkOptions = {}): Promise<T> {
      const files = stage();
      let result: T;
      try {
        if (opts.prestage) {
          await opts.prestage(files);
          await files.ready();
        }
        result = await db.$transaction(async (tx: Prisma.TransactionClient) => {
          const value = await work({ ...prismaRepositories(tx), files });
          await files.commit(tx);
          return value;
        }, limits && { timeout: limits.timeoutMs, maxWait: limits.maxWaitMs });
      } catch (err) {
        await files.rollback();
        throw err;
      }
      await files.finish();
      return result;
    },
  };
}
