// The Retriever port: episodic memory recalled before each generation. Canonical memory is never
// retrieved — it is always injected whole.

export const SOURCE_KINDS = ["soul", "essence", "canonical_fields", "artifact", "decision", "edit", "feedback", "chat"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
/** Kinds retrieved by default before a generation: canonical kinds are already injected whole. */
export const EPISODIC_KINDS: SourceKind[] = ["artifact", "edit", "decision", "feedback", "chat"];

export interface RetrievedSnippet {
  id: string;
  text: string;
  sourceKind: SourceKind;
  sourceId: string;
  sourcePath: string;
  headingPath: string;
  createdAt: string;
  score: number;
}

export interface RetrievalQuery {
  query: string;
  brandId: string;
  productId?: string;
  threadId?: string;
  topK: number;
  sourceKinds?: SourceKind[];
  /**
   * The campaign being generated for: its own queued indexing (what was just approved or said in it) lands
   * before the search, other campaigns' is not waited for. Without it, all queued indexing is.
   */
  campaignThreadId?: string;
}

/** How a retrieval searched: words and vectors, vectors only, or words only (no embedding model). */
export type RetrievalMode = "hybrid" | "vector" | "fulltext";

export interface Retriever {
  retrieve(query: RetrievalQuery): Promise<{ snippets: RetrievedSnippet[]; mode: RetrievalMode }>;
}

/** The retriever until memory is indexed: it recalls nothing, and says so in every snapshot. */
export const emptyRetriever: Retriever = { retrieve: async () => ({ snippets: [], mode: "fulltext" }) };

/** The retrieval query for a stage: the user's request, the stage id and title, brand and product names. */
export function stageRetrievalQuery(a: { request: string; stageId: string; stageTitle: string; brandName: string; productName: string }): string {
  return [a.request, `${a.stageId} ${a.stageTitle}`, a.brandName, a.productName].join("\n");
}

/** The JSON form of a snippet: in the API's search answer and in each attempt's snapshot alike. */
export function snippetJson(s: RetrievedSnippet) {
  return {
    id: s.id,
    text: s.text,
    source_kind: s.sourceKind,
    source_id: s.sourceId,
    source_path: s.sourcePath,
    heading_path: s.headingPath,
    created_at: s.createdAt,
    score: s.score,
  };
}
