import pLimit from "p-limit";
import { EPISODIC_KINDS, type MemoryStatus, type ChunkRecord, type Embedder, type IndexingQueue, type MemoryIndex, type MemorySourceRef } from "../domain/memory";
import type { BlobReader, Repositories } from "../domain/ports";
import type { RetrievalQuery, RetrievedSnippet, Retriever } from "../domain/retrieval";
import { invalidInput, notFound } from "../domain/errors";
import { createMemorySources, type SourceChunks } from "./memorySources";

export interface MemoryDeps {
  repos: Repositories;
  blobs: BlobReader;
  /** Opens the index; the result says whether it was (re)created empty and needs a full build. */
  openIndex: () => Promise<{ index: MemoryIndex; fresh: boolean }>;
  embedder: Embedder;
  chunkMaxChars: number;
  indexChat: boolean;
  defaultTopK: number;
  log: (message: string, err?: unknown) => void;
}

interface Failure {
  source: string;
  error: string;
  attempts: number;
  nextTryAt: string;
}

const keyOf = (ref: MemorySourceRef) => JSON.stringify(ref);

export type MemoryService = ReturnType<typeof createMemoryService>;

/**
 * Episodic memory: keeps the index in step with SQLite and the files (queued, off the request path,
 * retried on failure), and answers retrieval — the one function used before every generation and by
 * the search API, so what the inspector shows is what the model saw.
 */
