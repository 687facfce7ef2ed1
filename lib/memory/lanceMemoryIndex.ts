import fs from "node:fs";
import path from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { Field, FixedSizeList, Float32, Schema, Utf8 } from "apache-arrow";
import pLimit from "p-limit";
import type { ChunkRecord, IndexFilter, IndexHit, MemoryIndex } from "../domain/memory";
import type { SourceKind } from "../domain/retrieval";
import { lexicalForm } from "../domain/lexical";
import { BrandMemoryCache, cachedChunk, fuse, lexicalLeg, vectorLeg, type BrandRows, type CachedChunk } from "./brandMemoryCache";

const TABLE = "chunks";
/** Below this a brute-force scan is faster than keeping an approximate index up to date. */
const VECTOR_INDEX_MIN_ROWS = 20_000;

const TEXT_COLUMNS = [
  "id", "brand_id", "product_id", "thread_id", "run_id", "source_kind", "source_id",
  "source_path", "heading_path", "text", "lexical", "created_at", "content_hash", "embedded_by",
] as const;

function schema(dims: number) {
  return new Schema([
    ...TEXT_COLUMNS.map((name) => new Field(name, new Utf8(), false)),
    new Field("vector", new FixedSizeList(dims, new Field("item", new Float32(), true)), false),
  ]);
}

// Values interpolated into filters are ids that passed isId() and enum members; quoting is belt and braces.
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

function whereOf(f: IndexFilter): string {
  const parts = [`brand_id = ${lit(f.brandId)}`];
  // Brand-wide chunks have no product (or thread): a product's scope is its own chunks plus the brand's.
  if (f.productId) parts.push(`(product_id = ${lit(f.productId)} OR product_id = '')`);
  if (f.threadId) parts.push(`(thread_id = ${lit(f.threadId)} OR thread_id = '')`);
  parts.push(`source_kind IN (${f.sourceKinds.map(lit).join(", ")})`);
  return parts.join(" AND ");
}

type Row = Record<(typeof TEXT_COLUMNS)[number], string> & { vector: number[] | Float32Array; _score?: number; _distance?: number; _relevance_score?: number };

const toChunk = (r: Row): IndexHit["chunk"] => ({
  id: r.id,
  brandId: r.brand_id,
  productId: r.product_id,
  threadId: r.thread_id,
  runId: r.run_id,
  sourceKind: r.source_kind as SourceKind,
  sourceId: r.source_id,
  sourcePath: r.source_path,
  headingPath: r.heading_path,
  text: r.text,
  createdAt: r.created_at,
  contentHash: r.content_hash,
  embeddedBy: r.embedded_by,
});

/**
 * The episodic memory index: one LanceDB table under the workspace (memory/), with a BM25 full-text
 * index on the text, bitmap indexes on the scope columns, and one vector column whose space is named
 * by `embedded_by`. It is derived data: deleting the folder only means a rebuild.
 */
export class LanceMemoryIndex implements MemoryIndex {
  /** Lance commits conflict when two writes race on one table: this process writes one at a time. */
  private readonly writes = pLimit(1);

  private constructor(
    private readonly dims: number,
    private db: lancedb.Connection,
    private table: lancedb.Table,
    private indexed: boolean,
    /** Hosted mode: only the deployment's single writer writes; a search never builds an index itself. */
    private readonly shared: boolean,
    /**
     * Local mode only: there this process is the index's one writer, so what it caches stays true as long
     * as its own writes are applied to the cache too. Hosted instances read what another one writes.
     */
    private readonly cache: BrandMemoryCache | null,
  ) {}

