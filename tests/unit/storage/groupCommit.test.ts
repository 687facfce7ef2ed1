import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { groupCommit } from "@/lib/storage/files/groupCommit";
import { FileTransaction } from "@/lib/storage/files/fileTransaction";
import { listFiles } from "../../support/tempWorkspace";

/** A flush the test finishes by hand, recording when each one started. */
function manualFlush() {
  const flushes: { key: string; done: () => void; fail: (err: Error) => void }[] = [];
  const flush = (key: string) =>
    new Promise<void>((resolve, reject) => void flushes.push({ key, done: resolve, fail: reject }));
  return { flushes, sync: groupCommit(flush) };
}
const tick = () => new Promise((r) => setTimeout(r, 0));
const state = (p: Promise<unknown>) => {
  const s = { settled: false as boolean, error: undefined as unknown };
  p.then(() => void (s.settled = true), (e) => void ((s.settled = true), (s.error = e)));
  return s;
};

test("writers that ask while a flush is in flight share the next one, never the one that began before they asked", async () => {
  const { flushes, sync } = manualFlush();
  const first = state(sync("brands"));
  const later = Array.from({ length: 20 }, () => state(sync("brands")));
  await tick();
  expect(flushes).toHaveLength(1);

  flushes[0].done();
  await tick();
  expect(first.settled).toBe(true);
  // Their renames may have come after flush 1 started: they are not durable yet.
  expect(later.some((s) => s.settled)).toBe(false);
  expect(flushes).toHaveLength(2);

  flushes[1].done();
  await tick();
  expect(later.every((s) => s.settled && s.error === undefined)).toBe(true);
  expect(flushes).toHaveLength(2); // 21 writers, 2 fsyncs
});

test("a failed flush reaches every writer that waited on it, and the next writer gets a fresh flush", async () => {
  const { flushes, sync } = manualFlush();
  const first = state(sync("brands"));
  const waiting = [state(sync("brands")), state(sync("brands"))];
  await tick();
  flushes[0].done();
  await tick();
  flushes[1].fail(Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" }));
  await tick();
  expect(first.error).toBeUndefined();
  expect(waiting.map((s) => (s.error as NodeJS.ErrnoException | undefined)?.code)).toEqual(["EIO", "EIO"]);

  const after = state(sync("brands"));
  await tick();
  expect(flushes).toHaveLength(3);
  flushes[2].done();
  await tick();
  expect(after).toMatchObject({ settled: true, error: undefined });
});

test("different folders are flushed independently, side by side", async () => {
  const { flushes, sync } = manualFlush();
  const a = state(sync("brands/a"));
  const b = state(sync("brands/b"));
  await tick();
  expect(flushes.map((f) => f.key)).toEqual(["brands/a", "brands/b"]);
  flushes[1].done();
  await tick();
  expect([a.settled, b.settled]).toEqual([false, true]);
});

test("concurrent units of work on the real disk: each lands whole, and a failed one leaves nothing and spoils no other", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "vm-gc-"));
  fs.mkdirSync(path.join(root, "brands"));
  fs.writeFileSync(path.join(root, "brands", "blocked"), "a file where a folder should be");
  const unit = async (id: string) => {
    const t = new FileTransaction(root, path.join(root, ".trash"));
    await t.put(`brands/${id}/brand.json`, `{"id":"${id}"}`);
    await t.put(`brands/${id}/soul.md`, `alma ${id}\n`.repeat(1000));
    try {
      await t.ready(); // what a prestaged unit does before it takes the database
      await t.commit();
    } catch (err) {
      await t.rollback();
      throw err;
    }
    await t.finish();
  };
  const ids = Array.from({ length: 30 }, (_, i) => `b${i}`);
  const results = await Promise.allSettled([...ids.map(unit), unit("blocked")]);
  expect(results.slice(0, 30).every((r) => r.status === "fulfilled")).toBe(true);
  expect(results[30]).toMatchObject({ status: "rejected" });
  for (const id of ids) {
    expect(fs.readFileSync(path.join(root, "brands", id, "soul.md"), "utf8")).toBe(`alma ${id}\n`.repeat(1000));
  }
  expect(listFiles(root)).toEqual(
    [...ids.flatMap((id) => [`brands/${id}/brand.json`, `brands/${id}/soul.md`]), "brands/blocked"].sort(),
  );
});
