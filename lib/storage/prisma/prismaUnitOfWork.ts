import type { Prisma } from "../../../generated/prisma/client";
import type { FileChanges, Repositories, UnitOfWork } from "../../domain/ports";
import type { StagedFiles } from "../stagedFiles";
import type { Db } from "./database";
import { prismaRepositories } from "./prismaRepositories";

/**
 * One database transaction plus the file changes that belong to it. Files are staged during the
 * transaction and made visible as its last step; if that fails the transaction rolls back, and if the
 * commit itself fails the files are rolled back too — either both land or neither does. Which files
 * (the workspace on disk, or objects and log rows in hosted mode) is the caller's choice of `stage`.
 */
export function prismaUnitOfWork(
  db: Db,
  stage: (tx: Prisma.TransactionClient) => StagedFiles,
  /** Longer than Prisma's 5 s default where files are uploads to an object store (an import has many). */
  limits?: { timeoutMs: number; maxWaitMs: number },
): UnitOfWork {
  return {
    async run<T>(work: (tx: Repositories & { files: FileChanges }) => Promise<T>): Promise<T> {
      let files: StagedFiles | null = null;
      let result: T;
      try {
        result = await db.$transaction(async (tx) => {
          files = stage(tx);
          const value = await work({ ...prismaRepositories(tx), files });
          await files.commit();
          return value;
        }, limits && { timeout: limits.timeoutMs, maxWait: limits.maxWaitMs });
      } catch (err) {
        await (files as StagedFiles | null)?.rollback();
        throw err;
      }
      await (files as StagedFiles | null)?.finish();
      return result;
    },
  };
}
