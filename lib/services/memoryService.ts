import type { OwnedKind } from "../domain/accounts";
import { indexingScope, type Embedder, type IndexingQueue, type MemoryIndex, type MemorySourceRef, type MemoryStatus, type MemoryWrite, type SharedMemoryWrites } from "../domain/memory";
import type { BlobReader, Repositories } from "../domain/ports";
import type { Retriever } from "../domain/retrieval";
import { createMemoryJobs } from "./memoryJobs";
import { checkMemoryScope } from "./memoryScope";
import { createMemorySearch } from "./memorySearch";
import { createMemorySources } from "./memorySources";
import { createMemorySync } from "./memorySync";

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
  /** Hosted mode: every write goes to the deployment's one writer instead of this process's lane. */
  shared?: SharedMemoryWrites;
}

export type MemoryService = ReturnType<typeof createMemoryService>;

/**
 * Episodic memory, wired from its parts: the write lane (memoryJobs), keeping the index in step
 * (memorySync), retrieval (memorySearch), scope checks (memoryScope), and the status they make up.
 */
export function createMemoryService(deps: MemoryDeps) {
  const { embedder } = deps;
  const jobs = createMemoryJobs({ log: deps.log });
  const sync = createMemorySync({
    sources: createMemorySources({ repos: deps.repos, blobs: deps.blobs, maxChars: deps.chunkMaxChars, indexChat: deps.indexChat }),
    embedder,
  });
  let opened: Promise<MemoryIndex> | null = null;

  const { shared } = deps;
  const share = (w: MemoryWrite) =>
    shared!.send(w).then(
      () => {},
      (err) => deps.log(`could not queue a memory write (${w.type})`, err),
    );

  function index(): Promise<MemoryIndex> {
    opened ??= deps.openIndex().then(({ index: idx, fresh }) => {
      // A missing index, or one built with another embedding model, is rebuilt from the source of truth;
      // an existing one catches up with whatever changed while the app was not running.
      if (shared) void share({ type: fresh ? "rebuild" : "catch-up" });
      else
        void jobs.run(async () => (jobs.closed ? undefined : fresh ? sync.rebuild(idx) : sync.syncAll(idx))).catch((err) =>
          deps.log(fresh ? "memory rebuild failed" : "memory catch-up failed", err),
        );
      return idx;
    });
    return opened;
  }

  /** Runs one write here, on this process's lane (local mode, or the shared writer's job in hosted mode). */
  async function write(w: MemoryWrite): Promise<{ chunks: number; embedded: number } | void> {
    // Shutting down: refuse, so the queue gives the write to another instance (never two writers at once).
    if (jobs.closed) throw new Error("memory is closing on this instance");
    const idx = await index();
    if (w.type === "source") return jobs.run(() => sync.apply(idx, w.ref));
    return jobs.run(() => (w.type === "rebuild" ? sync.rebuild(idx) : sync.syncAll(idx)));
  }

  // Every write adds a version and a fragment to the table; left alone, thousands of saves grow its
  // metadata, the process's memory and every query's cost. So every COMPACT_EVERY writes the table is
  // compacted, on the lane behind what is queued (one compaction waits at a time: a long burst compacts
  // once, after it). Indexing queued while it runs waits for it, within a generation's 3 s bound.
  let writesSinceCompaction = 0;
  const COMPACT_EVERY = 100;
  const afterWrite = () => {
    if (++writesSinceCompaction < COMPACT_EVERY) return;
    writesSinceCompaction = 0;
    void jobs.enqueue("compaction", async () => (await index()).optimize(), "maintenance");
  };
  const enqueue = (ref: MemorySourceRef) =>
    shared
      ? void share({ type: "source", ref })
      : void jobs.enqueue(JSON.stringify(ref), async () => {
          await sync.apply(await index(), ref);
          afterWrite();
        }, indexingScope(ref));
  // What was just approved or said should be recallable by the very next generation: let its campaign's
  // queued indexing land first — event-driven, bounded so a slow embedder never holds a stage or a chat
  // reply for long. Hosted mode waits for the deployment's queue (its jobs carry no scope one can wait on).
  const search = createMemorySearch({
    embedder,
    index,
    beforeSearch: (q) =>
      shared ? shared.waitForBacklog(3000).then(() => {}) : jobs.queuedWork(3000, q.campaignThreadId === undefined ? undefined : `thread:${q.campaignThreadId}`),
  });

  const retriever: Retriever = { retrieve: (q) => search(q) };
  const indexing: IndexingQueue = { enqueue };

  return {
    retriever,
    indexing,
    search,
    embedderFingerprint: embedder.fingerprint,
    /** The embedding model's state alone (cheap: every page's header shows it when memory is degraded). */
    embedderState: () => embedder.state(),
    checkScope: (s: { brand_id: string; product_id?: string; thread_id?: string }) => checkMemoryScope(deps.repos, s),
    /** Drops the index and rebuilds it from SQLite and the files. */
    async reindex() {
      const started = performance.now();
      const idx = await index();
      let counts: { chunks: number; embedded: number };
      if (shared) {
        const id = await shared.send({ type: "rebuild" });
        if (id && !(await shared.waitFor([id], 30 * 60_000))) throw new Error("the memory rebuild did not finish within 30 minutes");
        counts = await idx.count();
      } else {
        counts = await jobs.run(() => sync.rebuild(idx));
      }
      return { ...counts, tookMs: Math.round(performance.now() - started) };
    },
    /** The shared writer's job (hosted mode): one write, run here. */
    write,
    /** Resolves when nothing is queued or being indexed (tests, shutdown); in hosted mode, in the whole deployment (bounded). */
    async idle(): Promise<void> {
      await index();
      if (shared) await shared.waitForBacklog(60_000);
      await jobs.settled();
    },
    /** Stops taking work, waits for what is running. */
    async close(): Promise<void> {
      jobs.close();
      if (opened) await jobs.settled();
    },
    /**
     * The index's state. `owns` (hosted mode) keeps only the failed jobs of what the caller's organization
     * owns: a failure names its source and error text, which are another organization's business.
     */
    async status(owns?: (kind: OwnedKind, id: string) => Promise<boolean>): Promise<MemoryStatus> {
      const idx = await index();
      const failures = jobs.failures();
      const visible = owns ? await Promise.all(failures.map((f) => ownsSource(f.source, owns))) : failures.map(() => true);
      const counts = await idx.count();
      const emb = embedder.state();
      return {
        embedder: { ...emb, fingerprint: embedder.fingerprint, dims: embedder.dims },
        retrievalMode: emb.state === "ready" ? "hybrid" : "fulltext",
        index: {
          chunks: counts.chunks,
          embeddedChunks: counts.embedded,
          waitingForVectors: emb.state === "ready" ? counts.chunks - counts.embedded : 0,
          building: sync.state.building,
          pendingJobs: shared ? await shared.backlog().catch(() => jobs.pending()) : jobs.pending(),
          failedJobs: failures.filter((_, i) => visible[i]),
          lastSyncAt: sync.state.lastSyncAt,
          lastError: sync.state.lastError,
        },
      };
    },
    /** Called now and then: when the model became available, fill the missing vectors in the background. */
    async refreshEmbeddings(): Promise<void> {
      const idx = await index();
      if (jobs.closed || sync.state.building || !(await embedder.ready())) return;
      const { chunks, embedded } = await idx.count();
      if (embedded < chunks) await (shared ? share({ type: "catch-up" }) : jobs.run(() => sync.syncAll(idx)));
    },
  };
}

/** Whether a failed job's source (a serialized MemorySourceRef) belongs to what `owns` accepts; deletions belong to no one. */
async function ownsSource(source: string, owns: (kind: OwnedKind, id: string) => Promise<boolean>): Promise<boolean> {
  let ref: MemorySourceRef;
  try {
    ref = JSON.parse(source) as MemorySourceRef;
  } catch {
    return false;
  }
  switch (ref.type) {
    case "brand":
      return owns("brand", ref.brandId);
    case "product":
      return owns("product", ref.productId);
    case "message":
      return owns("thread", ref.threadId);
    case "run":
      return owns("run", ref.runId);
    default:
      return false;
  }
}
