import { z } from "zod";
import { checksSchema } from "./guard/findings";
import { SOURCE_KINDS } from "./retrieval";

// The one schema of what a stage attempt recorded (runs/<id>/prompt-snapshots/<stage>-<n>.json): the
// engine writes it, the API returns it, the audit and memory screens read it. A file that does not
// match (a workspace written by an older version) is shown as it is, with an "older format" note.

const usage = z.object({ prompt_tokens: z.number(), completion_tokens: z.number(), total_tokens: z.number() });

export const snippetJsonSchema = z.object({
  id: z.string(),
  text: z.string(),
  source_kind: z.enum(SOURCE_KINDS),
  source_id: z.string(),
  source_path: z.string(),
  heading_path: z.string(),
  created_at: z.string(),
  score: z.number(),
});

export const runErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  hint: z.string().nullable(),
  stage_id: z.string().optional(),
});

export const attemptSnapshotSchema = z.object({
  run_id: z.string(),
  thread_id: z.string(),
  stack: z.string(),
  stage: z.object({
    id: z.string(),
    title: z.string(),
    attempt: z.number().int(),
    depends_on: z.array(z.string()),
    approval_required: z.boolean(),
    output: z.string(),
  }),
  feedback: z.string().nullable(),
  model_settings: z.object({ model: z.string(), temperature: z.number(), max_tokens: z.number() }),
  context_pack: z
    .object({
      sections: z.array(
        z.object({ kind: z.string(), title: z.string(), tokens: z.number(), sources: z.array(z.record(z.string(), z.unknown())), content: z.string() }),
      ),
      trimmed: z.array(z.object({ kind: z.string(), ref: z.string(), tokens: z.number(), reason: z.string() })),
      token_estimate: z.number(),
      budget: z.number(),
      over_budget: z.boolean(),
    })
    .nullable(),
  retrieval: z
    .object({
      query: z.string(),
      snippets: z.array(snippetJsonSchema),
      error: z.string().optional(),
      /** How it searched (recorded since 2026-12; older snapshots lack it). */
      mode: z.enum(["hybrid", "vector", "fulltext"]).optional(),
    })
    .nullable(),
  messages: z.array(z.object({ role: z.string(), content: z.string() })),
  started_at: z.string(),
  status: z.enum(["running", "succeeded", "failed", "cancelled"]),
  response: z
    .object({ text: z.string(), finish_reason: z.string().nullable(), request_id: z.string().nullable(), model: z.string(), raw: z.unknown() })
    .optional(),
  usage: usage.nullable().optional(),
  latency_ms: z.number().nullable().optional(),
  artifact_paths: z.array(z.string()).optional(),
  /** The brand guard's checks of the artifact (absent in snapshots made before the guard). */
  checks: checksSchema.optional(),
  error: runErrorSchema.optional(),
  partial_response: z.string().nullable().optional(),
  finished_at: z.string().optional(),
});

export type AttemptSnapshot = z.infer<typeof attemptSnapshotSchema>;

/** A recorded snapshot as a reader gets it: the typed record, or the raw JSON of an older format. */
export type ReadSnapshot = { format: "current"; snapshot: AttemptSnapshot } | { format: "older"; raw: unknown };

export function readSnapshot(raw: unknown): ReadSnapshot {
  const parsed = attemptSnapshotSchema.safeParse(raw);
  return parsed.success ? { format: "current", snapshot: parsed.data } : { format: "older", raw };
}
