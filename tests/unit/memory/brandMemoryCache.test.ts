import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ChunkRecord, IndexFilter, MemoryIndex } from "@/lib/domain/memory";
import { EPISODIC_KINDS, type SourceKind } from "@/lib/domain/retrieval";
import { BrandMemoryCache, cachedChunk, type CachedChunk } from "@/lib/memory/brandMemoryCache";
import { folderLocation, LanceMemoryIndex } from "@/lib/memory/lanceMemoryIndex";

// The cache answers the searches LanceDB answered before it: these tests hold both paths over the same
// table and ask them the same questions, then change the table under the cache.

const DIMS = 16;
const WORDS = "café torra frescor assinatura barista aroma chocolate acidez moagem entrega origem produtor inverno verão lançamento garantia oferta preço newsletter campanha".split(" ");

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function chunk(r: () => number, i: number, over: Partial<ChunkRecord> = {}): ChunkRecord {
  return {
    id: `c${i}`,
    brandId: `brd_${i % 3}`,
    productId: i % 4 === 0 ? "" : `prd_${i % 2}`,
    threadId: "",
    runId: "",
    sourceKind: EPISODIC_KINDS[i % EPISODIC_KINDS.length],
    sourceId: `s${i % 40}`,
    sourcePath: "",
    headingPath: "",
    text: Array.from({ length: 12 }, () => WORDS[Math.floor(r() * WORDS.length)]).join(" "),
    createdAt: "2026-12-01T00:00:00.000Z",
    contentHash: `h${i}`,
    // Every seventh chunk waits for its vector.
    embeddedBy: i % 7 === 0 ? "" : "fp",
    vector: i % 7 === 0 ? null : Array.from({ length: DIMS }, () => r() * 2 - 1),
    ...over,
  };
}

async function twoPaths(rows: ChunkRecord[], cacheMaxBytes = 64 * 2 ** 20) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vm-cache-"));
  dirs.push(dir);
  const { index: lance } = await LanceMemoryIndex.open(folderLocation(dir), DIMS);
  const bySource = new Map<string, ChunkRecord[]>();
  for (const c of rows) bySource.set(`${c.sourceKind}|${c.sourceId}`, [...(bySource.get(`${c.sourceKind}|${c.sourceId}`) ?? []), c]);
  await lance.replaceSources([...bySource].map(([k, chunks]) => ({ sourceKind: k.split("|")[0] as SourceKind, sourceId: k.split("|")[1], chunks })));
  const { index: cached } = await LanceMemoryIndex.open(folderLocation(dir), DIMS, { cacheMaxBytes });
  return { lance, cached };
}

const ids = async (index: MemoryIndex, args: Parameters<MemoryIndex["search"]>[0]) => (await index.search(args)).map((h) => h.chunk.id);

