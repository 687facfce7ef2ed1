import { z } from "zod";
import { attemptSnapshotSchema, runErrorSchema, snippetJsonSchema } from "../domain/attemptSnapshot";
import { CANONICAL, type CanonicalField, type CanonicalKind } from "../domain/canonical";
import { ROLES, TOKEN_ACCESS } from "../domain/access";
import { ERROR_CODES } from "../domain/errors";
import { checksSchema, GUARD_RULES } from "../domain/guard/findings";
import { ATTEMPT_STATUSES, RUN_STATUSES, STAGE_STATUSES } from "../domain/run";
import { RUN_EVENT_TYPES } from "../domain/runEvent";

// The API's response bodies, as zod schemas: the presenters are typed by them and the OpenAPI
// document (lib/http/openapi.ts) is generated from them, so the code and its description are one.

const iso = z.string().meta({ description: "ISO 8601 timestamp", example: "2026-12-02T08:15:06.000Z" });
const usage = z.object({ prompt_tokens: z.number(), completion_tokens: z.number(), total_tokens: z.number() }).nullable().meta({ id: "Usage" });

export const errorEnvelope = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      details: z.array(
        z.object({
          path: z.string(),
          issue: z.string(),
          code: z.string().optional(),
          limit: z.number().int().optional().meta({ description: "the limit broken: characters (too_big) or items (too_many)" }),
        }),
      ),
    }),
  })
  .meta({ id: "Error", description: "Every error: a stable code (one HTTP status per code), a message, and the fields at fault." });

export const checksJson = checksSchema.meta({ id: "GuardChecks", description: "The brand guard's findings on a text, with the verdict (pass, warn, block)." });

export const eventLoopDelayJson = z
  .object({ p50: z.number(), p99: z.number(), max: z.number(), samples: z.number().int(), window_s: z.number().int() })
  .meta({ id: "EventLoopDelay", description: "How late the server's event loop ran over the window, in milliseconds." });

export const readyJson = z
  .object({
    ready: z.boolean(),
    checks: z.array(z.object({ name: z.string(), ok: z.boolean(), ms: z.number().int(), error: z.string().nullable() })),
  })
  .meta({ id: "Readiness" });
export const healthJson = z.object({ ok: z.literal(true), version: z.string(), event_loop_delay_ms: eventLoopDelayJson }).meta({ id: "Health" });

const fieldJson = (f: CanonicalField) => (f.rule === "list" ? z.array(z.string()) : z.string());

/** A brand or product as the API shows it, from its canonical spec (a list item leaves the markdown out). */
function canonicalJson(kind: CanonicalKind, id: string, withMarkdown = true) {
  const spec = CANONICAL[kind];
  return z
    .object({
      id: z.string(),
      ...(kind === "product" && { brand_id: z.string() }),
      ...Object.fromEntries(spec.fields.map((f) => [f.name, fieldJson(f)])),
      ...(withMarkdown && { [spec.markdown.apiField]: z.string().meta({ description: `${spec.markdown.file}, the free markdown of the ${kind}` }) }),
      canonical_version: z.number().int(),
      created_at: iso,
      updated_at: iso,
    })
    .meta({ id });
}
export const brandJson = canonicalJson("brand", "Brand");
export const productJson = canonicalJson("product", "Product");
/** List items: everything but the markdown (soul.md / essence.md), which only the entity's own GET reads. */
export const brandSummaryJson = canonicalJson("brand", "BrandSummary", false);
export const productSummaryJson = canonicalJson("product", "ProductSummary", false);
export type BrandJson = z.infer<typeof brandJson>;
export type ProductJson = z.infer<typeof productJson>;

export const threadJson = z
  .object({ id: z.string(), product_id: z.string(), brand_id: z.string(), title: z.string(), created_at: iso, updated_at: iso })
  .meta({ id: "Thread" });

export const chatErrorJson = z.object({ code: z.string(), message: z.string(), hint: z.string().nullable() });
export const chatMessageJsonSchema = z
  .object({
    id: z.string(),
    thread_id: z.string(),
    seq: z.number().int(),
    role: z.enum(["user", "assistant"]),
    content: z.string(),
    status: z.enum(["ok", "failed"]),
    error: chatErrorJson.nullable(),
    partial_content: z.string().nullable(),
    checks: checksJson.nullable().meta({ description: "the brand guard's checks of a reply (never blocking)" }),
    usage,
    latency_ms: z.number().nullable(),
    model: z.string().nullable(),
    created_at: iso,
  })
  .meta({ id: "ChatMessage" });

