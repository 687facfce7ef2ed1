import { setImmediate as yieldToLoop } from "node:timers/promises";

// A cached brand's two search structures: its unit vectors one after another in one array (the scan reads
// memory in order) and its BM25 postings (term → the chunks holding it, so a query costs its own terms'
// lists). Both are built when the brand is loaded, a few hundred chunks at a time so that other requests
// go on meanwhile, and then follow the cache's writes: a write adds its chunks in new slots and marks the
// replaced ones gone, instead of rebuilding a brand of thousands of chunks on the event loop after every
// approval. Once gone slots are a quarter of the brand they are compacted away in place.

/** What the indexes need of a cached chunk. */
export interface IndexedChunk {
  /** Its direction is what the vector index keeps; null when the chunk has no vector yet. */
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

/** Chunks by slot, in row order; a removed chunk's slot is marked gone until the next compaction. */
abstract class Slotted<C extends IndexedChunk> {
  protected readonly chunks: C[] = [];
  private readonly slotOf = new Map<C, number>();
  protected gone = new Uint8Array(256);
  protected goneCount = 0;
  protected live = 0;

  add(c: C) {
    if (this.slotOf.has(c) || !this.accepts(c)) return;
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

  /** Drops the gone slots once they cost more to skip than to remove; live slots keep their order. */
  compactIfWorth() {
    if (this.goneCount <= 64 || this.goneCount * 4 <= this.live) return;
    const remap = new Int32Array(this.chunks.length).fill(-1);
    let next = 0;
    for (let slot = 0; slot < this.chunks.length; slot++) {
      if (this.gone[slot]) continue;
      remap[slot] = next;
      this.chunks[next] = this.chunks[slot];
      this.slotOf.set(this.chunks[next], next);
      next++;
    }
    this.moved(remap);
    this.chunks.length = next;
    this.gone.fill(0);
    this.goneCount = 0;
  }

  /** For the tests: live and gone slots. */
  get slots() {
    return { live: this.live, gone: this.goneCount };
  }

  protected accepts(_c: C) {
    return true;
  }
  protected abstract placed(c: C, slot: number): void;
  protected dropped(_c: C) {}
  /** Compaction moved each slot to `remap[slot]` (never higher; -1: dropped). */
  protected abstract moved(remap: Int32Array): void;
}

/** A larger copy (by half again, at least `atLeast`): room for the writes to come without doubling memory. */
function grown<A extends Uint8Array | Float32Array>(a: A, atLeast: number): A {
  const b = new (a.constructor as new (n: number) => A)(Math.max(atLeast, Math.ceil(a.length * 1.5), 256));
  b.set(a);
  return b;
}

class Postings<C extends IndexedChunk> extends Slotted<C> {
  private readonly lists = new Map<string, { slots: number[]; tfs: number[] }>();
  private total = 0;

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

  protected moved(remap: Int32Array) {
    for (const [term, list] of this.lists) {
      let w = 0;
      for (let k = 0; k < list.slots.length; k++) {
        const to = remap[list.slots[k]];
        if (to < 0) continue;
        list.slots[w] = to;
        list.tfs[w++] = list.tfs[k];
      }
      if (!w) this.lists.delete(term);
      list.slots.length = w;
      list.tfs.length = w;
    }
  }

  /** BM25 of each chunk `admit` lets in holding any of the (distinct) terms, offered in row order. */
  search(terms: string[], admit: (c: C) => boolean, offer: (c: C, score: number) => void) {
    const n = this.chunks.length;
    const scores = new Float64Array(n); // 0 untouched, -1 not admitted
    const avg = this.total / this.live || 1;
    let first = n;
    let last = -1;
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
        if (scores[slot] === 0 && !admit(c)) {
          scores[slot] = -1;
          continue;
        }
        const tf = tfs[k];
        scores[slot] += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * c.length) / avg));
      }
      if (slots[0] < first) first = slots[0];
      if (slots[slots.length - 1] > last) last = slots[slots.length - 1];
    }
    // In row order, as a scan of the rows would offer them: equal scores fall the same way on every path.
    for (let slot = first; slot <= last; slot++) if (scores[slot] > 0) offer(this.chunks[slot], scores[slot]);
  }
}

class UnitVectors<C extends IndexedChunk> extends Slotted<C> {
  private values = new Float32Array(0);
  private dims = 0;

