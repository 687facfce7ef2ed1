import type { ActorStamp } from "./access";
import { z } from "zod";
import { idPattern } from "./ids";
import { MAX_CHAT_MESSAGE } from "./chat";
import type { Checks } from "./guard/findings";
import type { LlmUsage } from "./llm";

export const RUN_STATUSES = ["running", "waiting_approval", "paused", "completed", "failed", "cancelled"] as const;
export const STAGE_STATUSES = ["pending", "running", "waiting_approval", "approved", "skipped", "failed"] as const;
export const ATTEMPT_STATUSES = ["running", "succeeded", "failed", "interrupted", "cancelled"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export type StageStatus = (typeof STAGE_STATUSES)[number];
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

export type DecisionAction = "approve" | "edit_approve" | "skip" | "retry" | "cancel";
export type ArtifactKind = "stage" | "edit" | "package";

export interface RunError {
  code: string;
  message: string;
  hint: string | null;
  stage_id?: string;
}

export interface Attempt {
  id: string;
  n: number;
  status: AttemptStatus;
  /** The reviewer's feedback this attempt was asked to address (a retry). */
  feedback: string | null;
  artifactPath: string | null;
  snapshotPath: string | null;
  usage: LlmUsage | null;
  latencyMs: number | null;
  error: RunError | null;
  /** The brand guard's checks of the attempt's artifact (null until it has one). */
  checks: Checks | null;
  /** Variants generated together share a batch (the n of the batch's first attempt); null for a lone attempt. */
  batch: number | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface StageRun {
  rowId: string;
  id: string;
  position: number;
  title: string;
  status: StageStatus;
  approvalRequired: boolean;
  dependsOn: string[];
  output: string;
  /** Attempts generated side by side for the reviewer to choose from (1: a single attempt). */
  variants: number;
  /** The variant the reviewer approved (null: the latest successful attempt stands). */
  chosenAttempt: number | null;
  attempts: Attempt[];
  updatedAt: string;
}

/** Budgets of a run: tokens and seconds spent generating; null = none. */
export interface RunBudget {
  tokens: number | null;
  seconds: number | null;
}

/** Why a paused run stopped, and what it had used. */
export interface RunPause {
  reason: "budget_exceeded";
  budget: "tokens" | "seconds";
  used: number;
  limit: number;
  /** What the next call was estimated to take (tokens or seconds). */
  next_estimate: number;
  stage_id: string;
  at: string;
}

/** Where a re-run came from. */
export interface RerunOrigin {
  of: string;
  from_stage: string;
  stack_version: "same" | "current";
  /** Stages whose definition or contract differ from the original's (stack_version "current"). */
  changed_stages: string[];
}

export interface Run {
  id: string;
  threadId: string;
  stack: string;
  stackPath: string;
  status: RunStatus;
  request: string;
  currentStage: string | null;
  error: RunError | null;
  lastEventSeq: number;
  claimedBy: string | null;
  budget: RunBudget;
  pause: RunPause | null;
  rerun: RerunOrigin | null;
  /** Hosted mode: the user who started it (the four-eyes rule keeps them from its gates); null locally. */
  startedBy?: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  stages: StageRun[];
}

export interface Artifact {
  id: string;
  runId: string;
  stageId: string | null;
  attempt: number | null;
  kind: ArtifactKind;
  relativePath: string;
  contentType: string;
  sha256: string;
  bytes: number;
  /** The brand guard's checks of a reviewer's edit (null for other artifacts). */
  checks: Checks | null;
  /** A re-run's copy of another run's approved artifact: where it came from (it was not generated again). */
  reusedFrom: { run_id: string; stage_id: string; attempt: number | null } | null;
  createdAt: string;
}

export interface Decision {
  id: string;
  runId: string;
  stageId: string | null;
  action: DecisionAction;
  comment: string | null;
  artifactId: string | null;
  /** Approved past the brand guard: the reviewer's reason, and the keys of the blocking findings overridden. */
  overrideReason: string | null;
  overrides: string[] | null;
  /** Among variants: the attempt approved and the ones passed over (a preference memory keeps). */
  chosenAttempt: number | null;
  rejectedAttempts: number[] | null;
  /** Hosted mode: who decided; null locally (one implicit owner). */
  by?: ActorStamp | null;
  createdAt: string;
}

/** "Worked / did not work": the marketer's verdict on a run or one of its stages, kept as memory. */
export interface Feedback {
  id: string;
  runId: string;
  stageId: string | null;
  artifactId: string | null;
  verdict: "worked" | "did_not_work";
  comment: string | null;
  createdAt: string;
}

const stageId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "not a stage id");

/** A run's budgets when starting it: null = none, absent = the settings' default. */
export const budgetInput = z.strictObject({
  tokens: z.number().int().min(1).max(100_000_000).nullable().optional(),
  seconds: z.number().int().min(1).max(7 * 24 * 3600).nullable().optional(),
});

export const startRunInput = z.strictObject({
  thread_id: z.string().regex(idPattern("thread"), "not a thread id"),
  stack: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "not a stack name"),
  request: z.string().trim().min(1, "must not be empty").max(MAX_CHAT_MESSAGE),
  budget: budgetInput.optional(),
});
export type StartRunInput = z.infer<typeof startRunInput>;

