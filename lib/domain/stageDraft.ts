import type { LlmRetry } from "./llm";

/**
 * The text of a stage attempt while the model writes it, sent over the run's event stream as
 * `stage.draft`. Transient: never written to events.jsonl (the attempt's start and end events and the
 * final artifact are). `text` replaces everything from `offset` on, so the first draft a client gets
 * (offset 0, the text so far) and every later one (offset = what it already had) apply the same way.
 */
export interface StageDraft {
  type: "stage.draft";
  run_id: string;
  thread_id: string;
  stage_id: string;
  attempt: number;
  offset: number;
  text: string;
  /** Answer chunks so far (≈ tokens). */
  tokens: number;
  /** A reasoning model's thinking chunks so far (≈ tokens); never part of the text. */
  reasoning_tokens: number;
  started_at: string;
  /** The provider is waiting to try again; null once text flows. */
  retry: { attempt: number; of: number; delay_ms: number | null; reason: string; at: string } | null;
}

/** Applies a draft to the text a client holds (append-only: a draft past what it holds waits for the next). */
export function applyDraft(current: string, d: Pick<StageDraft, "offset" | "text">): string {
  return d.offset <= current.length ? current.slice(0, d.offset) + d.text : current;
}

export const retryOf = (r: LlmRetry, at: string): NonNullable<StageDraft["retry"]> => ({
  attempt: r.attempt,
  of: r.of,
  delay_ms: r.delayMs,
  reason: r.reason,
  at,
});