  protected accepts(c: C) {
    if (!c.vector) return false;
    this.dims ||= c.vector.length;
    return c.vector.length === this.dims; // one index, one model: the table's vectors all have its size
  }

  protected placed(c: C, slot: number) {
    const dims = this.dims;
    if ((slot + 1) * dims > this.values.length) this.values = grown(this.values, (slot + 1) * dims);
    const v = c.vector!;
    const n = c.norm || 1;
    for (let d = 0; d < dims; d++) this.values[slot * dims + d] = v[d] / n;
  }

  protected moved(remap: Int32Array) {
    const dims = this.dims;
    for (let slot = 0; slot < remap.length; slot++) {
      const to = remap[slot];
      if (to >= 0 && to !== slot) this.values.copyWithin(to * dims, slot * dims, (slot + 1) * dims);
    }
  }

  /** Cosine of each chunk `admit` lets in with the query (normalised here), offered in row order. */
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

type Index = Postings<IndexedChunk> | UnitVectors<IndexedChunk>;

// Each set of rows' indexes. Rows are frozen arrays, so an index found here is true of its rows: a write
// makes a new array, and `carryIndexes` moves the indexes to it.
const indexKinds = [
  { of: new WeakMap<readonly IndexedChunk[], Index>(), make: () => new Postings<IndexedChunk>() },
  { of: new WeakMap<readonly IndexedChunk[], Index>(), make: () => new UnitVectors<IndexedChunk>() },
];
const [postings, vectors] = indexKinds;

/** Per batch of rows indexed before other work gets a turn (a few milliseconds of realistic chunks). */
const BATCH = 200;

/**
 * Builds the indexes of freshly loaded rows, yielding to the event loop between batches: a brand of ten
 * thousand chunks takes a few hundred milliseconds to index, which must not stall every other request.
 */
export async function prepareIndexes(rows: readonly IndexedChunk[]): Promise<void> {
  for (const kind of indexKinds) {
    if (kind.of.has(rows)) continue;
    const index = kind.make();
    for (let i = 0; i < rows.length; i += BATCH) {
      if (i) await yieldToLoop();
      for (const r of rows.slice(i, i + BATCH)) index.add(r);
    }
    kind.of.set(rows, index);
  }
}

/** The index of `rows`; built here (at once) only for rows that were not prepared, e.g. ones a write has since replaced. */
function indexFor(kind: (typeof indexKinds)[number], rows: readonly IndexedChunk[]): Index {
  let index = kind.of.get(rows);
  if (!index) {
    index = kind.make();
    for (const r of rows) index.add(r);
    kind.of.set(rows, index);
  }
  return index;
}

/**
 * The cache replaced a brand's rows `from` with `to`, removing and adding these chunks: the indexes move
 * along, patched with the change (the cache knows it, so nothing here walks the whole brand).
 */
export function carryIndexes(from: readonly IndexedChunk[], to: readonly IndexedChunk[], removed: readonly IndexedChunk[], added: readonly IndexedChunk[]) {
  for (const kind of indexKinds) {
    const index = kind.of.get(from);
    if (!index) continue;
    kind.of.delete(from); // patched below: no longer true of `from`
    for (const c of removed) index.remove(c);
    for (const c of added) index.add(c);
    index.compactIfWorth();
    kind.of.set(to, index);
  }
}

/** BM25 scores (statistics over all `rows`) of the rows `admit` lets in that hold any of the query's terms. */
export function lexicalScores<C extends IndexedChunk>(rows: readonly C[], terms: string, admit: (c: C) => boolean, offer: (c: C, score: number) => void) {
  const q = [...new Set(terms.split(" ").filter(Boolean))];
  if (!q.length || !rows.length) return;
  (indexFor(postings, rows) as Postings<C>).search(q, admit, offer);
}

/** Cosine of the query with each row `admit` lets in that has a vector of the query's length. */
export function vectorScores<C extends IndexedChunk>(rows: readonly C[], vector: number[], admit: (c: C) => boolean, offer: (c: C, score: number) => void) {
  if (!rows.length) return;
  (indexFor(vectors, rows) as UnitVectors<C>).search(vector, admit, offer);
}

/** For the tests: the live and gone slots of the indexes `rows` hold, if any. */
export function indexSlots(rows: readonly IndexedChunk[]) {
  return { postings: postings.of.get(rows)?.slots, vectors: vectors.of.get(rows)?.slots };
}