export function createMemoryService(deps: MemoryDeps) {
  const sources = createMemorySources({ repos: deps.repos, blobs: deps.blobs, maxChars: deps.chunkMaxChars, indexChat: deps.indexChat });
  const { embedder } = deps;
  let opened: Promise<MemoryIndex> | null = null;
  const queue = new Map<string, MemorySourceRef>();
  const failures = new Map<string, Failure & { ref: MemorySourceRef; attemptsLeft: number }>();
  // One lane for every write: queued jobs, catch-up, rebuild. Reads (search) never wait for it.
  const lane = pLimit(1);
  // Resolves when every job put on the lane so far has finished. The lane runs one job at a time, in
  // order, so waiting for the last one queued is waiting for all of them — an event, never a poll.
  let tail: Promise<void> = Promise.resolve();
  function onLane<T>(job: () => Promise<T>): Promise<T> {
    const done = lane(job);
    tail = done.then(
      () => {},
      () => {},
    );
    return done;
  }
  const retryTimers = new Set<NodeJS.Timeout>();
  let closed = false;
  let building = false;
  let lastSyncAt: string | null = null;
  let lastError: string | null = null;

  function index(): Promise<MemoryIndex> {
    opened ??= deps.openIndex().then((opened) => {
      const { index: idx, fresh } = opened;
      // A missing index, or one built with another embedding model, is rebuilt from the source of truth;
      // an existing one catches up with whatever changed while the app was not running.
      void onLane(async () => (closed ? undefined : fresh ? rebuild(idx) : syncAll(idx))).catch((err) =>
        deps.log(fresh ? "memory rebuild failed" : "memory catch-up failed", err),
      );
      return idx;
    });
    return opened;
  }

  /** Writes one source's chunks, reusing the vectors of unchanged chunks and embedding the rest. */
  async function write(idx: MemoryIndex, source: SourceChunks, canEmbed: boolean): Promise<void> {
    let records: ChunkRecord[] = source.chunks.map((c) => ({ ...c, embeddedBy: "", vector: null }));
    if (canEmbed && records.length) {
      // Unchanged text (same content hash) keeps the vector it already has: only new text is embedded.
      const known = await idx.vectorsByHash(records.map((r) => r.contentHash), embedder.fingerprint);
      const missing = records.filter((r) => !known.has(r.contentHash));
      const fresh = missing.length ? await embedder.embed(missing.map((r) => `${r.headingPath}\n${r.text}`.trim()), "passage") : [];
      missing.forEach((r, i) => known.set(r.contentHash, fresh[i]));
      records = records.map((r) => ({ ...r, embeddedBy: embedder.fingerprint, vector: known.get(r.contentHash)! }));
    }
    await idx.replaceSource(source.sourceKind, source.sourceId, records);
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

  async function process(idx: MemoryIndex, ref: MemorySourceRef): Promise<void> {
    if (ref.type === "brand-deleted") return idx.removeScope({ brandId: ref.brandId });
    if (ref.type === "product-deleted") return idx.removeScope({ brandId: ref.brandId, productId: ref.productId });
    const canEmbed = await embedder.ready();
    for (const source of await sourcesOf(ref)) await write(idx, source, canEmbed);
  }

  async function runJob(key: string, ref: MemorySourceRef): Promise<void> {
    if (closed) return;
    const idx = await index();
    try {
      await process(idx, ref);
      failures.delete(key);
    } catch (err) {
      if (closed) return;
      const attempts = (failures.get(key)?.attempts ?? 0) + 1;
      const delay = Math.min(60_000, 1000 * 2 ** attempts);
      const attemptsLeft = 6 - attempts;
      failures.set(key, { ref, source: key, error: (err as Error).message.split("\n")[0], attempts, attemptsLeft, nextTryAt: new Date(Date.now() + delay).toISOString() });
      deps.log(`memory indexing of ${key} failed (attempt ${attempts})`, err);
      if (attemptsLeft > 0) {
        const timer = setTimeout(() => {
          retryTimers.delete(timer);
          enqueue(ref);
        }, delay);
        timer.unref?.();
        retryTimers.add(timer);
      }
    }
  }

  /** Queued jobs are deduplicated: a source changed five times while waiting is indexed once. */
  function enqueue(ref: MemorySourceRef): void {
    if (closed) return;
    const key = keyOf(ref);
    if (queue.has(key)) return;
    queue.set(key, ref);
    void onLane(async () => {
      queue.delete(key);
      await runJob(key, ref);
    });
  }

  /** Brings the whole index in line with the source of truth; unchanged chunks cost nothing. */
  async function syncAll(idx: MemoryIndex): Promise<{ chunks: number; embedded: number }> {
    building = true;
    try {
      const canEmbed = await embedder.ready();
      const desired = await sources.all();
      const existing = await idx.listChunks();
      const bySource = new Map<string, { hashes: Map<string, string>; embeddedBy: Set<string> }>();
      for (const c of existing) {
        const k = `${c.sourceKind}\u0000${c.sourceId}`;
        const entry = bySource.get(k) ?? { hashes: new Map(), embeddedBy: new Set() };
        entry.hashes.set(c.id, c.contentHash);
        entry.embeddedBy.add(c.embeddedBy);
        bySource.set(k, entry);
      }
      const wanted = new Set<string>();
      for (const source of desired) {
        const k = `${source.sourceKind}\u0000${source.sourceId}`;
        wanted.add(k);
        const have = bySource.get(k);
        const same =
          have &&
          have.hashes.size === source.chunks.length &&
          source.chunks.every((c) => have.hashes.get(c.id) === c.contentHash) &&
          (!canEmbed || (have.embeddedBy.size === 1 && have.embeddedBy.has(embedder.fingerprint)));
        if (!same && (source.chunks.length || have)) await write(idx, source, canEmbed);
      }
      for (const [k] of bySource) {
        if (!wanted.has(k)) {
          const [kind, id] = k.split("\u0000");
          await idx.replaceSource(kind as SourceChunks["sourceKind"], id, []);
        }
      }
      await idx.optimize();
      lastSyncAt = new Date().toISOString();
      lastError = null;
      return idx.count();
    } catch (err) {
      lastError = (err as Error).message;
      throw err;
    } finally {
      building = false;
    }
  }

  async function rebuild(idx: MemoryIndex) {
    await idx.reset();
    return syncAll(idx);
  }

  /** Resolves when the jobs queued before this call have finished, or after `boundMs`, whichever is first. */
  function queuedWork(boundMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, boundMs)));
    return Promise.race([tail, bound]).finally(() => clearTimeout(timer));
  }

  /** Resolves when nothing is queued or running, including jobs queued while it waits. */
  async function settled(): Promise<void> {
    for (let seen: Promise<void> | null = null; seen !== tail; ) {
      seen = tail;
      await seen;
    }
  }

  async function search(q: RetrievalQuery & { mode?: "auto" | "hybrid" | "vector" | "fulltext" }): Promise<{ snippets: RetrievedSnippet[]; mode: "hybrid" | "vector" | "fulltext" }> {
    const idx = await index();
    // What was just approved or said should be recallable by the very next generation: let queued
    // indexing land first (bounded, so a slow embedder never holds a stage or a chat reply for long).
    await queuedWork(3000);
    const wantsVectors = q.mode !== "fulltext";
    const vector = wantsVectors && (await embedder.ready()) ? (await embedder.embed([q.query], "query"))[0] : null;
    const mode = q.mode === "vector" || q.mode === "fulltext" ? q.mode : vector ? "hybrid" : "fulltext";
    if (mode === "vector" && !vector) return { snippets: [], mode };
    const hits = await idx.search({
      query: q.query,
      vector,
      filter: { brandId: q.brandId, productId: q.productId, threadId: q.threadId, sourceKinds: q.sourceKinds ?? EPISODIC_KINDS },
      limit: q.topK,
      mode,
      fingerprint: embedder.fingerprint,
    });
    return {
      mode,
      snippets: hits.map((h) => ({
        id: h.chunk.id,
        text: h.chunk.text,
        sourceKind: h.chunk.sourceKind,
        sourceId: h.chunk.sourceId,
        sourcePath: h.chunk.sourcePath,
        headingPath: h.chunk.headingPath,
        createdAt: h.chunk.createdAt,
        score: h.score,
      })),
    };
  }

  const retriever: Retriever = { retrieve: async (q) => (await search(q)).snippets };
  const indexing: IndexingQueue = { enqueue };

  return {
    retriever,
    indexing,
    search,
    embedderFingerprint: embedder.fingerprint,
    /** A search scope names things that exist and belong together; anything else is a 4xx, not an empty answer. */
    async checkScope(s: { brand_id: string; product_id?: string; thread_id?: string }) {
      if (!(await deps.repos.brands.get(s.brand_id))) throw notFound("brand", s.brand_id);
      if (s.product_id) {
        const p = await deps.repos.products.get(s.product_id);
        if (!p) throw notFound("product", s.product_id);
        if (p.brandId !== s.brand_id) throw invalidInput("the product is not one of this brand's", [{ path: "product_id", issue: "belongs to another brand", code: "scope_mismatch" }]);
      }
      if (s.thread_id) {
        const t = await deps.repos.threads.get(s.thread_id);
        if (!t) throw notFound("thread", s.thread_id);
        if (t.brandId !== s.brand_id || (s.product_id && t.productId !== s.product_id)) {
          throw invalidInput("the thread is not in this scope", [{ path: "thread_id", issue: "belongs to another brand or product", code: "scope_mismatch" }]);
        }
      }
      return { brandId: s.brand_id, productId: s.product_id, threadId: s.thread_id };
    },
    /** Drops the index and rebuilds it from SQLite and the files. */
    async reindex() {
      const started = performance.now();
      const idx = await index();
      const counts = await onLane(() => rebuild(idx));
      return { ...counts, tookMs: Math.round(performance.now() - started) };
    },
    /** Resolves when nothing is queued or being indexed (tests, shutdown). */
    async idle(): Promise<void> {
      await index();
      await settled();
    },
    /** Stops taking work, waits for what is running. */
    async close(): Promise<void> {
      closed = true;
      for (const t of retryTimers) clearTimeout(t);
      retryTimers.clear();
      if (opened) await settled();
    },
    async status(): Promise<MemoryStatus> {
      const idx = await index();
      const counts = await idx.count();
      const emb = embedder.state();
      return {
        embedder: { ...emb, fingerprint: embedder.fingerprint, dims: embedder.dims },
        retrievalMode: emb.state === "ready" ? "hybrid" : "fulltext",
        index: {
          chunks: counts.chunks,
          embeddedChunks: counts.embedded,
          waitingForVectors: emb.state === "ready" ? counts.chunks - counts.embedded : 0,
          building,
          pendingJobs: lane.pendingCount + lane.activeCount,
          failedJobs: [...failures.values()].map(({ source, error, attempts, nextTryAt, attemptsLeft }) => ({ source, error, attempts, nextTryAt: attemptsLeft > 0 ? nextTryAt : null })),
          lastSyncAt,
          lastError,
        },
      };
    },
    /** Called now and then: when the model became available, fill the missing vectors in the background. */
    async refreshEmbeddings(): Promise<void> {
      const idx = await index();
      if (closed || building || !(await embedder.ready())) return;
      const { chunks, embedded } = await idx.count();
      if (embedded < chunks) await onLane(() => syncAll(idx));
    },
  };
}
