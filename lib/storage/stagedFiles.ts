import type { FileChanges } from "../domain/ports";

/** File changes staged during a database transaction: made durable as its last step, undone if it fails. */
export interface StagedFiles extends FileChanges {
  /** Inside the transaction, as its last step (a failure here rolls the transaction back). */
  commit(): Promise<void>;
  /** The transaction failed (or commit() did): nothing staged may remain visible. */
  rollback(): Promise<void>;
  /** After the transaction committed: drops what was kept only to undo. */
  finish(): Promise<void>;
}
