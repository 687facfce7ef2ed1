import type { Prisma } from "../../generated/prisma/client";
import type { FileChanges } from "../domain/ports";

/** File changes staged for a database transaction: made durable as its last step, undone if it fails. */
export interface StagedFiles extends FileChanges {
  /** Waits for what put() started (written and durable, nothing visible yet); a failure is the write's. */
  ready(): Promise<void>;
  /** Inside the transaction, as its last step (a failure here rolls the transaction back). */
  commit(tx: Prisma.TransactionClient): Promise<void>;
  /** The transaction failed (or commit() did): nothing staged may remain visible. */
  rollback(): Promise<void>;
  /** After the transaction committed: drops what was kept only to undo. */
  finish(): Promise<void>;
}