export const threadWithMessagesJson = threadJson
  .extend({ messages: z.object({ items: z.array(chatMessageJsonSchema), has_more: z.boolean(), next_before: z.number().int().nullable() }) })
  .meta({ id: "ThreadWithMessages" });

const fieldsRecord = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
export const versionJson = z
  .object({
    id: z.string(),
    version: z.number().int(),
    fields: fieldsRecord,
    markdown: z.string(),
    source: z.enum(["create", "edit", "promotion", "restore", "import"]),
    note: z.string(),
    created_at: iso,
  })
  .meta({ id: "CanonicalVersion" });

const canonicalState = z.object({ fields: fieldsRecord, markdown: z.string() });
export const promotionJson = z
  .object({
    id: z.string(),
    entity_type: z.enum(["brand", "product"]),
    entity_id: z.string(),
    status: z.enum(["proposed", "confirmed", "discarded"]),
    base_version: z.number().int(),
    before: canonicalState,
    after: canonicalState,
    diff: z.object({ fields: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })), markdown: z.string() }),
    source: z.object({ kind: z.string(), id: z.string().nullable() }).nullable(),
    note: z.string(),
    created_at: iso,
    decided_at: iso.nullable(),
    proposed_by: z.string().nullable().meta({ description: "hosted mode: the e-mail of who proposed it" }),
    decided_by: z.string().nullable().meta({ description: "hosted mode: the e-mail of who confirmed or discarded it" }),
  })
  .meta({ id: "Promotion" });

export const artifactJson = z
  .object({
    id: z.string(),
    stage_id: z.string().nullable(),
    attempt: z.number().int().nullable(),
    kind: z.enum(["stage", "edit", "package"]),
    path: z.string(),
    content_type: z.string(),
    sha256: z.string(),
    bytes: z.number().int(),
    checks: checksJson.nullable().meta({ description: "the brand guard's checks of a reviewer's edit" }),
    reused_from: z
      .object({ run_id: z.string(), stage_id: z.string(), attempt: z.number().int().nullable() })
      .nullable()
      .meta({ description: "a re-run's copy of the original run's approved artifact (not generated again)" }),
    created_at: iso,
  })
  .meta({ id: "Artifact" });
export const artifactWithContentJson = artifactJson.extend({ content: z.string() }).meta({ id: "ArtifactWithContent" });

export const decisionJson = z
  .object({
    id: z.string(),
    stage_id: z.string().nullable(),
    action: z.enum(["approve", "edit_approve", "skip", "retry", "cancel"]),
    comment: z.string().nullable(),
    artifact_id: z.string().nullable(),
    override_reason: z.string().nullable().meta({ description: "why the reviewer approved past the brand guard" }),
    overrides: z.array(z.string()).nullable().meta({ description: "keys of the blocking findings overridden" }),
    chosen_attempt: z.number().int().nullable().meta({ description: "among variants: the attempt approved" }),
    rejected_attempts: z.array(z.number().int()).nullable().meta({ description: "among variants: the attempts passed over" }),
    by: z.strictObject({ id: z.string(), email: z.string() }).nullable().meta({ description: "hosted mode: who decided (null in local mode)" }),
    created_at: iso,
  })
  .meta({ id: "Decision" });

export const feedbackJson = z
  .object({
    id: z.string(),
    run_id: z.string(),
    stage_id: z.string().nullable(),
    artifact_id: z.string().nullable(),
    verdict: z.enum(["worked", "did_not_work"]),
    comment: z.string().nullable(),
    created_at: iso,
  })
  .meta({ id: "Feedback" });

const runErrorJson = runErrorSchema.meta({ id: "RunError" });
const attemptJson = z.object({
  n: z.number().int(),
  status: z.enum(ATTEMPT_STATUSES),
  artifact_path: z.string().nullable(),
  snapshot_path: z.string().nullable(),
  feedback: z.string().nullable(),
  usage,
  latency_ms: z.number().nullable(),
  started_at: iso,
  finished_at: iso.nullable(),
  error: runErrorJson.optional(),
  checks: checksJson.nullable(),
  batch: z.number().int().nullable().meta({ description: "variants written together share a batch (the n of its first attempt)" }),
  variant: z.string().nullable().meta({ description: "the variant's letter in its batch (A, B, C…); null for a lone attempt" }),
});
const budgetJson = z
  .object({
    tokens: z.number().int().nullable(),
    seconds: z.number().int().nullable(),
    used_tokens: z.number().int(),
    used_seconds: z.number(),
  })
  .meta({ id: "RunBudget", description: "the run's budgets (null: none) and what it has used; time at a gate is not counted" });