  /** Opens (or creates) the table; `created` is true when it did not exist with these dimensions. */
  static async open(location: IndexLocation, dims: number, opts: { cacheMaxBytes?: number } = {}): Promise<{ index: LanceMemoryIndex; created: boolean }> {
    if (!location.uri.includes("://")) fs.mkdirSync(location.uri, { recursive: true });
    // An absolute path: a relative one starting with "db" would be taken for LanceDB's cloud service.
    // readConsistencyInterval 0: every read sees the latest commit, also another process's (hosted mode).
    const db = await lancedb.connect(location.uri, { readConsistencyInterval: 0, ...(location.storageOptions && { storageOptions: location.storageOptions }) });
    let table: lancedb.Table | null = null;
    let indexed = false;
    let created = true;
    if (location.shared) {
      // By name, not by listing: S3-compatible servers may list nothing (s3rver does).
      table = await db.openTable(TABLE).catch(() => null);
    } else if ((await db.tableNames()).includes(TABLE)) {
      table = await db.openTable(TABLE);
    }
    if (table) {
      const fields = (await table.schema()).fields;
      const vector = fields.find((f) => f.name === "vector");
      // Another vector size, or a table from before the lexical column: rebuilt from the sources — by
      // this process, or (shared) by the deployment's writer, whose rebuild starts with reset().
      if ((vector?.type as FixedSizeList | undefined)?.listSize !== dims || !fields.some((f) => f.name === "lexical")) {
        if (!location.shared) {
          await db.dropTable(TABLE);
          table = await db.createEmptyTable(TABLE, schema(dims));
        }
      } else {
        indexed = (await table.listIndices()).some((i) => i.columns.includes("lexical"));
        created = false;
      }
    } else {
      // existOk: another instance may create the (empty) table at the same moment.
      table = await db.createEmptyTable(TABLE, schema(dims), { existOk: true });
    }
    const cache = !location.shared && opts.cacheMaxBytes ? new BrandMemoryCache(opts.cacheMaxBytes, dims) : null;
    return { index: new LanceMemoryIndex(dims, db, table, indexed, !!location.shared, cache), created };
  }

  private async ensureIndexes(): Promise<void> {
    if (this.indexed || (await this.table.countRows()) === 0) return;
    // BM25 over the lexical form (lib/domain/lexical.ts), already folded, stemmed and without stop words.
    await this.table.createIndex("lexical", {
      config: lancedb.Index.fts({ withPosition: false, baseTokenizer: "whitespace", lowercase: false, asciiFolding: false, stem: false, removeStopWords: false }),
    });
    for (const col of ["brand_id", "product_id", "thread_id", "source_kind"]) {
      await this.table.createIndex(col, { config: lancedb.Index.bitmap() });
    }
    this.indexed = true;
  }

  replaceSources(sources: { sourceKind: SourceKind; sourceId: string; chunks: ChunkRecord[] }[]): Promise<void> {
    return this.writes(() => this.replaceNow(sources));
  }

  /** One delete per kind and one add for all the sources (each is a Lance commit: fewer is faster). */
  private async replaceNow(sources: { sourceKind: SourceKind; sourceId: string; chunks: ChunkRecord[] }[]): Promise<void> {
    if (sources.length === 0) return;
    const idsByKind = new Map<SourceKind, string[]>();
    for (const s of sources) idsByKind.set(s.sourceKind, [...(idsByKind.get(s.sourceKind) ?? []), s.sourceId]);
    const predicate = [...idsByKind].map(([kind, ids]) => `(source_kind = ${lit(kind)} AND source_id IN (${ids.map(lit).join(", ")}))`).join(" OR ");
    const rows = sources.flatMap((s) =>
      s.chunks.map((c) => ({
        id: c.id, brand_id: c.brandId, product_id: c.productId, thread_id: c.threadId, run_id: c.runId,
        source_kind: c.sourceKind, source_id: c.sourceId, source_path: c.sourcePath, heading_path: c.headingPath,
        text: c.text, lexical: lexicalForm(`${c.headingPath}\n${c.text}`), created_at: c.createdAt, content_hash: c.contentHash,
        embedded_by: c.vector ? c.embeddedBy : "",
        vector: c.vector ?? new Array(this.dims).fill(0),
      })),
    );
    this.cache?.writing();
    try {
      await this.table.delete(predicate);
      if (rows.length) await this.table.add(rows);
    } catch (err) {
      // Half of it may have been committed: what the cache holds can no longer be trusted.
      this.cache?.clear();
      throw err;
    }
    this.cache?.replaced(sources, rows.map((r) => cachedChunk(toChunk(r), r.embedded_by ? r.vector : null, r.lexical)));
    await this.ensureIndexes();
  }

  async listChunks() {
    const rows = (await this.table.query().select(["id", "source_kind", "source_id", "content_hash", "embedded_by"]).toArray()) as Row[];
    return rows.map((r) => ({ id: r.id, sourceKind: r.source_kind as SourceKind, sourceId: r.source_id, contentHash: r.content_hash, embeddedBy: r.embedded_by }));
  }

