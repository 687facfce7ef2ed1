import fs from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";

export const TEMP_MARK = ".vmtmp-";

/**
 * Node's recursive mkdir reports ENOENT when a read-only file system refuses the directory; find the
 * nearest existing ancestor and report why it cannot be written (EROFS, EACCES) instead.
 */
async function explained(err: unknown, dir: string): Promise<unknown> {
  if ((err as NodeJS.ErrnoException).code !== "ENOENT") return err;
  let d = dir;
  while (d !== path.dirname(d)) {
    try {
      await fs.access(d);
    } catch {
      d = path.dirname(d);
      continue;
    }
    try {
      await fs.access(d, fs.constants.W_OK);
      return err;
    } catch (why) {
      return why;
    }
  }
  return err;
}

/** Writes a temp file beside `target` and fsyncs it; the caller renames it into place. */
export async function writeTemp(target: string, content: string | Uint8Array): Promise<string> {
  try {
    await fs.mkdir(path.dirname(target), { recursive: true });
  } catch (err) {
    throw await explained(err, path.dirname(target));
  }
  const temp = path.join(path.dirname(target), `${TEMP_MARK}${path.basename(target)}.${randomBytes(6).toString("hex")}`);
  const handle = await fs.open(temp, "wx", 0o644);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } catch (err) {
    // A disk that filled up mid-write must not keep half a file until the next start's sweep.
    await handle.close().catch(() => {});
    await fs.rm(temp, { force: true });
    throw err;
  }
  await handle.close();
  return temp;
}

/** fsync a directory so a rename inside it survives a power cut. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** temp + fsync + rename: readers see the old file or the new one, never half of one. */
export async function writeFileAtomic(target: string, content: string | Uint8Array): Promise<void> {
  const temp = await writeTemp(target, content);
  try {
    await fs.rename(temp, target);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
  await syncDir(path.dirname(target));
}