const pauseJson = z
  .object({
    reason: z.literal("budget_exceeded"),
    budget: z.enum(["tokens", "seconds"]),
    used: z.number(),
    limit: z.number(),
    next_estimate: z.number(),
    stage_id: z.string(),
    at: iso,
  })
  .meta({ id: "RunPause", description: "why a paused run stopped: the budget the next call would have broken" });
const rerunOriginJson = z
  .object({ of: z.string(), from_stage: z.string(), stack_version: z.enum(["same", "current"]), changed_stages: z.array(z.string()) })
  .meta({ id: "RerunOrigin" });
export const runJson = z
  .object({
    id: z.string(),
    thread_id: z.string(),
    stack: z.string(),
    status: z.enum(RUN_STATUSES),
    request: z.string(),
    current_stage: z.string().nullable(),
    error: runErrorJson.nullable(),
    stages: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        status: z.enum(STAGE_STATUSES),
        approval_required: z.boolean(),
        depends_on: z.array(z.string()),
        output: z.string(),
        variants: z.number().int(),
        chosen_attempt: z.number().int().nullable(),
        attempts: z.array(attemptJson),
      }),
    ),
    budget: budgetJson,
    pause: pauseJson.nullable(),
    rerun: rerunOriginJson.nullable(),
    artifacts: z.array(artifactJson).optional(),
    decisions: z.array(decisionJson).optional(),
    feedback: z.array(feedbackJson).optional(),
    usage_total: usage,
    last_event_seq: z.number().int(),
    created_at: iso,
    updated_at: iso,
    finished_at: iso.nullable(),
  })
  .meta({ id: "Run", description: "A run; GET /runs/{id} adds its artifacts, decisions and feedback." });

export const rerunPlanJson = z
  .object({
    run_id: z.string(),
    from_stage_id: z.string(),
    stack_version: z.enum(["same", "current"]),
    reused: z.array(
      z.object({ stage_id: z.string(), title: z.string(), as: z.enum(["approved", "skipped"]), artifact_id: z.string().nullable(), attempt: z.number().int().nullable() }),
    ),
    to_run: z.array(z.object({ stage_id: z.string(), title: z.string(), variants: z.number().int(), estimated_tokens: z.number().int().nullable() })),
    estimated_tokens: z.number().int().nullable().meta({ description: "from the tokens the same stages used in the original run; null when nothing to go by" }),
    changed_stages: z.array(z.string()).meta({ description: "stages that differ between the original's stack and the current one (what stack_version current would change)" }),
  })
  .meta({ id: "RerunPlan" });

const comparedSideJson = z.object({
  run_id: z.string(),
  stage_id: z.string(),
  stage_title: z.string(),
  attempt: z.number().int().nullable().meta({ description: "null: a re-run's reused copy" }),
  variant: z.string().nullable(),
  status: z.string(),
  markdown: z.string(),
  edited_markdown: z.string().nullable(),
  usage,
  latency_ms: z.number().nullable(),
  checks: checksJson.nullable(),
  feedback: z.string().nullable().meta({ description: "the reviewer's feedback this attempt was written with" }),
  decision: decisionJson.nullable(),
  reused_from: z.object({ run_id: z.string(), stage_id: z.string(), attempt: z.number().int().nullable() }).nullable(),
  request: z.string(),
  started_at: iso.nullable(),
});
export const comparisonJson = z
  .object({
    left: comparedSideJson,
    right: comparedSideJson,
    diff: z.string().meta({ description: "unified diff of the final texts (the reviewer's edit when there is one)" }),
    separated_by: z.array(z.object({ kind: z.enum(["feedback", "edit", "request", "stack"]), text: z.string() })),
  })
  .meta({ id: "Comparison" });

export const stackJson = z
  .object({
    name: z.string(),
    title: z.string(),
    description: z.string(),
    when_to_use: z.string(),
    inputs: z.array(
      z.object({
        name: z.string(),
        label: z.string(),
        description: z.string(),
        required: z.boolean(),
        from: z.string().optional().meta({ description: "stack/stage whose approved deliverable in the campaign can fill this input" }),
      }),
    ),
    stages: z.array(z.object({ id: z.string(), title: z.string(), output: z.string(), depends_on: z.array(z.string()), approval_required: z.boolean() })),
    success_criteria: z.array(z.string()),
    path: z.string(),
  })
  .meta({ id: "Stack" });
