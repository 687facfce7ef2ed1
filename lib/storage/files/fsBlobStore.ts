import fs from "node:fs/promises";
import type { BlobReader } from "../../domain/ports";
import { resolveInside } from "./safePath";

/** Reads workspace files by relative key; the blob store of the local edition. */
export function fsBlobStore(root: string): BlobReader {
  return {
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
