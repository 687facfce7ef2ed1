import { z } from "zod";
import { idPattern } from "./ids";
import { MAX_CHAT_MESSAGE } from "./chat";
import type { Checks } from "./guard/findings";
import type { LlmUsage } from "./llm";

export const RUN_STATUSES = ["running", "waiting_approval", "completed", "failed", "cancelled"] as const;
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
  attempts: Attempt[];
  updatedAt: string;
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

export const startRunInput = z.strictObject({
  thread_id: z.string().regex(idPattern("thread"), "not a thread id"),
  stack: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "not a stack name"),
  request: z.string().trim().min(1, "must not be empty").max(MAX_CHAT_MESSAGE),
});
export type StartRunInput = z.infer<typeof startRunInput>;

export const approveInput = z.strictObject({
  stage_id: stageId,
  // Markdown is kept byte for byte (no trimming): the edit is the reviewer's exact text.
  edited_markdown: z.string().max(400_000).refine((s) => s.trim().length > 0, "must not be empty").optional(),
  comment: z.string().trim().max(4000).optional(),
  /** Required to approve a text the brand guard blocks: why it is right anyway. */
  override_reason: z.string().trim().min(3, "say why").max(2000).optional(),
});
export const skipInput = z.strictObject({ stage_id: stageId, comment: z.string().trim().max(4000).optional() });
export const retryInput = z.strictObject({ stage_id: stageId, feedback: z.string().trim().max(20_000).optional() });
export const cancelInput = z.strictObject({ comment: z.string().trim().max(4000).optional() });

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
