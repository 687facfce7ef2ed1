import fs from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";

export const TEMP_MARK = ".vmtmp-";

/** Writes a temp file beside `target` and fsyncs it; the caller renames it into place. */
export async function writeTemp(target: string, content: string | Uint8Array): Promise<string> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temp = path.join(path.dirname(target), `${TEMP_MARK}${path.basename(target)}.${randomBytes(6).toString("hex")}`);
  const handle = await fs.open(temp, "wx", 0o644);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
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
