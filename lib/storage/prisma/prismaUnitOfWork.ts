import type { FileChanges, Repositories, UnitOfWork } from "../../domain/ports";
import { FileTransaction } from "../files/fileTransaction";
import type { Db } from "./database";
import { prismaRepositories } from "./prismaRepositories";

/**
 * One database transaction plus the file changes that belong to it. Files are staged during the
 * transaction and renamed into place as its last step; if that fails the transaction rolls back, and
 * if the commit itself fails the files are rolled back too — either both land or neither does.
 */
export function prismaUnitOfWork(db: Db, workspaceDir: string, trashDir: string): UnitOfWork {
  return {
    async run<T>(work: (tx: Repositories & { files: FileChanges }) => Promise<T>): Promise<T> {
      const files = new FileTransaction(workspaceDir, trashDir);
      let result: T;
      try {
        result = await db.$transaction(async (tx) => {
          const value = await work({ ...prismaRepositories(tx), files });
          await files.commit();
          return value;
        });
      } catch (err) {
        await files.rollback();
        throw err;
      }
      await files.finish();
      return result;
    },
  };
}
