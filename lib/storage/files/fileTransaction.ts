import fs from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { StagedFiles } from "../stagedFiles";
import { resolveInside } from "./safePath";
import { syncDir, writeTemp } from "./atomicWrite";

type Change =
  | { kind: "put"; target: string; temp: string; created: string[]; backup?: string; applied?: boolean }
  | { kind: "append"; target: string; content: string; sizeBefore?: number; existed?: boolean }
  | { kind: "remove"; target: string; parked?: string };

/**
 * File changes staged alongside a database transaction.
 * - put(): writes and fsyncs a temp file at once (nothing visible yet);
 * - append(): appends to a log file at commit, remembering its length;
 * - commit(): renames every temp into place, keeping the replaced file (or removed tree) parked aside;
 * - rollback(): puts every parked file back, truncates appended logs, deletes what commit() created;
 * - finish(): after the database committed, drops what was parked.
 * So a failure anywhere — staging, renaming, or the database commit itself — leaves the files as they were.
 */
export class FileTransaction implements StagedFiles {
  private changes: Change[] = [];

  constructor(
    private readonly root: string,
    private readonly trashDir: string,
  ) {}

  async put(key: string, content: string): Promise<void> {
    const target = resolveInside(this.root, key);
    const created = await missingDirs(path.dirname(target), this.root);
    const temp = await writeTemp(target, content);
    this.changes.push({ kind: "put", target, temp, created });
  }

  async append(key: string, content: string): Promise<void> {
    this.changes.push({ kind: "append", target: resolveInside(this.root, key), content });
  }

  async removeTree(key: string): Promise<void> {
    this.changes.push({ kind: "remove", target: resolveInside(this.root, key) });
  }

  async commit(): Promise<void> {
    for (const change of this.changes) {
      if (change.kind === "put") {
        if (await exists(change.target)) {
          change.backup = await this.park(change.target);
        }
        await fs.rename(change.temp, change.target);
        change.applied = true;
        await syncDir(path.dirname(change.target));
      } else if (change.kind === "append") {
        change.existed = await exists(change.target);
        change.sizeBefore = change.existed ? (await fs.stat(change.target)).size : 0;
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
      }
    }
  }

  async rollback(): Promise<void> {
    for (const change of [...this.changes].reverse()) {
      if (change.kind === "put") {
        await fs.rm(change.temp, { force: true });
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
  }

  async finish(): Promise<void> {
    for (const change of this.changes) {
      if (change.kind === "append") continue;
      const parked = change.kind === "put" ? change.backup : change.parked;
      if (parked) await fs.rm(parked, { recursive: true, force: true });
    }
    this.changes = [];
  }

  private async park(target: string): Promise<string> {
    await fs.mkdir(this.trashDir, { recursive: true });
    const parked = path.join(this.trashDir, `${Date.now()}-${randomBytes(6).toString("hex")}`);
    await fs.rename(target, parked);
    return parked;
  }
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
