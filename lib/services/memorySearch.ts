import { DomainError } from "../domain/errors";
import type { Embedder, MemoryIndex } from "../domain/memory";
import { EPISODIC_KINDS, type RetrievalQuery, type RetrievedSnippet } from "../domain/retrieval";

export type SearchMode = "auto" | "hybrid" | "vector" | "fulltext";

/**
 * Retrieval: the one function used before every generation and by the search API, so what the
 * inspector shows is what the model saw. Full-text always; vectors when the embedder is available.
 */
export function createMemorySearch(deps: { embedder: Embedder; index: () => Promise<MemoryIndex>; beforeSearch: (q: RetrievalQuery) => Promise<void> }) {
  const { embedder } = deps;
  return async function search(q: RetrievalQuery & { mode?: SearchMode }): Promise<{ snippets: RetrievedSnippet[]; mode: "hybrid" | "vector" | "fulltext" }> {
    const idx = await deps.index();
    await deps.beforeSearch(q);
    const wantsVectors = q.mode !== "fulltext";
    const vector = wantsVectors && (await embedder.ready()) ? (await embedder.embed([q.query], "query"))[0] : null;
    const mode = q.mode === "vector" || q.mode === "fulltext" ? q.mode : vector ? "hybrid" : "fulltext";
    // "0 results" would be a lie: the search could not run at all.
    if (mode === "vector" && !vector) {
      throw new DomainError("vectors_unavailable", `vector search is unavailable: ${embedder.state().error ?? `the embedding model is ${embedder.state().state}`}`);
    }
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
  };
}
