// A cached brand's two search structures: its unit vectors one after another in one array (the scan reads
// memory in order) and its BM25 postings (term → the chunks holding it, so a query costs its own terms'
// lists). Both are built on the brand's first search and then follow the cache's writes: a write adds its
// chunks in new slots and marks the replaced ones gone, instead of rebuilding a brand of thousands of chunks
// on the event loop after every approval. Gone slots are skipped, and dropped by a rebuild once they are a
// quarter of the brand.

/** What the indexes need of a cached chunk. */
export interface IndexedChunk {
  /** Unit-length direction is taken from it; null when the chunk has no vector yet. */
  vector: Float32Array | null;
  norm: number;
  /** The chunk's lexical form: its terms (folded, stemmed) separated by spaces. */
  lexical: string;
  /** Number of terms, repeats included (BM25's document length). */
  length: number;
}

/** LanceDB's BM25 parameters, so both paths rank alike. */
const K1 = 1.2;
const B = 0.75;

/** Chunks by slot, in the order they came; a removed chunk's slot is marked gone until a rebuild. */
abstract class Slotted<C extends IndexedChunk> {
  protected readonly chunks: C[] = [];
  private readonly slotOf = new Map<C, number>();
  protected gone = new Uint8Array(256);
  protected goneCount = 0;
  protected live = 0;

  protected fill(rows: readonly C[]) {
    for (const r of rows) this.add(r);
  }

  add(c: C) {
    if (!this.accepts(c)) return;
    const slot = this.chunks.length;
    this.chunks.push(c);
    this.slotOf.set(c, slot);
    if (slot >= this.gone.length) this.gone = grown(this.gone, slot + 1);
    this.live++;
    this.placed(c, slot);
  }

  remove(c: C) {
    const slot = this.slotOf.get(c);
    if (slot === undefined) return;
    this.slotOf.delete(c);
    this.gone[slot] = 1;
    this.goneCount++;
    this.live--;
    this.dropped(c);
  }

  /** Worth rebuilding: the gone slots cost more to skip than a rebuild, spread over the writes that made them. */
  get stale() {
    return this.goneCount > 64 && this.goneCount * 4 > this.live;
  }

  protected accepts(_c: C) {
    return true;
  }
  protected abstract placed(c: C, slot: number): void;
  protected dropped(_c: C) {}
}

function grown<A extends Uint8Array | Float32Array>(a: A, atLeast: number): A {
  let size = a.length || 256;
  while (size < atLeast) size *= 2;
  const b = new (a.constructor as new (n: number) => A)(size);
  b.set(a);
  return b;
}

class Postings<C extends IndexedChunk> extends Slotted<C> {
  private readonly lists = new Map<string, { slots: number[]; tfs: number[] }>();
  private total = 0;

  constructor(rows: readonly C[]) {
    super();
    this.fill(rows);
  }

  protected placed(c: C, slot: number) {
    const tfs = new Map<string, number>();
    for (const t of c.lexical.split(" ")) if (t) tfs.set(t, (tfs.get(t) ?? 0) + 1);
    for (const [term, tf] of tfs) {
      const list = this.lists.get(term);
      if (list) {
        list.slots.push(slot);
        list.tfs.push(tf);
      } else this.lists.set(term, { slots: [slot], tfs: [tf] });
    }
    this.total += c.length;
  }

  protected dropped(c: C) {
    this.total -= c.length;
  }

  /** BM25 of each chunk `admit` lets in holding any of the (distinct) terms; statistics over all live chunks. */
  search(terms: string[], admit: (c: C) => boolean, offer: (c: C, score: number) => void) {
    const scores = new Float64Array(this.chunks.length); // 0 untouched, -1 not admitted
    const touched: number[] = [];
    const avg = this.total / this.live || 1;
    for (const term of terms) {
      const list = this.lists.get(term);
      if (!list) continue;
      const { slots, tfs } = list;
      let df = slots.length;
      if (this.goneCount) for (const slot of slots) df -= this.gone[slot];
      if (!df) continue;
      const idf = Math.log(1 + (this.live - df + 0.5) / (df + 0.5));
      for (let k = 0; k < slots.length; k++) {
        const slot = slots[k];
        if (this.gone[slot] || scores[slot] < 0) continue;
        const c = this.chunks[slot];
        if (scores[slot] === 0) {
          if (!admit(c)) {
            scores[slot] = -1;
            continue;
          }
          touched.push(slot);
        }
        const tf = tfs[k];
        scores[slot] += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * c.length) / avg));
      }
    }
    for (const slot of touched) offer(this.chunks[slot], scores[slot]);
  }
}

