import { expect, test } from "vitest";
import { createMemoryService } from "@/lib/services/memoryService";
import { createBrandService } from "@/lib/services/brandService";
import { createCanonicalStore } from "@/lib/services/canonicalStore";
import { fakeMemoryIndex, lexicalOnlyEmbedder } from "../../fakes/memoryIndex";
import { fixedClock, memoryStore } from "../../fakes/memoryStore";

function setup(writeDelayMs: number) {
  const store = memoryStore();
  const fake = fakeMemoryIndex({ writeDelayMs });
  const memory = createMemoryService({
    repos: store.repos,
    blobs: store.blobs,
    openIndex: async () => ({ index: fake.index, fresh: false }),
    embedder: lexicalOnlyEmbedder,
    chunkMaxChars: 1200,
    indexChat: true,
    defaultTopK: 8,
    log: () => {},
  });
  const deps = { repos: store.repos, uow: store.uow, blobs: store.blobs, clock: fixedClock(), indexing: memory.indexing };
  const canonical = createCanonicalStore(deps);
  const brands = createBrandService({ ...deps, canonical });
  return { memory, brands, canonical, fake };
}

test("concurrent searches wait for queued indexing without starving timers, and see what was queued before them", async () => {
  const { memory, brands, fake } = setup(40);
  await memory.idle(); // the catch-up at open
  const made = [];
  for (let i = 0; i < 4; i++) made.push(await brands.createBrand({ name: `Marca ${i}`, soul_md: `# Alma\n\nlavanda número ${i}` }));

  // A timer armed now must fire while the searches wait: a wait that spins on promise continuations never lets it.
  let timerFiredWhileWaiting = false;
  let searchesDone = false;
  setTimeout(() => (timerFiredWhileWaiting = !searchesDone), 10);
  const results = await Promise.all(
    made.flatMap((b) => [1, 2, 3].map(() => memory.search({ query: "lavanda", brandId: b.id, topK: 5, sourceKinds: ["soul"] }))),
  );
  searchesDone = true;
  expect(timerFiredWhileWaiting).toBe(true);
  // Every search found its brand's soul: the indexing queued before it had landed.
  expect(results.map((r) => r.snippets.length)).toEqual(results.map(() => 1));
  expect(fake.writes.filter((w) => w.startsWith("soul:"))).toHaveLength(4);
});

test("idle() resolves once nothing is queued, including work queued while it waits; two callers at once", async () => {
  const { memory, brands, canonical, fake } = setup(20);
  await memory.idle();
  const b = await brands.createBrand({ name: "A", soul_md: "primeira" });
  const waiting = Promise.all([memory.idle(), memory.idle()]);
  await canonical.update("brand", b.id, { fields: {}, markdown: "segunda" });
  await waiting;
  expect((await memory.status()).index.pendingJobs).toBe(0);
  expect([...fake.chunks.values()].find((c) => c.sourceKind === "soul")?.text).toBe("segunda");
});

test("the table is compacted after 100 indexing writes, behind them on the lane", async () => {
  const { memory, brands, fake } = setup(0);
  await memory.idle();
  const compactions = () => fake.writes.filter((w) => w === "optimize").length;
  const before = compactions(); // the catch-up at open compacts too
  for (let i = 0; i < 99; i++) await brands.createBrand({ name: `Marca ${i}` });
  await memory.idle();
  expect(compactions()).toBe(before);
  await brands.createBrand({ name: "Marca 100" });
  await memory.idle();
  expect(compactions()).toBe(before + 1);
  expect(fake.writes.at(-1)).toBe("optimize");
});

test("a long burst of indexing is compacted once, after its last write, not once per hundred", async () => {
  const { memory, brands, fake } = setup(5); // a slow disk: the burst's jobs pile up on the lane
  await memory.idle();
  const before = fake.writes.filter((w) => w === "optimize").length;
  for (let i = 0; i < 210; i++) await brands.createBrand({ name: `Marca ${i}` });
  expect((await memory.status()).index.pendingJobs).toBeGreaterThan(100);
  await memory.idle();
  expect(fake.writes.filter((w) => w === "optimize").length).toBe(before + 1);
  expect(fake.writes.at(-1)).toBe("optimize");
});