/** The latest approved deliverable of each stack stage in a campaign (what a later stack's inputs can use). */
export const approvedDeliverableJson = z
  .object({
    stack: z.string(),
    stage_id: z.string(),
    stage_title: z.string(),
    run_id: z.string(),
    artifact_id: z.string(),
    edited: z.boolean().meta({ description: "the reviewer's edit, not the model's text" }),
    created_at: iso.meta({ description: "when this text was written (the attempt, or the edit)" }),
  })
  .meta({ id: "ApprovedDeliverable" });

export const stacksJson = z.object({
  items: z.array(stackJson),
  invalid: z.array(z.object({ file: z.string(), path: z.string(), reason: z.string() })),
});

export const providerJson = z
  .object({ base_url: z.string(), model: z.string(), key_configured: z.boolean(), key_required: z.boolean(), configured: z.boolean(), headers: z.array(z.string()) })
  .meta({ id: "Provider" });
export const providerCheckJson = z
  .union([
    z.object({ ok: z.literal(true), latency_ms: z.number(), model: z.string(), note: z.string().nullable() }),
    z.object({
      ok: z.literal(false),
      error: z.object({ kind: z.string(), message: z.string(), status: z.number().nullable(), hint: z.string().nullable(), request_id: z.string().nullable() }),
    }),
  ])
  .meta({ id: "ProviderCheck" });

export const snippetJson = snippetJsonSchema.meta({ id: "Snippet" });
export const memorySearchJson = z.object({ query: z.string(), mode: z.enum(["hybrid", "vector", "fulltext"]), items: z.array(snippetJson) });
export const memoryStatusJson = z
  .object({
    embedder: z.object({
      provider: z.enum(["local", "openai-compatible", "none"]),
      model: z.string(),
      state: z.enum(["ready", "loading", "downloading", "unavailable", "disabled"]),
      progress: z.number().nullable(),
      error: z.string().nullable(),
      fingerprint: z.string(),
      dims: z.number().int(),
    }),
    retrieval_mode: z.enum(["hybrid", "fulltext"]),
    index: z.object({
      chunks: z.number().int(),
      embedded_chunks: z.number().int(),
      waiting_for_vectors: z.number().int(),
      building: z.boolean(),
      pending_jobs: z.number().int(),
      failed_jobs: z.array(z.object({ source: z.string(), error: z.string(), attempts: z.number().int(), next_try_at: iso.nullable() })),
      last_sync_at: iso.nullable(),
      last_error: z.string().nullable(),
    }),
    server: z.object({ event_loop_delay_ms: eventLoopDelayJson }),
  })
  .meta({ id: "MemoryStatus" });
export const reindexJson = z.object({ chunks: z.number().int(), embedded_chunks: z.number().int(), took_ms: z.number() });

export const importReportJson = z
  .object({
    imported: z.record(z.string(), z.number().int()),
    files: z.number().int(),
    conflicts: z.array(z.object({ kind: z.enum(["row", "file"]), table: z.string().optional(), id: z.string().optional(), path: z.string().optional() })),
    memory: z.object({ chunks: z.number().int() }).nullable(),
  })
  .meta({ id: "ImportReport" });

export const attemptSnapshotJson = attemptSnapshotSchema.meta({ id: "AttemptSnapshot" });

