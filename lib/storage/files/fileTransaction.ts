import fs from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pLimit from "p-limit";
import type { StagedFiles } from "../stagedFiles";
import { resolveInside } from "./safePath";
import { writeTemp } from "./atomicWrite";
import { syncDirGrouped } from "./groupCommit";

type Put = {
  kind: "put";
  target: string;
  /** Settles when the temp file and the folders created for it are durable; never rejects unobserved. */
  written: Promise<void>;
  temp?: string;
  created: string[];
  backup?: string;
  applied?: boolean;
};
type Change =
  | Put
  | { kind: "append"; target: string; content: string; sizeBefore?: number; existed?: boolean }
  | { kind: "remove"; target: string; parked?: string };

/**
 * File changes staged alongside a database transaction.
 * - put(): starts writing and fsyncing a temp file, and the folders it creates (nothing visible yet); the
 *   writes run side by side, before the transaction when prestaged, else beside its SQL;
 * - ready(): waits for them; a failed write is reported here (or by commit());
 * - append(): appends to a log file at commit, remembering its length;
 * - commit(): waits for the temps (a failed write fails the commit), renames each into place keeping the
 *   replaced file (or removed tree) parked aside, then fsyncs every directory it changed once — not once
 *   per file — through the process's group commit (concurrent units of work share flushes);
 * - rollback(): puts every parked file back, truncates appended logs, deletes what commit() created;
 * - finish(): after the database committed, drops what was parked.
 * So a failure anywhere — staging, renaming, or the database commit itself — leaves the files as they were.
 */
export class FileTransaction implements StagedFiles {
  private changes: Change[] = [];
  // Bounded: an import stages thousands of files in one transaction; unbounded, they would exhaust descriptors.
  private readonly lane = pLimit(8);

  constructor(
    private readonly root: string,
    private readonly trashDir: string,
  ) {}

  async put(key: string, content: string): Promise<void> {
    const target = resolveInside(this.root, key);
    const change: Put = { kind: "put", target, created: [], written: Promise.resolve() };
    change.written = this.lane(async () => {
      change.created = await missingDirs(path.dirname(target), this.root);
      // A new folder is an entry in its parent: flushed now (even before the commit an empty folder or
      // a temp is harmless), so commit() only has to flush the folders its renames change.
      const flushed = creatingFolders(change.created);
      try {
        change.temp = await writeTemp(target, content);
      } finally {
        flushed.start();
      }
      await flushed.done;
    });
    // commit() reports the failure; until then it must not count as an unhandled rejection.
    change.written.catch(() => {});
    this.changes.push(change);
    // Backpressure: an import puts thousands of files; past a few dozen waiting, the caller waits too,
    // so their contents are not all held in memory at once.
    if (this.lane.pendingCount >= 32) await change.written.catch(() => {});
  }

  async append(key: string, content: string): Promise<void> {
    this.changes.push({ kind: "append", target: resolveInside(this.root, key), content });
  }

  async removeTree(key: string): Promise<void> {
    this.changes.push({ kind: "remove", target: resolveInside(this.root, key) });
  }

  async ready(): Promise<void> {
    await this.settled({ throwFirstError: true });
  }

  async commit(): Promise<void> {
    await this.settled({ throwFirstError: true });
    const changedDirs = new Set<string>();
    const folderFlushes: Promise<void>[] = [];
    for (const change of this.changes) {
      if (change.kind === "put") {
        if (await exists(change.target)) {
          change.backup = await this.park(change.target);
        }
        await fs.rename(change.temp!, change.target);
        change.applied = true;
        changedDirs.add(path.dirname(change.target));
      } else if (change.kind === "append") {
        change.existed = await exists(change.target);
        change.sizeBefore = change.existed ? (await fs.stat(change.target)).size : 0;
        if (!change.existed) {
          for (const dir of await missingDirs(path.dirname(change.target), this.root)) changedDirs.add(path.dirname(dir));
          changedDirs.add(path.dirname(change.target));
        }
        await fs.mkdir(path.dirname(change.target), { recursive: true });
        const handle = await fs.open(change.target, "a");
        try {
          await handle.writeFile(change.content);
          await handle.sync();
        } finally {
          await handle.close();
        }
      } else if (await exists(change.target)) {
        change.parked = await this.park(change.target);
        changedDirs.add(path.dirname(change.target));
      }
    }
    // Before the database commits: the rows never point at a rename a power cut could still undo — nor
    // into a folder another unit of work created whose entry is still being flushed.
    const others = this.changes.flatMap((c) => unflushedAbove(path.dirname(c.target), this.root));
    await Promise.all([...[...changedDirs].map(syncDirGrouped), ...folderFlushes, ...others]);
  }

