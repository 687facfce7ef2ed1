/** One line of runs/<run_id>/events.jsonl, and one Server-Sent Event (its `seq` is the SSE id). */
export interface RunEvent {
  seq: number;
  ts: string;
  run_id: string;
  thread_id: string;
  type: RunEventType;
  stage_id?: string;
  attempt?: number;
  data: Record<string, unknown>;
}

export const RUN_EVENT_TYPES = [
  "run.started",
  "run.waiting_approval",
  "run.paused",
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
  "stage.checked",
  "stage.waiting_approval",
  "stage.approved",
  "stage.skipped",
  "stage.reused",
  "stage.failed",
  "decision",
  "feedback",
  "package.written",
] as const;
export type RunEventType = (typeof RUN_EVENT_TYPES)[number];

/** Parses events.jsonl; a torn last line (a crash mid-append) is ignored. */
export function parseEventLog(text: string): RunEvent[] {
  const out: RunEvent[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as RunEvent);
    } catch {
      // torn line
    }
  }
  return out;
}
