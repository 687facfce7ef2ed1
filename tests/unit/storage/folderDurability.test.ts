import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, vi } from "vitest";

// A folder's entry in its parent is durable only once the parent is flushed. A unit of work that finds a
// folder another unit just created (and is still flushing) must not call itself durable before that
// flush: after a power cut its file would sit in a folder that is not there.

const gates = new Map<string, Promise<void>>();
vi.mock("@/lib/storage/files/atomicWrite", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/storage/files/atomicWrite")>();
  return { ...actual, syncDir: async (dir: string) => (await gates.get(dir), actual.syncDir(dir)) };
});
const { FileTransaction } = await import("@/lib/storage/files/fileTransaction");

const settledWithin = (p: Promise<unknown>, ms: number) => Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

test("a unit writing into a folder another unit created waits for that folder's flush before it commits", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "vm-fold-"));
  fs.mkdirSync(path.join(root, "brands"));
  let open!: () => void;
  gates.set(path.join(root, "brands"), new Promise<void>((r) => (open = r))); // a slow flush of brands/
  const a = new FileTransaction(root, path.join(root, ".trash"));
  await a.put("brands/x/soul.md", "alma");
  while (!fs.existsSync(path.join(root, "brands/x"))) await new Promise((r) => setTimeout(r, 5));
  const b = new FileTransaction(root, path.join(root, ".trash"));
  await b.put("brands/x/notes.md", "notas"); // brands/x exists: b creates no folder of its own
  const committed = b.commit();
  expect(await settledWithin(committed, 150)).toBe(false);
  open();
  await committed;
  await a.commit();
  expect(fs.readFileSync(path.join(root, "brands/x/notes.md"), "utf8")).toBe("notas");
  fs.rmSync(root, { recursive: true, force: true });
});
