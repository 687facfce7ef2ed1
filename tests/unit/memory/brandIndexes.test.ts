import { describe, expect, it } from "vitest";
import { lexicalForm } from "@/lib/domain/lexical";
import type { IndexFilter } from "@/lib/domain/memory";
import { EPISODIC_KINDS } from "@/lib/domain/retrieval";
import { indexSlots } from "@/lib/memory/brandIndexes";
import { BrandMemoryCache, cachedChunk, lexicalLeg, vectorLeg, type BrandRows, type CachedChunk } from "@/lib/memory/brandMemoryCache";

// A brand's postings and vector array follow its rows through the cache's writes instead of being rebuilt:
// whatever the writes, a search must rank exactly as indexes built afresh from the same rows would.

const WORDS = "café torra frescor assinatura barista aroma chocolate acidez moagem entrega origem produtor inverno verão lançamento garantia oferta preço newsletter campanha".split(" ");

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const DIMS = 16;
const words = (r: () => number, n: number) => Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]).join(" ");

let made = 0;
function row(r: () => number, sourceId: string, productId = "", withVector = true): CachedChunk {
  const text = words(r, 4 + Math.floor(r() * 20));
  const id = `c${made++}`;
  // Every fifth chunk still waits for its vector.
  const vector = withVector && made % 5 ? Array.from({ length: DIMS }, () => r() * 2 - 1) : null;
  return cachedChunk(
    { id, brandId: "brd", productId, threadId: "", runId: "", sourceKind: "artifact", sourceId, sourcePath: "", headingPath: "", text, createdAt: "", contentHash: id, embeddedBy: vector ? "fp" : "" },
    vector,
    lexicalForm(text),
  );
}

const byWords = (rows: BrandRows, filter: IndexFilter, q: string) => lexicalLeg(rows, filter, q, 10).map((h) => ({ id: h.item.chunk.id, score: h.score }));
const byVector = (rows: BrandRows, filter: IndexFilter, v: number[]) => vectorLeg(rows, filter, v, "fp", 10).map((h) => ({ id: h.item.chunk.id, score: h.score }));

function expectSameRanking(rows: BrandRows, queries: { words: string; vector: number[] }[]) {
  const fresh = Object.freeze([...rows]); // a new array: its indexes are built from its rows
  for (const filter of [{ brandId: "brd", sourceKinds: EPISODIC_KINDS }, { brandId: "brd", productId: "prd_1", sourceKinds: EPISODIC_KINDS }])
    for (const q of queries)
      for (const [got, want] of [
        [byWords(rows, filter, q.words), byWords(fresh, filter, q.words)],
        [byVector(rows, filter, q.vector), byVector(fresh, filter, q.vector)],
      ]) {
        expect(got.length).toBeGreaterThan(0);
        expect(got.map((h) => h.id)).toEqual(want.map((h) => h.id));
        got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i].score, 9));
      }
}

const queriesOf = (r: () => number) => Array.from({ length: 12 }, () => ({ words: lexicalForm(words(r, 3)), vector: Array.from({ length: DIMS }, () => r() * 2 - 1) }));

