import type { BlobReader } from "../../domain/ports";
import type { Db } from "../prisma/database";
import { checkedKey, isLogPath } from "../workspaceKey";
import type { ObjectStore } from "./s3ObjectStore";

/**
 * The workspace's files in hosted mode: the database says which object holds a path (so a reader
 * sees exactly what the last committed transaction wrote), and logs are rendered from their rows —
 * byte for byte what local mode's append-only file holds.
 */
export function objectBlobStore(db: Db, store: ObjectStore): BlobReader {
  async function readBytes(path: string): Promise<Buffer | null> {
    checkedKey(path);
    if (isLogPath(path)) {
      const rows = await db.logEntry.findMany({ where: { path }, orderBy: { id: "asc" }, select: { content: true } });
      return rows.length ? Buffer.from(rows.map((r) => r.content).join("")) : null;
    }
    const row = await db.storedObject.findUnique({ where: { path }, select: { key: true } });
    if (!row) return null;
    const body = await store.get(row.key);
    if (body) return body;
    // Replaced (and its old object deleted) between reading the row and the object: read the new one.
    const now = await db.storedObject.findUnique({ where: { path }, select: { key: true } });
    return now && now.key !== row.key ? store.get(now.key) : null;
  }
  return {
    readBytes,
    async read(path) {
      return (await readBytes(path))?.toString("utf8") ?? null;
    },
    async list(folders) {
      const under = { OR: folders.map((f) => ({ path: { startsWith: `${checkedKey(f)}/` } })) };
      const [objects, logs] = await Promise.all([
        db.storedObject.findMany({ where: under, select: { path: true } }),
        db.logEntry.findMany({ where: under, select: { path: true }, distinct: ["path"] }),
      ]);
      return [...new Set([...objects, ...logs].map((r) => r.path))].sort();
    },
  };
}

/**
 * Deletes objects no row points at: uploads of transactions that rolled back or died, and objects a
 * finished transaction replaced but could not delete. Only objects older than `graceMs` — a younger
 * one may belong to a transaction still running on another instance.
 */
export async function sweepObjects(db: Db, store: ObjectStore, graceMs: number, now = new Date()): Promise<number> {
  const objects = await store.list("objects/");
  const old = objects.filter((o) => now.getTime() - o.lastModified.getTime() > graceMs).map((o) => o.key);
  if (!old.length) return 0;
  const live = new Set<string>();
  for (let i = 0; i < old.length; i += 500) {
    const rows = await db.storedObject.findMany({ where: { key: { in: old.slice(i, i + 500) } }, select: { key: true } });
    for (const r of rows) live.add(r.key);
  }
  const orphans = old.filter((k) => !live.has(k));
  await store.delete(orphans);
  return orphans.length;
}
