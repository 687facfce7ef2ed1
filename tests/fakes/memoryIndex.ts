import type { ChunkRecord, Embedder, IndexHit, MemoryIndex } from "@/lib/domain/memory";

/**
 * An in-memory MemoryIndex: substring "full-text" scoring, optional delay per write (a slow disk), and a
 * log of what was written — enough to test the memory service without LanceDB.
 */
export function fakeMemoryIndex(opts: { writeDelayMs?: number } = {}) {
  const chunks = new Map<string, ChunkRecord>();
  const writes: string[] = [];
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const index: MemoryIndex = {
    async replaceSources(sources) {
      if (opts.writeDelayMs) await sleep(opts.writeDelayMs);
      for (const { sourceKind: kind, sourceId: id, chunks: records } of sources) {
        for (const [k, c] of chunks) if (c.sourceKind === kind && c.sourceId === id) chunks.delete(k);
        for (const r of records) chunks.set(r.id, r);
        writes.push(`${kind}:${id}`);
      }
    },
    async listChunks() {
      return [...chunks.values()].map(({ id, sourceKind, sourceId, contentHash, embeddedBy }) => ({ id, sourceKind, sourceId, contentHash, embeddedBy }));
    },
    async vectorsByHash() {
      return new Map();
    },
    async search({ query, filter, limit }) {
      const words = query.toLowerCase().split(/\s+/).filter(Boolean);
      const hits: IndexHit[] = [];
      for (const c of chunks.values()) {
        if (c.brandId !== filter.brandId || !filter.sourceKinds.includes(c.sourceKind)) continue;
        const score = words.filter((w) => c.text.toLowerCase().includes(w)).length;
        if (score) hits.push({ chunk: { ...c, vector: undefined } as IndexHit["chunk"], score });
      }
      return hits.sort((a, b) => b.score - a.score).slice(0, limit);
    },
    async count() {
      return { chunks: chunks.size, embedded: [...chunks.values()].filter((c) => c.vector).length };
    },
    async removeScope({ brandId, productId }) {
      for (const [k, c] of chunks) if (c.brandId === brandId && (!productId || c.productId === productId)) chunks.delete(k);
    },
    async reset() {
      chunks.clear();
    },
    async optimize() {
      writes.push("optimize");
    },
  };
  return { index, chunks, writes };
}

/** An embedder that is never available: retrieval is lexical only. */
export const lexicalOnlyEmbedder: Embedder = {
  fingerprint: "none",
  dims: 0,
  state: () => ({ provider: "none", model: "", state: "disabled", progress: null, error: null }),
  ready: async () => false,
  embed: async () => [],
};
