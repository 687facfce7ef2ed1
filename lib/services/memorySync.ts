import type { ChunkRecord, Embedder, MemoryIndex, MemorySourceRef } from "../domain/memory";
import type { MemorySources, SourceChunks } from "./memorySources";

/**
 * Keeps the index in step with the source of truth (SQLite and the files): one source at a time as it
 * changes, or everything at once (catch-up at start, rebuild). Unchanged chunks keep their vectors.
 */
/** Chunks embedded and written to the index together during a catch-up, a rebuild or an import. */
const WRITE_BATCH_CHUNKS = 256;

export function createMemorySync(deps: { sources: MemorySources; embedder: Embedder }) {
  const { sources, embedder } = deps;
  const state = { building: false, lastSyncAt: null as string | null, lastError: null as string | null };

  /**
   * Writes sources' chunks, reusing the vectors of unchanged chunks and embedding the rest — in batches
   * of about WRITE_BATCH_CHUNKS chunks: one embedding call and one index write per batch, not per source.
   */
  async function write(idx: MemoryIndex, sources: SourceChunks[], canEmbed: boolean): Promise<void> {
    for (let i = 0; i < sources.length; ) {
      const batch: SourceChunks[] = [];
      let size = 0;
      while (i < sources.length && (batch.length === 0 || size + sources[i].chunks.length <= WRITE_BATCH_CHUNKS)) {
        size += sources[i].chunks.length;
        batch.push(sources[i++]);
      }
      let records: ChunkRecord[] = batch.flatMap((s) => s.chunks.map((c) => ({ ...c, embeddedBy: "", vector: null })));
      if (canEmbed && records.length) {
        // Unchanged text (same content hash) keeps the vector it already has: only new text is embedded.
        const known = await idx.vectorsByHash(records, embedder.fingerprint);
        const missing = [...new Map(records.filter((r) => !known.has(r.contentHash)).map((r) => [r.contentHash, r])).values()];
        const fresh = missing.length ? await embedder.embed(missing.map((r) => `${r.headingPath}\n${r.text}`.trim()), "passage") : [];
        missing.forEach((r, j) => known.set(r.contentHash, fresh[j]));
        records = records.map((r) => ({ ...r, embeddedBy: embedder.fingerprint, vector: known.get(r.contentHash)! }));
      }
      const bySource = new Map(batch.map((s) => [`${s.sourceKind}\u0000${s.sourceId}`, { sourceKind: s.sourceKind, sourceId: s.sourceId, chunks: [] as ChunkRecord[] }]));
      for (const r of records) bySource.get(`${r.sourceKind}\u0000${r.sourceId}`)!.chunks.push(r);
      await idx.replaceSources([...bySource.values()]);
    }
  }

  async function sourcesOf(ref: MemorySourceRef): Promise<SourceChunks[]> {
    switch (ref.type) {
      case "brand":
        return sources.canonical("brand", ref.brandId);
      case "product":
        return sources.canonical("product", ref.productId);
      case "message":
        return sources.message(ref.threadId, ref.messageId);
      case "run":
        return sources.run(ref.runId);
      default:
        return [];
    }
  }

  /** Brings the whole index in line with the source of truth; unchanged chunks cost nothing. */
  async function syncAll(idx: MemoryIndex): Promise<{ chunks: number; embedded: number }> {
    state.building = true;
    try {
      const canEmbed = await embedder.ready();
      const desired = await sources.all();
      const bySource = new Map<string, { hashes: Map<string, string>; embeddedBy: Set<string> }>();
      for (const c of await idx.listChunks()) {
        const k = `${c.sourceKind}\u0000${c.sourceId}`;
        const entry = bySource.get(k) ?? { hashes: new Map(), embeddedBy: new Set() };
        entry.hashes.set(c.id, c.contentHash);
        entry.embeddedBy.add(c.embeddedBy);
        bySource.set(k, entry);
      }
      const wanted = new Set<string>();
      const changed: SourceChunks[] = [];
      for (const source of desired) {
        const k = `${source.sourceKind}\u0000${source.sourceId}`;
        wanted.add(k);
        const have = bySource.get(k);
        const same =
          have &&
          have.hashes.size === source.chunks.length &&
          source.chunks.every((c) => have.hashes.get(c.id) === c.contentHash) &&
          (!canEmbed || (have.embeddedBy.size === 1 && have.embeddedBy.has(embedder.fingerprint)));
        if (!same && (source.chunks.length || have)) changed.push(source);
      }
      // Gone from the source of truth: written as sources with no chunks, in the same batches.
      for (const [k] of bySource) {
        if (!wanted.has(k)) {
          const [kind, id] = k.split("\u0000");
          changed.push({ sourceKind: kind as SourceChunks["sourceKind"], sourceId: id, chunks: [] });
        }
      }
      await write(idx, changed, canEmbed);
      await idx.optimize();
      state.lastSyncAt = new Date().toISOString();
      state.lastError = null;
      return idx.count();
    } catch (err) {
      state.lastError = (err as Error).message;
      throw err;
    } finally {
      state.building = false;
    }
  }

  return {
    state,
    /** Re-indexes what one change touched (or removes a deleted brand's or product's chunks). */
    async apply(idx: MemoryIndex, ref: MemorySourceRef): Promise<void> {
      if (ref.type === "brand-deleted") return idx.removeScope({ brandId: ref.brandId });
      if (ref.type === "product-deleted") return idx.removeScope({ brandId: ref.brandId, productId: ref.productId });
      const canEmbed = await embedder.ready();
      await write(idx, await sourcesOf(ref), canEmbed);
    },
    syncAll,
    async rebuild(idx: MemoryIndex) {
      await idx.reset();
      return syncAll(idx);
    },
  };
}
