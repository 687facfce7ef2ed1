import { describe, expect, it } from "vitest";
import { lexicalForm } from "@/lib/domain/lexical";
import type { IndexFilter } from "@/lib/domain/memory";
import { EPISODIC_KINDS } from "@/lib/domain/retrieval";
import { BrandMemoryCache, cachedChunk, lexicalLeg, type BrandRows, type CachedChunk } from "@/lib/memory/brandMemoryCache";

// A brand's postings follow its rows through the cache's writes instead of being rebuilt: whatever the
// writes, a search must rank exactly as postings built afresh from the same rows would.

const WORDS = "café torra frescor assinatura barista aroma chocolate acidez moagem entrega origem produtor inverno verão lançamento garantia oferta preço newsletter campanha".split(" ");

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const words = (r: () => number, n: number) => Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]).join(" ");

let made = 0;
function row(r: () => number, sourceId: string, productId = ""): CachedChunk {
  const text = words(r, 4 + Math.floor(r() * 20));
  const id = `c${made++}`;
  return cachedChunk(
    { id, brandId: "brd", productId, threadId: "", runId: "", sourceKind: "artifact", sourceId, sourcePath: "", headingPath: "", text, createdAt: "", contentHash: id, embeddedBy: "" },
    null,
    lexicalForm(text),
  );
}

const ranked = (rows: BrandRows, filter: IndexFilter, q: string) => lexicalLeg(rows, filter, q, 10).map((h) => ({ id: h.item.chunk.id, score: h.score }));

function expectSameRanking(rows: BrandRows, queries: string[]) {
  const fresh = Object.freeze([...rows]); // a new array: its postings are built from its rows
  for (const filter of [{ brandId: "brd", sourceKinds: EPISODIC_KINDS }, { brandId: "brd", productId: "prd_1", sourceKinds: EPISODIC_KINDS }])
    for (const q of queries) {
      const got = ranked(rows, filter, q);
      const want = ranked(fresh, filter, q);
      expect(got.map((h) => h.id)).toEqual(want.map((h) => h.id));
      got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i].score, 9));
    }
}

describe("a brand's postings", () => {
  it("rank through hundreds of writes (replaced sources, a product removed) exactly as postings built afresh", async () => {
    const r = rng(11);
    const cache = new BrandMemoryCache(64 * 2 ** 20, 16);
    const initial = Array.from({ length: 200 }, (_, i) => row(r, `s${i % 50}`, i % 3 ? "prd_1" : ""));
    await cache.load("brd", async () => initial.length, async () => initial);
    const queries = Array.from({ length: 12 }, () => lexicalForm(words(r, 3)));
    expectSameRanking(cache.get("brd")!, queries); // builds them
    for (let w = 1; w <= 300; w++) {
      const sourceId = `s${Math.floor(r() * 70)}`;
      const added = Array.from({ length: Math.floor(r() * 5) }, () => row(r, sourceId, r() < 0.5 ? "prd_1" : ""));
      cache.replaced([{ sourceKind: "artifact", sourceId }], added);
      if (w === 150) cache.removed({ brandId: "brd", productId: "prd_1" });
      if (w % 20 === 0) expectSameRanking(cache.get("brd")!, queries);
    }
    expectSameRanking(cache.get("brd")!, queries);
  });

  it("answer a search holding rows a write has since replaced, as those rows stand", async () => {
    const r = rng(12);
    const cache = new BrandMemoryCache(64 * 2 ** 20, 16);
    const initial = Array.from({ length: 40 }, (_, i) => row(r, `s${i % 10}`));
    await cache.load("brd", async () => initial.length, async () => initial);
    const held = cache.get("brd")!;
    const filter = { brandId: "brd", sourceKinds: EPISODIC_KINDS };
    const before = ranked(held, filter, lexicalForm("café aroma"));
    cache.replaced([{ sourceKind: "artifact", sourceId: "s1" }], [row(r, "s1")]);
    expect(cache.get("brd")).not.toBe(held);
    expect(ranked(held, filter, lexicalForm("café aroma"))).toEqual(before);
    expectSameRanking(cache.get("brd")!, [lexicalForm("café aroma")]);
  });
});
