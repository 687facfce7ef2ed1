import pLimit from "p-limit";
import { ulid } from "ulidx";
import type { Prisma } from "../../../generated/prisma/client";
import type { StagedFiles } from "../stagedFiles";
import { checkedKey, isLogPath } from "../workspaceKey";
import type { ObjectStore } from "./s3ObjectStore";

type Change =
  | { kind: "put"; path: string; key: string; bytes: number }
  | { kind: "append"; path: string; content: string }
  | { kind: "rewrite"; path: string; content: string }
  | { kind: "remove"; path: string };

/**
 * File changes of a unit of work in hosted mode. An object store has no rename and no append, so:
 * - put(): starts uploading under a new key (nothing points at it yet, so nothing is visible); uploads
 *   run side by side, and commit() waits for them all before it writes a row;
 * - append(): a log row, inserted with the transaction (a log put whole is one row replacing its rows);
 * - commit() (the transaction's last step): points each path at its new key, inserts the log rows,
 *   drops the rows of removed trees — all inside the database transaction;
 * - rollback(): deletes the keys uploaded for nothing — unless commit() had finished: then the database
 *   may have committed after all (a connection lost at COMMIT), and only the sweep, which checks that no
 *   row names a key, may delete them; finish(): deletes the keys replaced or removed.
 * Either the database commits and every path names its complete new object, or it does not and every
 * path still names its old one. Keys a crash left behind are collected by sweepObjects().
 */
export class ObjectTransaction implements StagedFiles {
  private changes: Change[] = [];
  private uploaded: string[] = [];
  private uploads: Promise<void>[] = [];
  private replaced: string[] = [];
  private committed = false;
  private readonly lane = pLimit(8);

  constructor(
    private readonly store: ObjectStore,
    private readonly now: () => Date,
  ) {}

  async put(path: string, content: string): Promise<void> {
    // A log written whole (a new thread's empty chat, an imported run's events) is rows like its appends.
    if (isLogPath(checkedKey(path))) return void this.changes.push({ kind: "rewrite", path, content });
    const key = `objects/${checkedKey(path)}~${ulid()}`;
    this.uploaded.push(key);
    this.uploads.push(this.lane(() => this.store.put(key, content)));
    this.changes.push({ kind: "put", path, key, bytes: Buffer.byteLength(content) });
  }

  async append(path: string, content: string): Promise<void> {
    this.changes.push({ kind: "append", path: checkedKey(path), content });
  }

  async removeTree(path: string): Promise<void> {
    this.changes.push({ kind: "remove", path: checkedKey(path) });
  }

  async ready(): Promise<void> {
    await Promise.all(this.uploads);
  }

  async commit(tx: Prisma.TransactionClient): Promise<void> {
    await Promise.all(this.uploads);
    const at = this.now();
    for (const change of this.changes) {
      if (change.kind === "put") {
        // Lock the row first (a no-op update): a concurrent writer of the same path then reads the key
        // that writer committed, not the one both started from. (Two first writes of a new path have no
        // row to lock: the loser's object is left to the sweep.)
        await tx.storedObject.updateMany({ where: { path: change.path }, data: { bytes: { increment: 0 } } });
        const before = await tx.storedObject.findUnique({ where: { path: change.path }, select: { key: true } });
        await tx.storedObject.upsert({
          where: { path: change.path },
          create: { path: change.path, key: change.key, bytes: change.bytes, updatedAt: at },
          update: { key: change.key, bytes: change.bytes, updatedAt: at },
        });
        if (before) this.replaced.push(before.key);
      } else if (change.kind === "append") {
        await tx.logEntry.create({ data: { path: change.path, content: change.content } });
      } else if (change.kind === "rewrite") {
        await tx.logEntry.deleteMany({ where: { path: change.path } });
        await tx.logEntry.create({ data: { path: change.path, content: change.content } });
      } else {
        const under = { OR: [{ path: change.path }, { path: { startsWith: `${change.path}/` } }] };
        const gone = await tx.storedObject.findMany({ where: under, select: { key: true } });
        await tx.storedObject.deleteMany({ where: under });
        await tx.logEntry.deleteMany({ where: under });
        this.replaced.push(...gone.map((g) => g.key));
      }
    }
    this.committed = true;
  }

  async rollback(): Promise<void> {
    await Promise.allSettled(this.uploads);
    const keys = this.committed ? [] : this.uploaded;
    this.changes = [];
    this.uploaded = [];
    this.replaced = [];
    await this.store.delete(keys).catch(() => {}); // left over: sweepObjects() collects them
  }

  async finish(): Promise<void> {
    const keys = this.replaced;
    this.changes = [];
    this.uploaded = [];
    this.replaced = [];
    await this.store.delete(keys).catch(() => {});
  }
}