  async vectorsByHash(chunks: { contentHash: string; brandId: string }[], fingerprint: string): Promise<Map<string, number[]>> {
    const out = new Map<string, number[]>();
    // A brand held in the cache answers for itself: no query of the table (a job per approval saves one).
    const fromTable = new Set<string>();
    const wantedByBrand = new Map<string, Set<string>>();
    for (const c of chunks) {
      if (this.cache?.peek(c.brandId)) (wantedByBrand.get(c.brandId) ?? wantedByBrand.set(c.brandId, new Set()).get(c.brandId)!).add(c.contentHash);
      else fromTable.add(c.contentHash);
    }
    for (const [brandId, wanted] of wantedByBrand) {
      for (const r of this.cache!.peek(brandId)!) {
        if (r.vector && r.chunk.embeddedBy === fingerprint && wanted.has(r.chunk.contentHash)) out.set(r.chunk.contentHash, Array.from(r.vector));
      }
    }
    const unique = [...fromTable].filter((h) => !out.has(h));
    for (let i = 0; i < unique.length; i += 500) {
      const batch = unique.slice(i, i + 500);
      const rows = (await this.table
        .query()
        .where(`embedded_by = ${lit(fingerprint)} AND content_hash IN (${batch.map(lit).join(", ")})`)
        .select(["content_hash", "vector"])
        .toArray()) as Row[];
      for (const r of rows) out.set(r.content_hash, Array.from(r.vector));
    }
    return out;
  }

  search(args: Parameters<MemoryIndex["search"]>[0]): Promise<IndexHit[]> {
    return this.reading(() => this.searchNow(args));
  }

  /** A read; shared, a failure may mean another instance replaced the table (a rebuild): reopen and try again. */
  private async reading<T>(read: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await read();
      } catch (err) {
        if (!this.shared || attempt === 3) throw err;
        await new Promise((r) => setTimeout(r, 200 * attempt));
        this.table = await this.db.openTable(TABLE).catch(() => this.table);
        this.indexed = false;
      }
    }
  }

  private async searchNow(args: Parameters<MemoryIndex["search"]>[0]): Promise<IndexHit[]> {
    const cached = this.cache && (await this.cachedBrand(args.filter.brandId));
    if (cached) return searchCached(cached, args);
    const { query, vector, filter, limit, fingerprint } = args;
    let { mode } = args;
    if ((await this.table.countRows()) === 0) return [];
    if (!this.indexed) this.indexed = (await this.table.listIndices()).some((i) => i.columns.includes("lexical"));
    if (!this.indexed && !this.shared) await this.writes(() => this.ensureIndexes());
    // Shared and not indexed yet (the writer indexes after its next write): vectors only meanwhile.
    if (!this.indexed) {
      if (!vector) return [];
      mode = "vector";
    }
    const where = whereOf(filter);
    const vectorWhere = `${where} AND embedded_by = ${lit(fingerprint)}`;
    const terms = lexicalForm(query);
    let rows: Row[];
    if (mode === "fulltext" || !vector) {
      if (!terms) return []; // only stop words: nothing to match
      rows = (await this.table.query().fullTextSearch(terms, { columns: "lexical" }).where(where).limit(limit).toArray()) as Row[];
      return rows.map((r) => ({ chunk: toChunk(r), score: r._score ?? 0 }));
    }
    if (mode === "vector" || !terms) {
      rows = (await this.table.vectorSearch(vector).distanceType("cosine").where(vectorWhere).limit(limit).toArray()) as Row[];
      return rows.map((r) => ({ chunk: toChunk(r), score: 1 - (r._distance ?? 1) }));
    }
    const rrf = await lancedb.rerankers.RRFReranker.create();
    rows = (await this.table
      .query()
      .nearestTo(vector)
      .distanceType("cosine")
      .fullTextSearch(terms, { columns: "lexical" })
      .where(vectorWhere)
      .rerank(rrf)
      .limit(limit)
      .toArray()) as Row[];
    return rows.map((r) => ({ chunk: toChunk(r), score: r._relevance_score ?? 0 }));
  }

  /** The brand's rows from the cache, loaded on first use; undefined when the brand is over the cache's budget. */
  private async cachedBrand(brandId: string): Promise<BrandRows | undefined> {
    const cache = this.cache!;
    return (
      cache.get(brandId) ??
      cache.load(
        brandId,
        () => this.table.countRows(`brand_id = ${lit(brandId)}`),
        async () => {
          const rows = (await this.table.query().where(`brand_id = ${lit(brandId)}`).select([...TEXT_COLUMNS, "vector"]).toArray()) as Row[];
          return rows.map((r) => cachedChunk(toChunk(r), r.embedded_by ? r.vector : null, r.lexical));
        },
      )
    );
  }

  /** What the brand cache holds, in bytes as its budget counts them (0 without a cache). */
  cachedBytes(): number {
    return this.cache?.size ?? 0;
  }

  count() {
    return this.reading(async () => {
      const chunks = await this.table.countRows();
      const embedded = chunks ? await this.table.countRows("embedded_by != ''") : 0;
      return { chunks, embedded };
    });
  }

  removeScope(scope: { brandId: string; productId?: string }): Promise<void> {
    return this.writes(async () => {
      this.cache?.writing();
      try {
        await this.table.delete(scope.productId ? `brand_id = ${lit(scope.brandId)} AND product_id = ${lit(scope.productId)}` : `brand_id = ${lit(scope.brandId)}`);
      } catch (err) {
        this.cache?.clear();
        throw err;
      }
      this.cache?.removed(scope);
    });
  }

  reset(): Promise<void> {
    return this.writes(async () => {
      // One new (empty) version, not a drop and a create: a reader never finds the table missing.
      this.cache?.writing(); // a load reading the old table meanwhile is not kept
      try {
        this.table = await this.db.createEmptyTable(TABLE, schema(this.dims), { mode: "overwrite" });
      } finally {
        this.cache?.clear();
      }
      this.indexed = false;
    });
  }

  /**
   * Compacts, folds new rows into the indexes, and — once the table is large enough for a flat scan to
   * cost tens of milliseconds — builds the approximate vector index (HNSW with scalar quantization).
   */
  optimize(): Promise<void> {
    return this.writes(async () => {
      await this.table.optimize({ cleanupOlderThan: new Date(Date.now() - 60_000) });
      const rows = await this.table.countRows();
      if (rows >= VECTOR_INDEX_MIN_ROWS && !(await this.table.listIndices()).some((i) => i.columns.includes("vector"))) {
        await this.table.createIndex("vector", { config: lancedb.Index.hnswSq({ distanceType: "cosine" }) });
      }
    });
  }
}