  async rollback(): Promise<void> {
    await this.settled({ throwFirstError: false }); // a temp still being written would outlive its removal
    // Only what commit() got to: a unit refused before it (a conflict) costs no flush.
    const reached = (c: Change) => (c.kind === "put" ? c.applied || c.backup : c.kind === "append" ? c.sizeBefore !== undefined : c.parked);
    const touched = new Set(this.changes.filter(reached).map((c) => path.dirname(c.target)));
    for (const change of [...this.changes].reverse()) {
      if (change.kind === "put") {
        if (change.temp) await fs.rm(change.temp, { force: true });
        if (change.backup) await fs.rename(change.backup, change.target);
        else if (change.applied) await fs.rm(change.target, { force: true });
        for (const dir of [...change.created].reverse()) await fs.rmdir(dir).catch(() => {});
      } else if (change.kind === "append") {
        if (change.sizeBefore === undefined) continue; // never reached
        if (change.existed) await fs.truncate(change.target, change.sizeBefore);
        else await fs.rm(change.target, { force: true });
      } else if (change.parked) {
        await fs.rename(change.parked, change.target);
      }
    }
    this.changes = [];
    // What commit() made durable is undone durably too (best effort: a folder removed above is gone).
    await Promise.all([...touched].map((dir) => syncDirGrouped(dir).catch(() => {})));
  }

  async finish(): Promise<void> {
    for (const change of this.changes) {
      if (change.kind === "append") continue;
      const parked = change.kind === "put" ? change.backup : change.parked;
      if (parked) await fs.rm(parked, { recursive: true, force: true });
    }
    this.changes = [];
  }

  private async settled({ throwFirstError }: { throwFirstError: boolean }): Promise<void> {
    const results = await Promise.allSettled(this.changes.flatMap((c) => (c.kind === "put" ? [c.written] : [])));
    const failed = results.find((r) => r.status === "rejected");
    if (throwFirstError && failed) throw failed.reason;
  }

  private async park(target: string): Promise<string> {
    await fs.mkdir(this.trashDir, { recursive: true });
    const parked = path.join(this.trashDir, `${Date.now()}-${randomBytes(6).toString("hex")}`);
    await fs.rename(target, parked);
    return parked;
  }
}

// Folders some unit of work created whose entry in their parent is not flushed yet. Another unit that finds
// such a folder already there did not create it, so would not flush it: it waits for that flush instead.
const unflushed = new Map<string, Promise<void>>();

/** Registers `created` as unflushed before they exist; `start()` (once they do) flushes their parents. */
function creatingFolders(created: string[]): { start(): void; done: Promise<void> } {
  let start!: () => void;
  const started = new Promise<void>((resolve) => (start = resolve));
  const done = started.then(() => Promise.all(created.map((dir) => syncDirGrouped(path.dirname(dir)))).then(() => {}));
  done.catch(() => {});
  for (const dir of created) unflushed.set(dir, done);
  void done
    .catch(() => {})
    .then(() => {
      for (const dir of created) if (unflushed.get(dir) === done) unflushed.delete(dir);
    });
  return { start, done };
}

/** The pending flushes of folders from `dir` up to the root that another unit of work created. */
function unflushedAbove(dir: string, root: string): Promise<void>[] {
  const out: Promise<void>[] = [];
  for (let d = dir; d.startsWith(path.resolve(root) + path.sep); d = path.dirname(d)) {
    const pending = unflushed.get(d);
    if (pending) out.push(pending);
  }
  return out;
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

/** The directories between `root` and `dir` that do not exist yet (outermost first). */
async function missingDirs(dir: string, root: string): Promise<string[]> {
  const missing: string[] = [];
  let current = dir;
  while (current.startsWith(path.resolve(root) + path.sep) && !(await exists(current))) {
    missing.unshift(current);
    current = path.dirname(current);
  }
  return missing;
}
