// The API's JSON shapes as the browser sees them. Server pages hand the same shapes to client
// components (through the API presenters), so a client re-fetching GET /api/v1/… needs no mapping.
import type { chatMessageJson } from "@/lib/domain/chat";
import type { presentRun, presentStack } from "@/lib/http/presenters";

export type MessageJson = ReturnType<typeof chatMessageJson>;
export type StackJson = ReturnType<typeof presentStack>;
export type RunJson = ReturnType<typeof presentRun>;
export type RunDetailsJson = RunJson & Required<Pick<RunJson, "artifacts" | "decisions">>;
export type StageJson = RunJson["stages"][number];
export type AttemptJson = StageJson["attempts"][number];
export type ArtifactJson = RunDetailsJson["artifacts"][number];

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

export const RUN_EVENT_TYPES = [
  "run.started",
  "run.waiting_approval",
  "run.resumed",
  "run.completed",
  "run.failed",
  "run.cancelled",
  "run.recovered",
  "stage.started",
  "stage.attempt.started",
  "stage.attempt.interrupted",
  "stage.attempt.cancelled",
  "llm.call.started",
  "llm.call.finished",
  "llm.call.failed",
  "artifact.written",
  "stage.waiting_approval",
  "stage.approved",
  "stage.skipped",
  "stage.failed",
  "decision",
  "feedback",
  "package.written",
] as const;

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
