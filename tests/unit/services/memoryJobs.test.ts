import { expect, test } from "vitest";
import { createMemoryJobs } from "@/lib/services/memoryJobs";

// A generation waits for the indexing that can change its recall — its own campaign's, and the jobs of
// no scope (catch-up, rebuild) — and not for another campaign's, however slow.

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

const settledWithin = async (p: Promise<void>, ms: number) => Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

test("a campaign's search waits for its own queued indexing, not for another campaign's", async () => {
  const jobs = createMemoryJobs({ log: () => {} });
  const slowA = gate();
  let indexedB = false;
  void jobs.enqueue("a", () => slowA.opened, "thread:A");
  // Nothing of B is queued: B's search goes ahead while A's slow job still runs.
  expect(await settledWithin(jobs.queuedWork(5000, "thread:B"), 50)).toBe(true);
  // A's own search waits until A's job has run.
  const waitA = jobs.queuedWork(5000, "thread:A");
  expect(await settledWithin(waitA, 50)).toBe(false);
  void jobs.enqueue("b", async () => void (indexedB = true), "thread:B");
  const waitB = jobs.queuedWork(5000, "thread:B");
  slowA.open();
  await waitA;
  await waitB;
  expect(indexedB).toBe(true); // B's search saw B's job land
  // Without a scope (the inspector), everything queued is waited for.
  const slow = gate();
  void jobs.enqueue("c", () => slow.opened, "brand:X");
  expect(await settledWithin(jobs.queuedWork(5000), 50)).toBe(false);
  expect(await settledWithin(jobs.queuedWork(5000, "thread:B"), 50)).toBe(true);
  slow.open();
  await jobs.settled();
});

test("a catch-up or rebuild (no scope) holds every campaign's search, within the bound", async () => {
  const jobs = createMemoryJobs({ log: () => {} });
  const rebuild = gate();
  void jobs.run(() => rebuild.opened);
  expect(await settledWithin(jobs.queuedWork(5000, "thread:B"), 50)).toBe(false);
  const started = performance.now();
  await jobs.queuedWork(100, "thread:B"); // bounded: a slow rebuild never holds a stage for long
  expect(performance.now() - started).toBeLessThan(1000);
  rebuild.open();
  await jobs.settled();
  expect(await settledWithin(jobs.queuedWork(5000, "thread:B"), 50)).toBe(true);
});
