import type { z } from "zod";
import type { Actor } from "../domain/access";
import type { ApiToken, AuditEntry, Invitation, Member, Organization, SignedIn, User, WhoAmI } from "../domain/accounts";
import type * as api from "./apiSchemas";
import type { JudgeAgreement, RuleStats } from "../domain/guard/ruleStats";
import type { Brand } from "../domain/brand";
import { CANONICAL, fieldsOf, type CanonicalKind } from "../domain/canonical";
import type { EventLoopDelay } from "../domain/serverHealth";
import type { CanonicalVersion } from "../domain/canonicalVersion";
import type { Product } from "../domain/product";
import type { Thread } from "../domain/thread";
import { usageJson, type ProviderStatus } from "../domain/llm";
import { budgetUsed } from "../domain/runBudget";
import { variantLetter } from "../domain/variants";
import type { RerunPlan } from "../domain/rerun";
import type { ComparedSide, Separation } from "../domain/comparison";
import { usageTotal, type ApprovedDeliverable, type Artifact, type Decision, type Feedback, type Run } from "../domain/run";
import { promotionDiff, type Promotion } from "../domain/promotion";
import type { MemoryStatus } from "../domain/memory";
import type { Stack } from "../domain/stackDefinition";

// Domain objects → the API's snake_case JSON.

/** A brand or product: `{id, [brand_id], ...fields, soul_md | essence_md, canonical_version, created_at, updated_at}`. */
export function presentCanonical(kind: CanonicalKind, entity: object) {
  const spec = CANONICAL[kind];
  const e = entity as Record<string, unknown> & { id: string; canonicalVersion: number; createdAt: string; updatedAt: string };
  return {
    id: e.id,
    ...(typeof e.brandId === "string" && { brand_id: e.brandId }),
    ...fieldsOf(spec, e),
    [spec.markdown.apiField]: (e[spec.markdown.key] as string | undefined) ?? "",
    canonical_version: e.canonicalVersion,
    created_at: e.createdAt,
    updated_at: e.updatedAt,
  };
}

export const presentBrand = (b: Brand) => presentCanonical("brand", b);
export const presentProduct = (p: Product) => presentCanonical("product", p);

/** A list item: the canonical fields without the markdown (GET the entity for it). */
export function presentCanonicalSummary(kind: CanonicalKind, record: object) {
  const item: Record<string, unknown> = presentCanonical(kind, record);
  delete item[CANONICAL[kind].markdown.apiField];
  return item;
}

export const presentThread = (t: Thread): z.infer<typeof api.threadJson> => ({
  id: t.id,
  product_id: t.productId,
  brand_id: t.brandId,
  title: t.title,
  created_at: t.createdAt,
  updated_at: t.updatedAt,
});

export const presentVersion = (v: CanonicalVersion): z.infer<typeof api.versionJson> => ({
  id: v.id,
  version: v.version,
  fields: v.fields,
  markdown: v.markdown,
  source: v.source,
  note: v.note,
  created_at: v.createdAt,
});

export const presentProvider = (p: ProviderStatus): z.infer<typeof api.providerJson> => ({
  base_url: p.baseUrl,
  model: p.model,
  key_configured: p.keyConfigured,
  key_required: p.keyRequired,
  configured: p.configured,
  headers: p.headerNames,
});


export const presentArtifact = (a: Artifact): z.infer<typeof api.artifactJson> => ({
  id: a.id,
  stage_id: a.stageId,
  attempt: a.attempt,
  kind: a.kind,
  path: a.relativePath,
  content_type: a.contentType,
  sha256: a.sha256,
  bytes: a.bytes,
  checks: a.checks,
  reused_from: a.reusedFrom,
  created_at: a.createdAt,
});

export const presentDecision = (d: Decision): z.infer<typeof api.decisionJson> => ({
  id: d.id,
  stage_id: d.stageId,
  action: d.action,
  comment: d.comment,
  artifact_id: d.artifactId,
  override_reason: d.overrideReason,
  overrides: d.overrides,
  chosen_attempt: d.chosenAttempt,
  rejected_attempts: d.rejectedAttempts,
  by: d.by ?? null,
  created_at: d.createdAt,
});

export const presentFeedback = (f: Feedback): z.infer<typeof api.feedbackJson> => ({
  id: f.id,
  run_id: f.runId,
  stage_id: f.stageId,
  artifact_id: f.artifactId,
  verdict: f.verdict,
  comment: f.comment,
  created_at: f.createdAt,
});