describe("a brand's postings and vectors", () => {
  it("rank through hundreds of writes (replaced sources, a product removed) exactly as indexes built afresh", async () => {
    const r = rng(11);
    const cache = new BrandMemoryCache(64 * 2 ** 20, 16);
    const initial = Array.from({ length: 200 }, (_, i) => row(r, `s${i % 50}`, i % 3 ? "prd_1" : ""));
    await cache.load("brd", async () => initial.length, async () => initial);
    const queries = queriesOf(r);
    expectSameRanking(cache.get("brd")!, queries); // builds them
    let compactions = 0;
    for (let w = 1; w <= 300; w++) {
      const sourceId = `s${Math.floor(r() * 70)}`;
      const added = Array.from({ length: Math.floor(r() * 5) }, () => row(r, sourceId, r() < 0.5 ? "prd_1" : ""));
      const before = indexSlots(cache.get("brd")!).postings!;
      cache.replaced([{ sourceKind: "artifact", sourceId }], added);
      if (w === 150) cache.removed({ brandId: "brd", productId: "prd_1" });
      // Carried, not rebuilt: the new rows hold the patched indexes, with the replaced chunks marked gone
      // until enough are gone to compact them away.
      const rows = cache.get("brd")!;
      const after = indexSlots(rows);
      expect(after.postings?.live).toBe(rows.length);
      expect(after.vectors?.live).toBe(rows.filter((c) => c.vector).length);
      if (after.postings!.gone < before.gone) compactions++;
      if (w % 7 === 0) expectSameRanking(rows, queries);
    }
    expect(compactions).toBeGreaterThan(0);
    expectSameRanking(cache.get("brd")!, queries);
  });

  it("answer a search holding rows a write has since replaced, as those rows stand", async () => {
    const r = rng(12);
    const cache = new BrandMemoryCache(64 * 2 ** 20, 16);
    const initial = Array.from({ length: 40 }, (_, i) => row(r, `s${i % 10}`));
    await cache.load("brd", async () => initial.length, async () => initial);
    const held = cache.get("brd")!;
    const filter = { brandId: "brd", sourceKinds: EPISODIC_KINDS };
    const [q] = queriesOf(r);
    const before = [byWords(held, filter, q.words), byVector(held, filter, q.vector)];
    cache.replaced([{ sourceKind: "artifact", sourceId: "s1" }], [row(r, "s1")]);
    expect(cache.get("brd")).not.toBe(held);
    expect([byWords(held, filter, q.words), byVector(held, filter, q.vector)]).toEqual(before);
    expectSameRanking(cache.get("brd")!, [q]);
  });

  it("take a brand's first vector, and its emptying and refilling, through carries", async () => {
    const r = rng(13);
    const cache = new BrandMemoryCache(64 * 2 ** 20, 16);
    const initial = Array.from({ length: 20 }, (_, i) => row(r, `s${i % 4}`, "", false));
    await cache.load("brd", async () => initial.length, async () => initial);
    const filter = { brandId: "brd", sourceKinds: EPISODIC_KINDS };
    const [q] = queriesOf(r);
    expect(byVector(cache.get("brd")!, filter, q.vector)).toEqual([]); // no vector anywhere yet
    let first: CachedChunk;
    do first = row(r, "s9");
    while (!first.vector);
    cache.replaced([{ sourceKind: "artifact", sourceId: "s9" }], [first]);
    expect(byVector(cache.get("brd")!, filter, q.vector).map((h) => h.id)).toEqual([first.chunk.id]);
    cache.replaced(["s0", "s1", "s2", "s3", "s9"].map((sourceId) => ({ sourceKind: "artifact" as const, sourceId })), []);
    expect(cache.get("brd")).toEqual([]);
    expect(byWords(cache.get("brd")!, filter, lexicalForm(WORDS.join(" ")))).toEqual([]);
    const again = row(r, "s5");
    cache.replaced([{ sourceKind: "artifact", sourceId: "s5" }], [again]);
    expect(byWords(cache.get("brd")!, filter, again.lexical).map((h) => h.id)).toEqual([again.chunk.id]);
  });

  it("index a loaded brand a batch at a time, letting other work run meanwhile", async () => {
    const r = rng(14);
    const cache = new BrandMemoryCache(64 * 2 ** 20, 16);
    const initial = Array.from({ length: 2000 }, (_, i) => row(r, `s${i % 50}`));
    let otherWorkRan = false;
    setImmediate(() => (otherWorkRan = true));
    const rows = await cache.load("brd", async () => initial.length, async () => initial);
    expect(otherWorkRan).toBe(true);
    expect(indexSlots(rows!)).toEqual({ postings: { live: 2000, gone: 0 }, vectors: { live: initial.filter((c) => c.vector).length, gone: 0 } });
  });
});