/** One Server-Sent Event of GET /events: one line of events.jsonl (`event:` is its type, `id:` its seq). */
export const runEventJson = z
  .object({
    seq: z.number().int(),
    ts: iso,
    run_id: z.string(),
    thread_id: z.string(),
    type: z.enum(RUN_EVENT_TYPES),
    stage_id: z.string().optional(),
    attempt: z.number().int().optional(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "RunEvent" });

/** One SSE message of GET /events: `event:` is the event's type, `data:` the event. */
/** A retry the provider is about to make. */
export const retryJsonSchema = z
  .object({
    attempt: z.number().int().meta({ description: "the try about to be made (2 = the first retry)" }),
    of: z.number().int().meta({ description: "tries in all" }),
    delay_ms: z.number().int().nullable().meta({ description: "the wait before it; null when unknown" }),
    reason: z.string().meta({ description: "HTTP 429, HTTP 503, network…" }),
  })
  .meta({ id: "ProviderRetry" });

/** The text of the stage being written (run streams only; not in events.jsonl, no `id:`). */
export const stageDraftJson = z
  .object({
    type: z.literal("stage.draft"),
    run_id: z.string(),
    thread_id: z.string(),
    stage_id: z.string(),
    attempt: z.number().int(),
    offset: z.number().int().meta({ description: "`text` replaces everything from here on (0 = the whole text so far)" }),
    text: z.string(),
    tokens: z.number().int().meta({ description: "answer chunks so far (≈ tokens)" }),
    reasoning_tokens: z.number().int().meta({ description: "a reasoning model's thinking chunks so far; never part of `text`" }),
    started_at: iso,
    retry: retryJsonSchema.extend({ at: iso }).nullable().meta({ description: "the provider is waiting to try again" }),
  })
  .meta({ id: "StageDraft" });

export const runEventMessageJson = z
  .union([
    z.object({ event: z.enum(RUN_EVENT_TYPES), data: runEventJson }),
    z.object({ event: z.literal("stage.draft"), data: stageDraftJson }),
  ])
  .meta({ id: "RunEventMessage" });


/** The events of POST /chat with `stream: true`: `user`, then `delta`…, then `done` or `error`. */
export const chatStreamEventJson = z
  .union([
    z.object({ event: z.literal("user"), data: z.object({ message: chatMessageJsonSchema }) }),
    z.object({ event: z.literal("delta"), data: z.object({ text: z.string() }) }),
    z.object({ event: z.literal("retry"), data: retryJsonSchema }),
    z.object({ event: z.literal("thinking"), data: z.object({ tokens: z.number().int().meta({ description: "reasoning chunks so far (≈ tokens); never part of the reply" }) }) }),
    z.object({ event: z.literal("done"), data: z.object({ message: chatMessageJsonSchema }) }),
    z.object({ event: z.literal("error"), data: z.object({ message: chatMessageJsonSchema.optional(), error: z.object({ code: z.string(), message: z.string() }).optional() }) }),
  ])
  .meta({ id: "ChatStreamEvent", description: "One SSE message: `event:` is the name, `data:` the JSON." });

export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export const guardStatsJson = z
  .object({
    rules: z.array(
      z.object({
        rule: z.enum(GUARD_RULES),
        findings: z.number().int(),
        fixed: z.number().int().meta({ description: "gone after a retry or an edit" }),
        overridden: z.number().int().meta({ description: "approved anyway, with a reason" }),
        override_rate: z.number().nullable().meta({ description: "overridden / (fixed + overridden): how often the rule was wrong for this brand" }),
      }),
    ),
    mutes: z.array(z.string()).meta({ description: "rules or rule:term muted for the brand (the canonical field guard_mutes)" }),
    judge: z
      .object({
        flagged_changed: z.number().int(),
        flagged_kept: z.number().int(),
        clean_changed: z.number().int(),
        clean_kept: z.number().int(),
        agreement: z.number().nullable(),
        kappa: z.number().nullable(),
      })
      .meta({ description: "the optional judge against the reviewer: flagged attempts retried or edited, clean ones approved as written; agreement and Cohen's κ" }),
  })
  .meta({ id: "GuardStats" });

// Hosted mode's people (app/api/v1/_people.ts and the session routes answer these shapes).
const roleEnum = z.enum(ROLES);
export const organizationJson = z.object({ id: z.string(), name: z.string(), four_eyes: z.boolean(), created_at: iso }).meta({ id: "Organization" });
export const memberJson = z.object({ user_id: z.string(), email: z.string(), name: z.string(), role: roleEnum, joined_at: iso }).meta({ id: "Member" });
export const invitationJson = z.object({ id: z.string(), email: z.string(), role: roleEnum, invited_by: z.string(), created_at: iso, expires_at: iso }).meta({ id: "Invitation" });
export const tokenJson = z.object({ id: z.string(), name: z.string(), access: z.enum(TOKEN_ACCESS), created_at: iso, last_used_at: iso.nullable(), revoked_at: iso.nullable() }).meta({ id: "ApiToken" });
export const auditEntryJson = z.object({ id: z.string(), action: z.string(), actor: z.string().nullable(), detail: z.record(z.string(), z.unknown()), created_at: iso }).meta({ id: "AuditEntry" });
export const signedInJson = z
  .object({
    user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
    organization: z.object({ id: z.string(), name: z.string(), four_eyes: z.boolean() }),
    role: roleEnum,
    expires_at: iso,
  })
  .meta({ id: "SignedIn" });
export const sessionJson = z
  .object({
    mode: z.enum(["local", "hosted"]),
    user: z.object({ id: z.string(), email: z.string(), name: z.string() }).nullable(),
    organization: z.object({ id: z.string(), name: z.string(), four_eyes: z.boolean() }).nullable(),
    role: roleEnum,
    via: z.enum(["local", "session", "token"]),
    organizations: z.array(z.object({ id: z.string(), name: z.string(), role: roleEnum })),
  })
  .meta({ id: "Session" });
export const invitationOfferJson = z.object({ organization: z.object({ name: z.string() }), email: z.string(), role: roleEnum, expires_at: iso, has_account: z.boolean() }).meta({ id: "InvitationOffer" });
