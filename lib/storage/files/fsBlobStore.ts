import fs from "node:fs/promises";
import path from "node:path";
import type { BlobReader } from "../../domain/ports";
import { resolveInside } from "./safePath";
import { TEMP_MARK } from "./atomicWrite";

/** Reads workspace files by relative key; the blob store of the local edition. */
export function fsBlobStore(root: string): BlobReader {
  return {
    async readBytes(key) {
      try {
        return await fs.readFile(resolveInside(root, key));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw err;
      }
    },
    async list(folders) {
      const out: string[] = [];
      const walk = async (dir: string) => {
        let entries;
        try {
          entries = await fs.readdir(dir, { withFileTypes: true });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
          throw err;
        }
        for (const e of entries) {
          const full = path.join(dir, e.name);
          if (e.isDirectory()) await walk(full);
          else if (e.isFile() && !e.name.startsWith(TEMP_MARK)) out.push(path.relative(root, full).split(path.sep).join("/"));
        }
      };
      for (const f of folders) await walk(resolveInside(root, f));
      return out.sort();
    },
    async read(key) {
      try {
        return await fs.readFile(resolveInside(root, key), "utf8");
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw err;
      }
    },
  };
}
