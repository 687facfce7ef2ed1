import {
  isDrivenRun,
  isFailedStage,
  isOpenAttempt,
  isRunAtGate,
  isRunningStage,
  isSettledStage,
  isStageAtGate,
  isSucceededAttempt,
} from "@/lib/domain/runStateMachine";
import { usageOf, type AttemptJson, type ArtifactJson, type RunDetailsJson, type StageJson } from "../../_components/apiTypes";

// What the run screen derives from the run's JSON: which stage needs attention, per-stage totals, the
// artifact a stage stands for now. Statuses are asked of the domain's predicates, never compared here.

/** The run is moving or waiting for the reviewer: it can be cancelled, the clock runs. */
export const isActiveRun = (run: Pick<RunDetailsJson, "status">) => isDrivenRun(run.status) || isRunAtGate(run.status);

/** The stage the screen should show unless the reader picked another: where the run needs attention. */
export function focusStage(run: RunDetailsJson): string {
  return (
    run.stages.find((s) => isStageAtGate(s.status))?.id ??
    run.stages.find((s) => isFailedStage(s.status))?.id ??
    run.stages.find((s) => isRunningStage(s.status))?.id ??
    run.current_stage ??
    [...run.stages].reverse().find((s) => s.attempts.length > 0)?.id ??
    run.stages[0]?.id ??
    ""
  );
}

export function stageTokens(stage: StageJson): number {
  return stage.attempts.reduce((n, a) => n + (usageOf(a.usage)?.total ?? 0), 0);
}

export function stageElapsed(stage: StageJson, now: number | null): number | null {
  if (stage.attempts.length === 0) return null;
  let total = 0;
  for (const a of stage.attempts) {
    const end = a.finished_at ? Date.parse(a.finished_at) : now;
    if (end === null) return null;
    total += Math.max(0, end - Date.parse(a.started_at));
  }
  return total;
}

export const stagesDone = (run: RunDetailsJson) => run.stages.filter((s) => isSettledStage(s.status)).length;

/** The artifact a stage stands for now: the reviewer's edit if any, else its latest successful attempt's. */
export function currentArtifact(artifacts: ArtifactJson[], stage: StageJson): ArtifactJson | null {
  const own = artifacts.filter((a) => a.stage_id === stage.id);
  const edit = own.filter((a) => a.kind === "edit").at(-1);
  if (edit) return edit;
  const last = stage.attempts.filter((a) => isSucceededAttempt(a.status)).at(-1);
  return own.find((a) => a.kind === "stage" && a.attempt === last?.n) ?? null;
}

/** The stage's latest successful attempt: the one its gate reviews. */
export const lastSucceeded = (stage: StageJson): AttemptJson | undefined => stage.attempts.filter((a) => isSucceededAttempt(a.status)).at(-1);

/** An attempt whose audit can be opened: its snapshot exists and the attempt is over. */
export const hasFinalSnapshot = (a: AttemptJson) => !!a.snapshot_path && !isOpenAttempt(a.status);