export const approveInput = z.strictObject({
  stage_id: stageId,
  // Markdown is kept byte for byte (no trimming): the edit is the reviewer's exact text.
  edited_markdown: z.string().max(400_000).refine((s) => s.trim().length > 0, "must not be empty").optional(),
  comment: z.string().trim().max(4000).optional(),
  /** Required to approve a text the brand guard blocks: why it is right anyway. */
  override_reason: z.string().trim().min(3, "say why").max(2000).optional(),
  /** Among variants, the attempt approved (or edited); required when the gate shows more than one. */
  attempt: z.number().int().min(1).max(10_000).optional(),
});
export const skipInput = z.strictObject({ stage_id: stageId, comment: z.string().trim().max(4000).optional() });
export const retryInput = z.strictObject({ stage_id: stageId, feedback: z.string().trim().max(20_000).optional() });
export const cancelInput = z.strictObject({ comment: z.string().trim().max(4000).optional() });

/** Continue a paused run, raising the budget it ran out of. */
export const resumeInput = z.strictObject({
  raise_tokens: z.number().int().min(1).max(100_000_000).optional(),
  raise_seconds: z.number().int().min(1).max(7 * 24 * 3600).optional(),
});
export type ResumeInput = z.infer<typeof resumeInput>;

/** A new run of the same campaign that reuses everything before `from_stage_id`. */
export const rerunInput = z.strictObject({
  from_stage_id: stageId,
  request: z.string().trim().min(1, "must not be empty").max(MAX_CHAT_MESSAGE).optional(),
  stack_version: z.enum(["same", "current"]).default("same"),
  budget: budgetInput.optional(),
});
export type RerunInput = z.infer<typeof rerunInput>;

export function usageTotal(run: Run): LlmUsage {
  const total = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  for (const s of run.stages)
    for (const a of s.attempts)
      if (a.usage) {
        total.promptTokens += a.usage.promptTokens;
        total.completionTokens += a.usage.completionTokens;
        total.totalTokens += a.usage.totalTokens;
      }
  return total;
}

export const feedbackInput = z.strictObject({
  run_id: z.string().regex(idPattern("run"), "not a run id"),
  stage_id: stageId.optional(),
  verdict: z.enum(["worked", "did_not_work"]),
  comment: z.string().trim().max(4000).optional(),
});
export type FeedbackInput = z.infer<typeof feedbackInput>;

/** A stage's approved deliverable in a campaign. */
export interface ApprovedDeliverable {
  stack: string;
  stageId: string;
  stageTitle: string;
  runId: string;
  artifactId: string;
  edited: boolean;
  createdAt: string;
}
