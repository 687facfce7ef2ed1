import fs from "node:fs";
import path from "node:path";
import { TEMP_MARK } from "./atomicWrite";

/** Removes temp files a crash left behind mid-write; they were never visible under their real names. */
export function sweepTempFiles(root: string): number {
  let removed = 0;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== ".trash" && entry.name !== "memory") walk(full);
      } else if (entry.name.startsWith(TEMP_MARK)) {
        fs.rmSync(full, { force: true });
        removed++;
      }
    }
  };
  walk(root);
  return removed;
}
