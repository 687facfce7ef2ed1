import type { IndexFilter, IndexHit } from "../domain/memory";
import type { SourceKind } from "../domain/retrieval";
import { carryIndexes, lexicalScores, prepareIndexes, vectorScores } from "./brandIndexes";

// At the sizes a brand actually has (hundreds to ~10k chunks), LanceDB's fixed cost per query — two
// legs planned and executed, a filter parsed, a reranker — is 10–200× an exact scan of the same rows in
// memory. So the index keeps each recently searched brand's rows here (its vectors, scope columns and
// lexical form) and answers from them: an exact cosine scan, BM25 over the same lexical form LanceDB
// indexes, and the same reciprocal-rank fusion (brandIndexes.ts keeps both in step with the writes).
// LanceDB stays the source: rows are loaded from it, this process's own writes are applied to both, and a
// brand too big for the budget is searched in LanceDB.

/** One chunk as the cache holds it. */
export interface CachedChunk {
  chunk: IndexHit["chunk"];
  /** The chunk's vector, or null when it has none in any model's space yet. */
  vector: Float32Array | null;
  norm: number;
  /** The chunk's lexical form (the `lexical` column: terms folded and stemmed, space-separated). */
  lexical: string;
  /** Its number of terms, repeats included. */
  length: number;
  /** What holding it costs, roughly: its vector, its place in the brand's vector array and postings, its text. */
  bytes: number;
}

/** Estimated bytes of a chunk before it is loaded (its text and terms unknown): vector as counted + ~6 KB. */
export const estimatedChunkBytes = (dims: number) => dims * 4 * 2.5 + 6 * 1024;

export function cachedChunk(chunk: IndexHit["chunk"], vector: ArrayLike<number> | null, lexical: string): CachedChunk {
  const v = vector && chunk.embeddedBy ? Float32Array.from(vector) : null;
  let norm = 0;
  if (v) for (let i = 0; i < v.length; i++) norm += v[i] * v[i];
  let length = 0;
  for (const t of lexical.split(" ")) if (t) length++;
  const text = chunk.text.length + chunk.headingPath.length + chunk.sourcePath.length + chunk.id.length + chunk.sourceId.length;
  // Its postings entries (a slot and a count per distinct term, list slack included) are counted per term;
  // its vector as its own copy plus its place in the brand's array, whose growth and gone slots add up to half.
  const bytes = 256 + 2 * (text + lexical.length) + 24 * length + (v ? v.length * 4 * 2.5 : 0);
  return { chunk, vector: v, norm: Math.sqrt(norm), lexical, length, bytes };
}

/** LanceDB's reciprocal-rank-fusion constant, so both paths rank alike. */
const RRF_K = 60;

function inScope(c: IndexHit["chunk"], f: IndexFilter, kinds: Set<SourceKind>): boolean {
  if (!kinds.has(c.sourceKind)) return false;
  // Brand-wide chunks have no product (or thread): a product's scope is its own chunks plus the brand's.
  if (f.productId && c.productId !== f.productId && c.productId !== "") return false;
  if (f.threadId && c.threadId !== f.threadId && c.threadId !== "") return false;
  return true;
}

/** Keeps the best `limit` of a stream of scored items (small limits: an insertion into a sorted array). */
function topK<T>(limit: number) {
  const best: { item: T; score: number }[] = [];
  return {
    offer(item: T, score: number) {
      if (best.length === limit && score <= best[limit - 1].score) return;
      let i = best.length;
      while (i > 0 && best[i - 1].score < score) i--;
      best.splice(i, 0, { item, score });
      if (best.length > limit) best.pop();
    },
    result: () => best,
  };
}

/** Cosine similarity with the query, the best `limit` in the filter's scope among the fingerprint's vectors. */
export function vectorLeg(rows: readonly CachedChunk[], filter: IndexFilter, vector: number[], fingerprint: string, limit: number) {
  const kinds = new Set(filter.sourceKinds);
  const top = topK<CachedChunk>(limit);
  vectorScores(rows, vector, (r) => r.chunk.embeddedBy === fingerprint && inScope(r.chunk, filter, kinds), top.offer);
  return top.result();
}

/** BM25 of the query's distinct terms, the best `limit` in the filter's scope. */
export function lexicalLeg(rows: readonly CachedChunk[], filter: IndexFilter, terms: string, limit: number) {
  const kinds = new Set(filter.sourceKinds);
  const top = topK<CachedChunk>(limit);
  lexicalScores(rows, terms, (r) => inScope(r.chunk, filter, kinds), top.offer);
  return top.result();
}

/** Reciprocal-rank fusion of the two legs, as LanceDB's RRF reranker scores them. */
export function fuse(legs: { item: CachedChunk; score: number }[][], limit: number) {
  const scores = new Map<CachedChunk, number>();
  for (const leg of legs) leg.forEach(({ item }, rank) => scores.set(item, (scores.get(item) ?? 0) + 1 / (rank + RRF_K)));
  return [...scores].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([item, score]) => ({ item, score }));
}

/** A brand's rows as held: frozen, so the indexes found for them (brandIndexes.ts) are always theirs. */
export type BrandRows = readonly CachedChunk[];

/** The rows `keep` accepts and the others, each in order. */
function split(rows: BrandRows, keep: (r: CachedChunk) => boolean): [CachedChunk[], CachedChunk[]] {
  const kept: CachedChunk[] = [];
  const dropped: CachedChunk[] = [];
  for (const r of rows) (keep(r) ? kept : dropped).push(r);
  return [kept, dropped];
}

