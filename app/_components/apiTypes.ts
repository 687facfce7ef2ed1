// The API's JSON shapes as the browser sees them. Server pages hand the same shapes to client
// components (through the API presenters), so a client re-fetching GET /api/v1/… needs no mapping.
import type { chatMessageJson } from "@/lib/domain/chat";
import type { SourceKind } from "@/lib/domain/retrieval";
import type { z } from "zod";
import type * as api from "@/lib/http/apiSchemas";
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
export type SnippetJson = z.infer<typeof api.snippetJson>;
export type MemorySearchJson = z.infer<typeof api.memorySearchJson>;
/** GET /api/v1/memory/status. */
export type MemoryStatusJson = z.infer<typeof api.memoryStatusJson>;

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
export type RunEventJson = z.infer<typeof api.runEventJson>;
export type StageDraftJson = z.infer<typeof api.stageDraftJson>;
export type ApprovedJson = z.infer<typeof api.approvedDeliverableJson>;
export type RerunPlanJson = z.infer<typeof api.rerunPlanJson>;
export type ComparisonJson = z.infer<typeof api.comparisonJson>;

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
