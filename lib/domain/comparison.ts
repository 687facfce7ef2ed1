import { createTwoFilesPatch } from "diff";
import { invalidInput } from "./errors";
import { isId } from "./ids";
import type { Artifact, Attempt, Decision, Run, StageRun } from "./run";
import { isSucceededAttempt } from "./runStateMachine";
import { standingAttempt } from "./variants";

// Compare: two attempts of a stage, or the same stage in two runs (a re-run and its original), side by
// side. A side is named `<run>:<stage>:<n>`, or `<run>:<stage>` for what the stage stands for (the
// approved variant, the latest success, or a re-run's reused copy).

export interface AttemptRef {
  runId: string;
  stageId: string;
  n: number | null;
}

export function parseAttemptRef(param: "left" | "right", value: string | null): AttemptRef {
  const m = value?.match(/^([^:]+):([a-z0-9][a-z0-9-]{0,62})(?::(\d{1,6}))?$/);
  if (!m || !isId("run", m[1])) {
    throw invalidInput(`${param} must be <run id>:<stage id>[:<attempt>]`, [{ path: param, issue: "expected run_…:stage[:n]", code: "invalid_format" }]);
  }
  return { runId: m[1], stageId: m[2], n: m[3] ? Number(m[3]) : null };
}

/** The decision taken on an attempt: the stage's first decision after it finished, before the next batch started. */
export function decisionOn(stage: StageRun, attempt: Attempt, decisions: Decision[]): Decision | null {
  if (!attempt.finishedAt) return null;
  const next = stage.attempts.find((a) => a.n > attempt.n && (a.batch === null || a.batch !== attempt.batch));
  return (
    decisions.find(
      (d) => d.stageId === stage.id && d.createdAt >= attempt.finishedAt! && (!next || d.createdAt <= next.startedAt),
    ) ?? null
  );
}

/** The attempt a reference names (null: the stage's reused copy), or why it names nothing. */
export function resolveAttempt(stage: StageRun, n: number | null): Attempt | null | "none" {
  if (n !== null) return stage.attempts.find((a) => a.n === n && a.artifactPath) ?? "none";
  const standing = standingAttempt(stage);
  if (standing) return standing;
  return stage.attempts.some((a) => isSucceededAttempt(a.status)) ? "none" : null;
}

export interface ComparedSide {
  run: Run;
  stage: StageRun;
  attempt: Attempt | null;
  artifact: Artifact;
  markdown: string;
  /** The reviewer's edit of this attempt, when it was edited and approved. */
  edited: string | null;
  decision: Decision | null;
}

export interface Separation {
  kind: "feedback" | "edit" | "request" | "stack";
  text: string;
}

/** What came between the two: the feedback the right side was written with, the reviewer's edit of the left, a new request, a changed stack. */
export function separation(left: ComparedSide, right: ComparedSide): Separation[] {
  const out: Separation[] = [];
  if (right.attempt?.feedback) out.push({ kind: "feedback", text: right.attempt.feedback });
  if (left.decision?.action === "edit_approve") out.push({ kind: "edit", text: left.decision.comment ?? "" });
  if (left.run.id !== right.run.id && left.run.request !== right.run.request) out.push({ kind: "request", text: right.run.request });
  if (right.run.rerun?.changed_stages.includes(right.stage.id) || left.run.rerun?.changed_stages.includes(left.stage.id)) {
    out.push({ kind: "stack", text: right.stage.id });
  }
  return out;
}

/** The unified diff of the two texts (the final text of each side: the reviewer's edit if any). */
export function comparisonDiff(left: { label: string; text: string }, right: { label: string; text: string }): string {
  return createTwoFilesPatch(left.label, right.label, left.text, right.text, "", "", { context: 3 });
}