export const presentRun = (run: Run, extra?: { artifacts: Artifact[]; decisions: Decision[]; feedback?: Feedback[] }, now?: number): z.infer<typeof api.runJson> => ({
  id: run.id,
  thread_id: run.threadId,
  stack: run.stack,
  status: run.status,
  request: run.request,
  current_stage: run.currentStage,
  error: run.error,
  stages: run.stages.map((s) => ({
    id: s.id,
    title: s.title,
    status: s.status,
    approval_required: s.approvalRequired,
    depends_on: s.dependsOn,
    output: s.output,
    variants: s.variants,
    chosen_attempt: s.chosenAttempt,
    attempts: s.attempts.map((a) => ({
      n: a.n,
      status: a.status,
      artifact_path: a.artifactPath,
      snapshot_path: a.snapshotPath,
      feedback: a.feedback,
      usage: usageJson(a.usage),
      latency_ms: a.latencyMs,
      started_at: a.startedAt,
      finished_at: a.finishedAt,
      ...(a.error && { error: a.error }),
      checks: a.checks,
      batch: a.batch,
      variant: variantLetter(a),
    })),
  })),
  budget: (() => {
    const used = budgetUsed(run, now ?? Date.now());
    return { tokens: run.budget.tokens, seconds: run.budget.seconds, used_tokens: used.tokens, used_seconds: used.seconds };
  })(),
  pause: run.pause,
  rerun: run.rerun,
  ...(extra && {
    artifacts: extra.artifacts.map(presentArtifact),
    decisions: extra.decisions.map(presentDecision),
    feedback: (extra.feedback ?? []).map(presentFeedback),
  }),
  usage_total: usageJson(usageTotal(run)),
  last_event_seq: run.lastEventSeq,
  created_at: run.createdAt,
  updated_at: run.updatedAt,
  finished_at: run.finishedAt,
});

export const presentStack = (s: Stack): z.infer<typeof api.stackJson> => ({
  name: s.name,
  title: s.title,
  description: s.description,
  when_to_use: s.when_to_use,
  inputs: s.inputs,
  stages: s.stages.map((st) => ({
    id: st.id,
    title: st.title,
    output: st.output,
    depends_on: st.depends_on,
    approval_required: st.approval_required,
  })),
  success_criteria: s.success_criteria,
  path: s.path,
});

/** A promotion with its before → after diff. */
export const presentPromotion = (p: Promotion): z.infer<typeof api.promotionJson> => ({
  id: p.id,
  entity_type: p.entityType,
  entity_id: p.entityId,
  status: p.status,
  base_version: p.baseVersion,
  before: p.proposal.before,
  after: p.proposal.after,
  diff: promotionDiff(p),
  source: p.sourceKind ? { kind: p.sourceKind, id: p.sourceId } : null,
  note: p.note,
  created_at: p.createdAt,
  decided_at: p.decidedAt,
  proposed_by: p.proposedBy ?? null,
  decided_by: p.decidedBy ?? null,
});


/** GET /api/v1/memory/status, and the memory page's first render. */
export const presentMemoryStatus = (s: MemoryStatus, eventLoop: EventLoopDelay): z.infer<typeof api.memoryStatusJson> => ({
  embedder: {
    provider: s.embedder.provider,
    model: s.embedder.model,
    state: s.embedder.state,
    progress: s.embedder.progress,
    error: s.embedder.error,
    fingerprint: s.embedder.fingerprint,
    dims: s.embedder.dims,
  },
  retrieval_mode: s.retrievalMode,
  index: {
    chunks: s.index.chunks,
    embedded_chunks: s.index.embeddedChunks,
    waiting_for_vectors: s.index.waitingForVectors,
    building: s.index.building,
    pending_jobs: s.index.pendingJobs,
    failed_jobs: s.index.failedJobs.map((f) => ({ source: f.source, error: f.error, attempts: f.attempts, next_try_at: f.nextTryAt })),
    last_sync_at: s.index.lastSyncAt,
    last_error: s.index.lastError,
  },
  // A blocked event loop stalls indexing and retrieval with everything else: shown beside them.
  server: { event_loop_delay_ms: eventLoop },
});

/** GET /api/v1/brands/{id}/guard. */
export const presentGuardStats = (s: { rules: RuleStats[]; judge: JudgeAgreement }, mutes: string[]): z.infer<typeof api.guardStatsJson> => ({
  rules: s.rules.map((r) => ({ rule: r.rule, findings: r.findings, fixed: r.fixed, overridden: r.overridden, override_rate: r.overrideRate })),
  mutes,
  judge: {
    flagged_changed: s.judge.flaggedChanged,
    flagged_kept: s.judge.flaggedKept,
    clean_changed: s.judge.cleanChanged,
    clean_kept: s.judge.cleanKept,
    agreement: s.judge.agreement,
    kappa: s.judge.kappa,
  },
});

