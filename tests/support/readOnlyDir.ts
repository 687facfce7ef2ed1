import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * Makes a directory really read-only and gives a function that undoes it. As root (CI, containers)
 * permissions are not enforced, so a read-only bind mount of the directory onto itself is used;
 * otherwise the write bits are removed.
 */
export function makeReadOnly(dir: string): () => void {
  if (process.getuid?.() === 0) {
    execFileSync("mount", ["--bind", dir, dir]);
    execFileSync("mount", ["-o", "remount,ro,bind", dir]);
    return () => execFileSync("umount", [dir]);
  }
  const dirs: string[] = [];
  const walk = (d: string) => {
    dirs.push(d);
    for (const e of fs.readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) walk(path.join(d, e.name));
  };
  walk(dir);
  for (const d of dirs) fs.chmodSync(d, 0o555);
  return () => dirs.reverse().forEach((d) => fs.chmodSync(d, 0o755));
}
