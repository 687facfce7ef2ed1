import { z } from "zod";
import { idPattern } from "./ids";
import { SOURCE_KINDS, type SourceKind } from "./retrieval";

// Episodic memory: ports of the index and of the embedder, and what the indexer writes.


/** One chunk as stored in the index. Scope columns are "" when they do not apply. */
export interface ChunkRecord {
  id: string;
  brandId: string;
  productId: string;
  threadId: string;
  runId: string;
  sourceKind: SourceKind;
  sourceId: string;
  sourcePath: string;
  headingPath: string;
  text: string;
  createdAt: string;
  /** sha256 of heading path + text: an unchanged chunk keeps its vector. */
  contentHash: string;
  /** Fingerprint of the model that made `vector`; "" when the chunk has none yet. */
  embeddedBy: string;
  vector: number[] | null;
}

export interface EmbedderState {
  provider: "local" | "openai-compatible" | "none";
  model: string;
  state: "ready" | "loading" | "downloading" | "unavailable" | "disabled";
  /** 0..1 while downloading. */
  progress: number | null;
  error: string | null;
}

/** Turns texts into vectors. `fingerprint` names the vector space: vectors of two fingerprints never mix. */
export interface Embedder {
  readonly fingerprint: string;
  readonly dims: number;
  state(): EmbedderState;
  /** Loads the model if needed; false when it cannot be had (then retrieval is lexical only). */
  ready(): Promise<boolean>;
  embed(texts: string[], kind: "query" | "passage"): Promise<number[][]>;
}

export interface IndexFilter {
  brandId: string;
  productId?: string;
  threadId?: string;
  sourceKinds: SourceKind[];
}

export interface IndexHit {
  chunk: Omit<ChunkRecord, "vector">;
  score: number;
}

export interface MemoryIndex {
  /**
   * Replaces every chunk of each source (kind + id) with its `chunks` (possibly none), as one write:
   * a rebuild or an import writes hundreds of sources, and each write is a commit of the index.
   */
  replaceSources(sources: { sourceKind: SourceKind; sourceId: string; chunks: ChunkRecord[] }[]): Promise<void>;
  /** What the index holds per chunk id: its hash and which model embedded it. */
  listChunks(): Promise<{ id: string; sourceKind: SourceKind; sourceId: string; contentHash: string; embeddedBy: string }[]>;
  /**
   * Vectors already made by `fingerprint` for chunks with these content hashes (hash → vector). The brand
   * of each lets an index look where that brand's chunks are (an identical text elsewhere may be missed:
   * it is embedded again).
   */
  vectorsByHash(chunks: { contentHash: string; brandId: string }[], fingerprint: string): Promise<Map<string, number[]>>;
  search(args: { query: string; vector: number[] | null; filter: IndexFilter; limit: number; mode: "hybrid" | "vector" | "fulltext"; fingerprint: string }): Promise<IndexHit[]>;
  count(): Promise<{ chunks: number; embedded: number }>;
  /** Removes every chunk of a brand, or of one product (e.g. after a delete). */
  removeScope(scope: { brandId: string; productId?: string }): Promise<void>;
  /** Drops everything (a rebuild follows). */
  reset(): Promise<void>;
  optimize(): Promise<void>;
}

export const memorySearchInput = z.strictObject({
  query: z.string().trim().min(1, "must not be empty").max(4000),
  brand_id: z.string().regex(idPattern("brand"), "not a brand id"),
  product_id: z.string().regex(idPattern("product"), "not a product id").optional(),
  thread_id: z.string().regex(idPattern("thread"), "not a thread id").optional(),
  top_k: z.number().int().min(1).max(100).optional(),
  source_kinds: z.array(z.enum(SOURCE_KINDS)).min(1).max(SOURCE_KINDS.length).optional(),
  mode: z.enum(["auto", "hybrid", "vector", "fulltext"]).default("auto"),
});
export type MemorySearchInput = z.infer<typeof memorySearchInput>;

/** What changed, for the indexer: it rebuilds that source's chunks from SQLite and the files. */
export type MemorySourceRef =
  | { type: "brand"; brandId: string }
  | { type: "product"; productId: string }
  | { type: "message"; threadId: string; messageId: string }
  | { type: "run"; runId: string; threadId: string }
  | { type: "brand-deleted"; brandId: string }
  | { type: "product-deleted"; brandId: string; productId: string };

/**
 * The scope an indexing job is waited for in: a campaign (thread) for what is said and decided in it; a
 * brand for its canonical text and deletions, which no generation recalls (canonical is in every pack).
 */
export function indexingScope(ref: MemorySourceRef): string {
  switch (ref.type) {
    case "message":
    case "run":
      return `thread:${ref.threadId}`;
    case "product":
      return `product:${ref.productId}`;
    default:
      return `brand:${ref.brandId}`;
  }
}

/** Indexing happens off the request path: writers enqueue, a background worker indexes and retries. */
export interface IndexingQueue {
  enqueue(ref: MemorySourceRef): void;
}

export const noIndexing: IndexingQueue = { enqueue: () => {} };

/** What GET /api/v1/memory/status tells: the embedder, the retrieval mode, the index and its queue. */
export interface MemoryStatus {
  embedder: EmbedderState & { fingerprint: string; dims: number };
  retrievalMode: "hybrid" | "fulltext";
  index: {
    chunks: number;
    embeddedChunks: number;
    waitingForVectors: number;
    building: boolean;
    pendingJobs: number;
    failedJobs: { source: string; error: string; attempts: number; nextTryAt: string | null }[];
    lastSyncAt: string | null;
    lastError: string | null;
  };
}

/** A write to the memory index, as the one writer of a hosted deployment receives it from the queue. */
export type MemoryWrite = { type: "source"; ref: MemorySourceRef } | { type: "catch-up" } | { type: "rebuild" };

/**
 * Hosted mode: memory writes go through one queue with one writer for the whole deployment (two
 * LanceDB writers on an object store without conditional writes lose commits). Local mode has none:
 * its writes run on the process's own lane.
 */
export interface SharedMemoryWrites {
  /** Queues a write; its job id. */
  send(write: MemoryWrite): Promise<string | null>;
  /** Resolves true when these jobs have finished, false after `boundMs`. */
  waitFor(ids: string[], boundMs: number): Promise<boolean>;
  /** Resolves true when every write queued before the call, by any instance, has landed; false after `boundMs`. */
  waitForBacklog(boundMs: number): Promise<boolean>;
  /** Writes waiting or running in the whole deployment. */
  backlog(): Promise<number>;
}