/** A search answered from the cached rows of one brand: the same modes, scores and fusion as LanceDB's. */
function searchCached(rows: BrandRows, { query, vector, filter, limit, mode, fingerprint }: Parameters<MemoryIndex["search"]>[0]): IndexHit[] {
  const hit = ({ item, score }: { item: CachedChunk; score: number }): IndexHit => ({ chunk: item.chunk, score });
  const terms = lexicalForm(query);
  if (mode === "fulltext" || !vector) return terms ? lexicalLeg(rows, filter, terms, limit).map(hit) : [];
  if (mode === "vector" || !terms) return vectorLeg(rows, filter, vector, fingerprint, limit).map(hit);
  return fuse([vectorLeg(rows, filter, vector, fingerprint, limit), lexicalLeg(rows, filter, terms, limit)], limit).map(hit);
}

/**
 * Where the index lives: a folder (local mode), or an s3:// URI with LanceDB's storage options (hosted
 * mode), plus a small note of which embedding model built it (index.json next to the table, or an
 * object beside it).
 */
export interface IndexLocation {
  uri: string;
  storageOptions?: Record<string, string>;
  /** Other processes read (and one of them writes) this index: reads never write, stale handles reopen. */
  shared?: boolean;
  meta: { read(): Promise<string | null>; write(text: string): Promise<void> };
}

/** The index of local mode: a folder, its note a file written atomically. */
export function folderLocation(dir: string): IndexLocation {
  const metaPath = path.join(dir, "index.json");
  return {
    uri: dir,
    meta: {
      read: async () => fs.promises.readFile(metaPath, "utf8").catch(() => null),
      async write(text) {
        const tmp = `${metaPath}.tmp`;
        fs.writeFileSync(tmp, text);
        fs.renameSync(tmp, metaPath);
      },
    },
  };
}

/**
 * Opens the index and says whether it must be rebuilt: it is missing, or was built for another
 * embedding model (its fingerprint is kept in the location's note).
 */
export async function openMemoryIndex(location: IndexLocation, fingerprint: string, dims: number, opts: { cacheMaxBytes?: number } = {}): Promise<{ index: MemoryIndex; fresh: boolean }> {
  let meta: { fingerprint?: string; dims?: number } | null = null;
  try {
    meta = JSON.parse((await location.meta.read()) ?? "null");
  } catch {
    meta = null;
  }
  const { index, created } = await LanceMemoryIndex.open(location, dims, opts);
  const fresh = created || !meta || meta.fingerprint !== fingerprint || meta.dims !== dims;
  if (fresh) await location.meta.write(JSON.stringify({ format: 1, fingerprint, dims, created_at: new Date().toISOString() }, null, 2) + "\n");
  return { index, fresh };
}