/** A campaign's approved deliverable of one stack stage. */
export const presentApproved = (a: ApprovedDeliverable): z.infer<typeof api.approvedDeliverableJson> => ({
  stack: a.stack,
  stage_id: a.stageId,
  stage_title: a.stageTitle,
  run_id: a.runId,
  artifact_id: a.artifactId,
  edited: a.edited,
  created_at: a.createdAt,
});

export const presentRerunPlan = (runId: string, p: RerunPlan): z.infer<typeof api.rerunPlanJson> => ({
  run_id: runId,
  from_stage_id: p.fromStageId,
  stack_version: p.stackVersion,
  reused: p.reused.map((r) => ({ stage_id: r.stageId, title: r.title, as: r.as, artifact_id: r.artifact?.id ?? null, attempt: r.artifact?.attempt ?? null })),
  to_run: p.toRun.map((s) => ({ stage_id: s.stageId, title: s.title, variants: s.variants, estimated_tokens: s.estimatedTokens })),
  estimated_tokens: p.estimatedTokens,
  changed_stages: p.changedStages,
});

const presentSide = (s: ComparedSide): z.infer<typeof api.comparisonJson>["left"] => ({
  run_id: s.run.id,
  stage_id: s.stage.id,
  stage_title: s.stage.title,
  attempt: s.attempt?.n ?? null,
  variant: s.attempt ? variantLetter(s.attempt) : null,
  status: s.attempt?.status ?? s.stage.status,
  markdown: s.markdown,
  edited_markdown: s.edited,
  usage: usageJson(s.attempt?.usage ?? null),
  latency_ms: s.attempt?.latencyMs ?? null,
  checks: s.attempt?.checks ?? null,
  feedback: s.attempt?.feedback ?? null,
  decision: s.decision ? presentDecision(s.decision) : null,
  reused_from: s.artifact.reusedFrom,
  request: s.run.request,
  started_at: s.attempt?.startedAt ?? null,
});

export const presentComparison = (c: { left: ComparedSide; right: ComparedSide; diff: string; separatedBy: Separation[] }): z.infer<typeof api.comparisonJson> => ({
  left: presentSide(c.left),
  right: presentSide(c.right),
  diff: c.diff,
  separated_by: c.separatedBy,
});

/** Hosted mode's people and settings. */
export const presentOrganization = (o: Organization): z.infer<typeof api.organizationJson> => ({ id: o.id, name: o.name, four_eyes: o.fourEyes, created_at: o.createdAt.toISOString() });

export const presentMember = (m: Member): z.infer<typeof api.memberJson> => ({ user_id: m.userId, email: m.email, name: m.name, role: m.role, joined_at: m.createdAt.toISOString() });

export const presentInvitation = (i: Invitation): z.infer<typeof api.invitationJson> => ({
  id: i.id, email: i.email, role: i.role, invited_by: i.invitedBy, created_at: i.createdAt.toISOString(), expires_at: i.expiresAt.toISOString(),
});

export const presentToken = (t: ApiToken): z.infer<typeof api.tokenJson> => ({
  id: t.id, name: t.name, access: t.access, created_at: t.createdAt.toISOString(),
  last_used_at: t.lastUsedAt?.toISOString() ?? null, revoked_at: t.revokedAt?.toISOString() ?? null,
});

export const presentAuditEntry = (e: AuditEntry): z.infer<typeof api.auditEntryJson> => ({ id: e.id, action: e.action, actor: e.actorEmail, detail: e.detail, created_at: e.createdAt.toISOString() });

const userRef = (u: User) => ({ id: u.id, email: u.email, name: u.name });
const organizationRef = (o: Organization) => ({ id: o.id, name: o.name, four_eyes: o.fourEyes });

export const presentSignedIn = (s: SignedIn): z.infer<typeof api.signedInJson> => ({ user: userRef(s.user), organization: organizationRef(s.organization), role: s.role, expires_at: s.expiresAt.toISOString() });

/** GET /session: the signed-in person (hosted), or local mode's implicit owner. */
export function presentSession(actor: Actor, me: WhoAmI | null): z.infer<typeof api.sessionJson> {
  if (!me) return { mode: "local", user: null, organization: null, role: actor.role, via: actor.via, organizations: [] };
  return {
    mode: "hosted",
    user: userRef(me.user),
    organization: organizationRef(me.organization),
    role: me.role,
    via: actor.via,
    organizations: me.organizations.map((m) => ({ id: m.organization.id, name: m.organization.name, role: m.role })),
  };
}

export const presentInvitationOffer = (o: { invitation: Invitation; organization: Organization; hasAccount: boolean }): z.infer<typeof api.invitationOfferJson> => ({
  organization: { name: o.organization.name }, email: o.invitation.email, role: o.invitation.role, expires_at: o.invitation.expiresAt.toISOString(), has_account: o.hasAccount,
});
