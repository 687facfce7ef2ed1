import type { SnippetJson, SourceKindJson } from "../_components/apiTypes";

// What the memory page hands the inspector: the scopes to pick from, the search, an attempt to compare.

export type ScopeTree = {
  id: string;
  name: string;
  products: { id: string; name: string; threads: { id: string; title: string }[] }[];
}[];

export type SearchMode = "auto" | "hybrid" | "vector" | "fulltext";

export interface InspectorState {
  brandId: string;
  productId: string;
  threadId: string;
  query: string;
  topK: number;
  kinds: SourceKindJson[];
  mode: SearchMode;
}

/** An attempt's recorded retrieval and the scope its stage searched. */
export interface SawContext {
  runId: string;
  stageId: string;
  attempt: number;
  stageTitle: string;
  stack: string;
  startedAt: string | null;
  brandId: string;
  productId: string;
  retrieval: { query: string; snippets: SnippetJson[]; error?: string } | null;
}