describe("searches answered from the brand cache", () => {
  it("find, by vector, exactly what LanceDB's exact scan finds, in the same scopes", async () => {
    const r = rng(1);
    const rows = Array.from({ length: 300 }, (_, i) => chunk(r, i));
    const { lance, cached } = await twoPaths(rows);
    const filters: IndexFilter[] = [
      { brandId: "brd_1", sourceKinds: EPISODIC_KINDS },
      { brandId: "brd_2", productId: "prd_1", sourceKinds: EPISODIC_KINDS },
      { brandId: "brd_0", sourceKinds: ["artifact", "decision"] },
    ];
    for (const filter of filters) {
      for (let q = 0; q < 10; q++) {
        const vector = Array.from({ length: DIMS }, () => r() * 2 - 1);
        const args = { query: "", vector, filter, limit: 6, mode: "vector" as const, fingerprint: "fp" };
        const expected = await lance.search(args);
        const got = await cached.search(args);
        expect(got.map((h) => h.chunk.id)).toEqual(expected.map((h) => h.chunk.id));
        got.forEach((h, i) => expect(h.score).toBeCloseTo(expected[i].score, 4));
      }
    }
    // Scope: never another brand's chunk, never another product's.
    const hits = await cached.search({ query: "café", vector: null, filter: filters[1], limit: 50, mode: "fulltext", fingerprint: "fp" });
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) {
      expect(h.chunk.brandId).toBe("brd_2");
      expect(["", "prd_1"]).toContain(h.chunk.productId);
    }
  });

  it("rank full-text and hybrid results as LanceDB's BM25 and fusion do (one brand: the same statistics)", async () => {
    const r = rng(2);
    const rows = Array.from({ length: 240 }, (_, i) => chunk(r, i, { brandId: "brd_0", embeddedBy: "fp", vector: Array.from({ length: DIMS }, () => r() * 2 - 1) }));
    const { lance, cached } = await twoPaths(rows);
    const filter = { brandId: "brd_0", sourceKinds: EPISODIC_KINDS };
    let same = 0;
    let total = 0;
    for (let q = 0; q < 20; q++) {
      const query = `${WORDS[q % WORDS.length]} ${WORDS[(q * 7) % WORDS.length]}`;
      const vector = Array.from({ length: DIMS }, () => r() * 2 - 1);
      for (const mode of ["fulltext", "hybrid"] as const) {
        const expected = await ids(lance, { query, vector, filter, limit: 5, mode, fingerprint: "fp" });
        const got = await ids(cached, { query, vector, filter, limit: 5, mode, fingerprint: "fp" });
        expect(got).toHaveLength(expected.length);
        same += got.filter((id) => expected.includes(id)).length;
        total += expected.length;
      }
    }
    // Ties at the cut-off may fall either way; the rest is the same.
    expect(same / total).toBeGreaterThan(0.9);
  });

  it("see this process's writes at once: added, replaced and removed chunks, a product's removal, a reset", async () => {
    const r = rng(3);
    const { cached } = await twoPaths(Array.from({ length: 60 }, (_, i) => chunk(r, i)));
    const filter = { brandId: "brd_1", sourceKinds: EPISODIC_KINDS };
    const find = (query: string) => ids(cached, { query, vector: null, filter, limit: 10, mode: "fulltext", fingerprint: "fp" });
    expect(await find("zebra")).toEqual([]); // loaded, without the word
    const zebra = chunk(r, 1000, { id: "new", brandId: "brd_1", productId: "prd_9", sourceKind: "artifact", sourceId: "art_new", text: "zebra listrada" });
    await cached.replaceSources([{ sourceKind: "artifact", sourceId: "art_new", chunks: [zebra] }]);
    expect(await find("zebra")).toEqual(["new"]);
    await cached.replaceSources([{ sourceKind: "artifact", sourceId: "art_new", chunks: [{ ...zebra, id: "newer", text: "girafa" }] }]);
    expect(await find("zebra")).toEqual([]);
    expect(await find("girafa")).toEqual(["newer"]);
    await cached.removeScope({ brandId: "brd_1", productId: "prd_9" });
    expect(await find("girafa")).toEqual([]);
    expect((await find("café torra frescor")).length).toBeGreaterThan(0);
    await cached.removeScope({ brandId: "brd_1" });
    expect(await find("café torra frescor")).toEqual([]);
    const brd2 = { ...filter, brandId: "brd_2" };
    expect((await ids(cached, { query: "café torra frescor", vector: null, filter: brd2, limit: 10, mode: "fulltext", fingerprint: "fp" })).length).toBeGreaterThan(0); // now cached
    await cached.reset();
    expect(await ids(cached, { query: "café torra frescor", vector: null, filter: brd2, limit: 10, mode: "fulltext", fingerprint: "fp" })).toEqual([]);
  });

  it("answer a search racing a write, and a search after both sees the write", async () => {
    const r = rng(4);
    const { cached } = await twoPaths(Array.from({ length: 90 }, (_, i) => chunk(r, i)));
    const filter = { brandId: "brd_2", sourceKinds: EPISODIC_KINDS };
    const added = chunk(r, 2000, { id: "late", brandId: "brd_2", sourceKind: "feedback", sourceId: "fb_late", text: "ornitorrinco" });
    // The first search loads the brand while the write commits.
    await Promise.all([
      cached.search({ query: "café", vector: null, filter, limit: 5, mode: "fulltext", fingerprint: "fp" }),
      cached.replaceSources([{ sourceKind: "feedback", sourceId: "fb_late", chunks: [added] }]),
    ]);
    expect(await ids(cached, { query: "ornitorrinco", vector: null, filter, limit: 5, mode: "fulltext", fingerprint: "fp" })).toEqual(["late"]);
  });

  it("give the vectors an unchanged chunk keeps, from the cache for a brand it holds, from the table otherwise", async () => {
    const r = rng(6);
    const rows = Array.from({ length: 60 }, (_, i) => chunk(r, i));
    const { lance, cached } = await twoPaths(rows);
    await cached.search({ query: "café", vector: null, filter: { brandId: "brd_1", sourceKinds: EPISODIC_KINDS }, limit: 1, mode: "fulltext", fingerprint: "fp" });
    const asked = rows.filter((c) => c.brandId !== "brd_0").map((c) => ({ contentHash: c.contentHash, brandId: c.brandId }));
    const expected = await lance.vectorsByHash(asked, "fp");
    const got = await cached.vectorsByHash(asked, "fp");
    expect(got.size).toBe(rows.filter((c) => c.brandId !== "brd_0" && c.vector).length);
    expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [hash, v] of got) v.forEach((x, i) => expect(x).toBeCloseTo(expected.get(hash)![i], 5));
    expect((await cached.vectorsByHash(asked, "another-model")).size).toBe(0);
  });

  it("leave a brand over the budget to LanceDB, with the same answers", async () => {
    const r = rng(5);
    const rows = Array.from({ length: 150 }, (_, i) => chunk(r, i));
    const { lance, cached } = await twoPaths(rows, 100_000); // every brand has 50 chunks, ~300 KB
    const filter = { brandId: "brd_0", sourceKinds: EPISODIC_KINDS };
    const vector = Array.from({ length: DIMS }, () => r() * 2 - 1);
    const args = { query: "café aroma", vector, filter, limit: 5, mode: "hybrid" as const, fingerprint: "fp" };
    expect(await ids(cached, args)).toEqual(await ids(lance, args));
  });
});