const bytesOf = (rows: BrandRows) => rows.reduce((n, r) => n + r.bytes, 1024); // an entry costs something even empty

/**
 * The brands' rows, most recently used last, within a budget of bytes in all. A brand larger than the
 * budget is never cached (its searches go to LanceDB, whose vector index serves large tables).
 */
export class BrandMemoryCache {
  private readonly brands = new Map<string, { rows: BrandRows; bytes: number }>();
  private held = 0;
  private readonly loading = new Map<string, { generation: number; rows: Promise<BrandRows | undefined> }>();
  /** Brands found over the budget, at which generation: not counted again until something is written. */
  private readonly tooBig = new Map<string, number>();
  /** Bumped by every write: a load that overlapped one may be stale and is used once, not kept. */
  private generation = 0;

  constructor(
    readonly maxBytes: number,
    /** The index's vector size: what a brand will cost is estimated from its row count before loading it. */
    private readonly dims: number,
  ) {}

  get(brandId: string): BrandRows | undefined {
    const entry = this.brands.get(brandId);
    if (entry) {
      this.brands.delete(brandId);
      this.brands.set(brandId, entry);
    }
    return entry?.rows;
  }

  /** A brand's rows if held, without counting as a use. */
  peek(brandId: string): BrandRows | undefined {
    return this.brands.get(brandId)?.rows;
  }

  /**
   * Loads a brand's rows unless it exceeds the budget (then undefined); `count` and `load` read the index.
   * Concurrent searches of one brand share one load.
   */
  load(brandId: string, count: () => Promise<number>, load: () => Promise<CachedChunk[]>): Promise<BrandRows | undefined> {
    if (this.tooBig.get(brandId) === this.generation) return Promise.resolve(undefined);
    const pending = this.loading.get(brandId);
    if (pending?.generation === this.generation) return pending.rows;
    const started = this.generation;
    const loaded = (async () => {
      if ((await count()) * estimatedChunkBytes(this.dims) > this.maxBytes) {
        this.tooBig.set(brandId, started);
        return undefined;
      }
      const rows: BrandRows = Object.freeze(await load());
      await prepareIndexes(rows);
      const bytes = bytesOf(rows);
      // A write landed meanwhile: these rows answer the search that asked, but are not kept.
      if (started === this.generation && bytes <= this.maxBytes) {
        this.brands.set(brandId, { rows, bytes });
        this.held += bytes;
        this.evict(brandId);
      }
      return rows;
    })().finally(() => {
      if (this.loading.get(brandId)?.rows === loaded) this.loading.delete(brandId);
    });
    this.loading.set(brandId, { generation: started, rows: loaded });
    return loaded;
  }

  /** Drops the least recently used brands until the budget holds (never `keep`, the one just used). */
  private evict(keep?: string) {
    for (const [oldest, entry] of this.brands) {
      if (this.held <= this.maxBytes) break;
      if (oldest === keep) continue;
      this.brands.delete(oldest);
      this.held -= entry.bytes;
    }
  }

  /** Replaces a cached brand's rows in place (its place in the recency order unchanged), its indexes patched. */
  private update(brandId: string, rows: CachedChunk[], removed: CachedChunk[], added: CachedChunk[]) {
    const bytes = bytesOf(rows);
    const before = this.brands.get(brandId);
    this.held += bytes - (before?.bytes ?? 0);
    if (bytes > this.maxBytes) {
      this.brands.delete(brandId);
      this.held -= bytes;
    } else {
      const next = Object.freeze(rows);
      if (before) carryIndexes(before.rows, next, removed, added);
      this.brands.set(brandId, { rows: next, bytes });
    }
  }

  /** A write to the index begins: loads already under way may miss it, so they are not kept. */
  writing() {
    this.generation++;
  }

  /** This process replaced the chunks of these sources: the same change, applied to the cached brands. */
  replaced(sources: { sourceKind: SourceKind; sourceId: string }[], added: CachedChunk[]) {
    this.generation++;
    const gone = new Set(sources.map((s) => `${s.sourceKind}\u0000${s.sourceId}`));
    const addedByBrand = new Map<string, CachedChunk[]>();
    for (const c of added) {
      const list = addedByBrand.get(c.chunk.brandId);
      if (list) list.push(c);
      else addedByBrand.set(c.chunk.brandId, [c]);
    }
    for (const [brandId, { rows }] of [...this.brands]) {
      const [kept, removed] = split(rows, (r) => !gone.has(`${r.chunk.sourceKind}\u0000${r.chunk.sourceId}`));
      const mine = addedByBrand.get(brandId) ?? [];
      if (removed.length || mine.length) this.update(brandId, [...kept, ...mine], removed, mine);
    }
    this.evict();
  }

  /** This process removed a brand's (or one product's) chunks. */
  removed(scope: { brandId: string; productId?: string }) {
    this.generation++;
    const entry = this.brands.get(scope.brandId);
    if (!entry) return;
    if (!scope.productId) {
      this.brands.delete(scope.brandId);
      this.held -= entry.bytes;
    } else {
      const [kept, removed] = split(entry.rows, (r) => r.chunk.productId !== scope.productId);
      if (removed.length) this.update(scope.brandId, kept, removed, []);
    }
  }

  clear() {
    this.generation++;
    this.brands.clear();
    this.held = 0;
  }

  /** Bytes held, as estimated per chunk. */
  get size() {
    return this.held;
  }
}