class UnitVectors<C extends IndexedChunk> extends Slotted<C> {
  private values = new Float32Array(0);
  private dims = 0;

  constructor(rows: readonly C[]) {
    super();
    this.fill(rows);
  }

  protected accepts(c: C) {
    if (!c.vector) return false;
    this.dims ||= c.vector.length;
    return c.vector.length === this.dims;
  }

  protected placed(c: C, slot: number) {
    const dims = this.dims;
    if ((slot + 1) * dims > this.values.length) this.values = grown(this.values, (slot + 1) * dims);
    const v = c.vector!;
    const n = c.norm || 1;
    for (let d = 0; d < dims; d++) this.values[slot * dims + d] = v[d] / n;
  }

  /** Cosine of each chunk `admit` lets in with the query (any length: it is normalised here). */
  search(vector: number[], admit: (c: C) => boolean, offer: (c: C, score: number) => void) {
    const dims = this.dims;
    if (vector.length !== dims) return;
    let qn = 0;
    for (let i = 0; i < dims; i++) qn += vector[i] * vector[i];
    qn = Math.sqrt(qn) || 1;
    const q = new Float32Array(dims);
    for (let i = 0; i < dims; i++) q[i] = vector[i] / qn;
    const { values, chunks, gone } = this;
    for (let slot = 0; slot < chunks.length; slot++) {
      if (gone[slot] || !admit(chunks[slot])) continue;
      let dot = 0;
      const o = slot * dims;
      for (let d = 0; d < dims; d++) dot += values[o + d] * q[d];
      offer(chunks[slot], dot);
    }
  }
}

// Each set of rows' indexes. Rows are frozen arrays, so an index found here is true of its rows: a write
// makes a new array, and `carryIndexes` moves the indexes to it.
const postings = new WeakMap<readonly IndexedChunk[], Postings<IndexedChunk>>();
const vectors = new WeakMap<readonly IndexedChunk[], UnitVectors<IndexedChunk>>();

function indexOf<I extends Slotted<IndexedChunk>>(map: WeakMap<readonly IndexedChunk[], I>, rows: readonly IndexedChunk[], build: () => I): I {
  let index = map.get(rows);
  if (!index) map.set(rows, (index = build()));
  return index;
}

/**
 * The cache replaced a brand's rows `from` with `to`: their indexes move along, patched with what the
 * write changed (an index not built yet is built on the brand's next search that needs it).
 */
export function carryIndexes(from: readonly IndexedChunk[], to: readonly IndexedChunk[]) {
  const moving = [postings, vectors].filter((map) => map.has(from));
  if (!moving.length) return;
  const before = new Set(from);
  const after = new Set(to);
  const removed = from.filter((c) => !after.has(c));
  const added = to.filter((c) => !before.has(c));
  for (const map of moving) {
    const index: Slotted<IndexedChunk> = map.get(from)!;
    map.delete(from); // patched below: no longer true of `from`
    for (const c of removed) index.remove(c);
    for (const c of added) index.add(c);
    // Past the threshold the next search rebuilds it anyway; dropped now, it holds no gone chunk meanwhile.
    if (!index.stale) (map as WeakMap<readonly IndexedChunk[], Slotted<IndexedChunk>>).set(to, index);
  }
}

/** BM25 scores (over all `rows`) of the rows `admit` lets in that hold any of the query's terms. */
export function lexicalScores<C extends IndexedChunk>(rows: readonly C[], terms: string, admit: (c: C) => boolean, offer: (c: C, score: number) => void) {
  const q = [...new Set(terms.split(" ").filter(Boolean))];
  if (!q.length || !rows.length) return;
  (indexOf(postings, rows, () => new Postings(rows)) as Postings<C>).search(q, admit, offer);
}

/** Cosine of the query with each row `admit` lets in that has a vector of the query's length. */
export function vectorScores<C extends IndexedChunk>(rows: readonly C[], vector: number[], admit: (c: C) => boolean, offer: (c: C, score: number) => void) {
  if (!rows.length) return;
  (indexOf(vectors, rows, () => new UnitVectors(rows)) as UnitVectors<C>).search(vector, admit, offer);
}