describe("the brand cache's budget", () => {
  // Chunks of ~6 KB each (about what a loaded chunk is estimated at before loading, with no vectors).
  const rows = (brandId: string, n: number) =>
    Array.from({ length: n }, (_, i) =>
      cachedChunk({ id: `${brandId}-${i}`, brandId, productId: "", threadId: "", runId: "", sourceKind: "artifact", sourceId: `s${i}`, sourcePath: "", headingPath: "", text: "x".repeat(3000), createdAt: "", contentHash: "", embeddedBy: "" }, null, "x"),
    );
  const per = rows("a", 1)[0].bytes;
  const count = (n: number) => async () => n;

  it("drops the least recently searched brand when a new one would exceed it", async () => {
    const cache = new BrandMemoryCache(100 * per, 0);
    await cache.load("a", count(40), async () => rows("a", 40));
    await cache.load("b", count(40), async () => rows("b", 40));
    cache.get("a"); // a is now the most recent
    await cache.load("c", count(40), async () => rows("c", 40));
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toHaveLength(40);
    expect(cache.get("c")).toHaveLength(40);
    expect(cache.size).toBeLessThanOrEqual(100 * per);
    // A brand with nothing indexed still costs its entry: searching many such brands cannot grow the cache forever.
    for (let i = 0; i < 2000; i++) await cache.load(`empty${i}`, count(0), async () => []);
    expect(cache.size).toBeLessThanOrEqual(100 * per);
  });

  it("never loads a brand larger than the budget (nor counts it again until a write), and shares one load between concurrent searches", async () => {
    const cache = new BrandMemoryCache(100 * per, 0);
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 10));
      return rows("a", 10);
    };
    const [x, y] = await Promise.all([cache.load("a", count(10), load), cache.load("a", count(10), load)]);
    expect(loads).toBe(1);
    expect(x).toBe(y);
    let counted = 0;
    const big = async () => (counted++, 200);
    expect(await cache.load("big", big, async () => rows("big", 200))).toBeUndefined();
    expect(await cache.load("big", big, async () => rows("big", 200))).toBeUndefined();
    expect(counted).toBe(1);
    cache.writing();
    await cache.load("big", big, async () => rows("big", 200));
    expect(counted).toBe(2);
    expect(cache.get("a")).toHaveLength(10);
  });

  it("does not keep rows whose load overlapped a write (they answer the search that asked, once)", async () => {
    const cache = new BrandMemoryCache(100 * per, 0);
    let release!: (loaded: CachedChunk[]) => void;
    const loading = cache.load("a", count(10), () => new Promise((resolve) => (release = resolve)));
    await new Promise((r) => setTimeout(r, 0));
    cache.writing();
    cache.replaced([{ sourceKind: "artifact", sourceId: "s1" }], []);
    release(rows("a", 10)); // read before the write: still holds s1
    expect(await loading).toHaveLength(10);
    expect(cache.get("a")).toBeUndefined();
    // The next search loads again, after the write.
    expect(await cache.load("a", count(9), async () => rows("a", 9))).toHaveLength(9);
    expect(cache.get("a")).toHaveLength(9);
  });
});
