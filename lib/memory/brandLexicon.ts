import type { SourceKind } from "../domain/retrieval";

// BM25 over a brand's cached chunks from postings (term → the chunks holding it, and how often), so a query
// costs the length of its own terms' lists, not every chunk's terms. The postings follow the brand's rows
// as the cache rewrites them: a write adds its chunks' entries and marks the replaced chunks gone, instead of
// rebuilding a brand of thousands of chunks on the event loop after every approval. Gone entries are
// skipped, and dropped by a rebuild once they are a quarter of the list.

/** What the postings need of a cached chunk. */
export interface LexicalChunk {
  chunk: { sourceKind: SourceKind; productId: string; threadId: string };
  /** The chunk's lexical form: its terms (folded, stemmed) separated by spaces. */
  lexical: string;
  /** Number of terms, repeats included (BM25's document length). */
  length: number;
}

/** LanceDB's BM25 parameters, so both paths rank alike. */
const K1 = 1.2;
const B = 0.75;

class Postings<C extends LexicalChunk> {
  /** Slot → chunk; lists name chunks by slot, and a query adds up scores in an array indexed by it. */
  private readonly chunks: C[] = [];
  private readonly slotOf = new Map<C, number>();
  private gone = new Uint8Array(256);
  private goneCount = 0;
  private readonly lists = new Map<string, { slots: number[]; tfs: number[] }>();
  private live = 0;
  private total = 0;

  constructor(rows: readonly C[]) {
    for (const r of rows) this.add(r);
  }

  add(c: C) {
    const slot = this.chunks.length;
    this.chunks.push(c);
    this.slotOf.set(c, slot);
    if (slot >= this.gone.length) {
      const grown = new Uint8Array(this.gone.length * 2);
      grown.set(this.gone);
      this.gone = grown;
    }
    const tfs = new Map<string, number>();
    for (const t of c.lexical.split(" ")) if (t) tfs.set(t, (tfs.get(t) ?? 0) + 1);
    for (const [term, tf] of tfs) {
      const list = this.lists.get(term);
      if (list) {
        list.slots.push(slot);
        list.tfs.push(tf);
      } else this.lists.set(term, { slots: [slot], tfs: [tf] });
    }
    this.live++;
    this.total += c.length;
  }

  remove(c: C) {
    const slot = this.slotOf.get(c);
    if (slot === undefined) return;
    this.slotOf.delete(c);
    this.gone[slot] = 1;
    this.goneCount++;
    this.live--;
    this.total -= c.length;
  }

  /** Worth rebuilding: the gone entries cost more to skip than a rebuild, spread over the writes that made them. */
  get stale() {
    return this.goneCount > 64 && this.goneCount * 4 > this.live;
  }

  search(terms: string[], admit: (c: C) => boolean): [C, number][] {
    const scores = new Float64Array(this.chunks.length); // 0 untouched, -1 outside the scope
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
    return touched.map((slot) => [this.chunks[slot], scores[slot]]);
  }
}

/** Each set of rows' postings; rows are frozen, so postings found here always match their rows. */
const postings = new WeakMap<readonly LexicalChunk[], Postings<LexicalChunk>>();

function postingsOf<C extends LexicalChunk>(rows: readonly C[]): Postings<C> {
  let p = postings.get(rows) as Postings<C> | undefined;
  if (!p) {
    p = new Postings(rows);
    postings.set(rows, p as unknown as Postings<LexicalChunk>);
  }
  return p;
}

/**
 * The cache replaced a brand's rows `from` with `to`: their postings move along, patched with what the
 * write changed (a brand not searched by full text yet has none, and gets them on its first search).
 */
export function carryPostings<C extends LexicalChunk>(from: readonly C[], to: readonly C[]) {
  const p = postings.get(from) as Postings<C> | undefined;
  if (!p) return;
  postings.delete(from); // patched below: no longer true of `from`
  const before = new Set(from);
  const after = new Set(to);
  for (const c of from) if (!after.has(c)) p.remove(c);
  for (const c of to) if (!before.has(c)) p.add(c);
  // Past the threshold the next search rebuilds them anyway; dropped now, they hold no gone chunk meanwhile.
  if (!p.stale) postings.set(to, p as unknown as Postings<LexicalChunk>);
}

/**
 * BM25 scores of the rows holding any of the query's distinct terms, among those `admit` lets in; the
 * statistics (document frequency, average length) are over all the rows, as LanceDB's are over its index.
 */
export function lexicalScores<C extends LexicalChunk>(rows: readonly C[], terms: string, admit: (c: C) => boolean): [C, number][] {
  const q = [...new Set(terms.split(" ").filter(Boolean))];
  if (!q.length || !rows.length) return [];
  return postingsOf(rows).search(q, admit);
}
