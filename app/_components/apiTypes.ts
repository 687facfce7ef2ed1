// The API's JSON shapes as the browser sees them. Server pages hand the same shapes to client
// components (through the API presenters), so a client re-fetching GET /api/v1/… needs no mapping.
import type { chatMessageJson } from "@/lib/domain/chat";
import type { SourceKind } from "@/lib/domain/retrieval";
import type { EventLoopDelay } from "@/lib/domain/serverHealth";
import type { presentFeedback, presentPromotion, presentRun, presentStack } from "@/lib/http/presenters";

export type MessageJson = ReturnType<typeof chatMessageJson>;
export type StackJson = ReturnType<typeof presentStack>;
export type RunJson = ReturnType<typeof presentRun>;
export type RunDetailsJson = RunJson & Required<Pick<RunJson, "artifacts" | "decisions" | "feedback">>;
export type StageJson = RunJson["stages"][number];
export type AttemptJson = StageJson["attempts"][number];
export type ArtifactJson = RunDetailsJson["artifacts"][number];
export type FeedbackJson = ReturnType<typeof presentFeedback>;
export type PromotionJson = ReturnType<typeof presentPromotion>;

/** Kinds of memory a chunk can come from (POST /api/v1/memory/search `source_kinds`), and the ones stages retrieve by default. */
export { EPISODIC_KINDS, SOURCE_KINDS } from "@/lib/domain/retrieval";
export type SourceKindJson = SourceKind;

/** One retrieved chunk, as the search API answers and as an attempt's snapshot records it. */
export interface SnippetJson {
  id: string;
  text: string;
  source_kind: string;
  source_id?: string;
  source_path: string;
  heading_path: string;
  created_at?: string;
  score: number;
}

export interface MemorySearchJson {
  query: string;
  mode: "hybrid" | "vector" | "fulltext";
  items: SnippetJson[];
}

/** GET /api/v1/memory/status. */
export interface MemoryStatusJson {
  embedder: {
    provider: string;
    model: string;
    state: "ready" | "loading" | "downloading" | "unavailable" | "disabled";
    progress: number | null;
    error: string | null;
    fingerprint: string;
    dims: number;
  };
  retrieval_mode: "hybrid" | "fulltext";
  index: {
    chunks: number;
    embedded_chunks: number;
    waiting_for_vectors: number;
    building: boolean;
    pending_jobs: number;
    failed_jobs: { source: string; error: string; attempts: number; next_try_at: string | null }[];
    last_sync_at: string | null;
    last_error: string | null;
  };
  server: { event_loop_delay_ms: EventLoopDelay };
}

/** A classified LLM / run error: { code, message, hint } (runs and chat) or { kind, … } (provider check). */
export interface LlmErrorJson {
  code?: string;
  kind?: string;
  message: string;
  hint?: string | null;
  status?: number | null;
  request_id?: string | null;
  stage_id?: string;
}

/** One Server-Sent Event of GET /api/v1/events (one line of events.jsonl). */
export interface RunEventJson {
  seq: number;
  ts: string;
  run_id: string;
  thread_id: string;
  type: string;
  stage_id?: string;
  attempt?: number;
  data: Record<string, unknown>;
}

export { RUN_EVENT_TYPES } from "@/lib/domain/runEvent";

/** Usage as the API writes it (snake_case) or as a snapshot may hold it (camelCase). */
export interface UsageLike {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
}

export function usageOf(u: UsageLike | null | undefined): { prompt: number; completion: number; total: number } | null {
  if (!u) return null;
  return {
    prompt: u.prompt_tokens ?? u.promptTokens ?? 0,
    completion: u.completion_tokens ?? u.completionTokens ?? 0,
    total: u.total_tokens ?? u.totalTokens ?? 0,
  };
}
