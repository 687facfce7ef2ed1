import {
  isDrivenRun,
  isFailedStage,
  isOpenAttempt,
  isRunAtGate,
  isRunPaused,
  isRunningStage,
  isSettledStage,
  isStageAtGate,
  isSucceededAttempt,
} from "@/lib/domain/runStateMachine";
import { gateCandidates, standingAttempt } from "@/lib/domain/variants";
import { usageOf, type AttemptJson, type ArtifactJson, type RunDetailsJson, type StageJson } from "../../_components/apiTypes";

// What the run screen derives from the run's JSON: which stage needs attention, per-stage totals, the
// artifact a stage stands for now. Statuses are asked of the domain's predicates, never compared here.

/** The run is moving or waiting for the reviewer: it can be cancelled, the clock runs. */
export const isActiveRun = (run: Pick<RunDetailsJson, "status">) => isDrivenRun(run.status) || isRunAtGate(run.status) || isRunPaused(run.status);

/** The stage the screen should show unless the reader picked another: where the run needs attention. */
export function focusStage(run: RunDetailsJson): string {
  return (
    run.stages.find((s) => isStageAtGate(s.status))?.id ??
    run.stages.find((s) => isFailedStage(s.status))?.id ??
    run.stages.find((s) => isRunningStage(s.status))?.id ??
    run.pause?.stage_id ??
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

/**
 * The artifact a stage stands for now: the reviewer's edit if any, else the chosen variant's or latest
 * successful attempt's, else (a re-run) the copy reused from the original run.
 */
export function currentArtifact(artifacts: ArtifactJson[], stage: StageJson): ArtifactJson | null {
  const own = artifacts.filter((a) => a.stage_id === stage.id);
  const edit = own.filter((a) => a.kind === "edit").at(-1);
  if (edit) return edit;
  const standing = standingAttempt({ attempts: stage.attempts, chosenAttempt: stage.chosen_attempt });
  if (standing) return own.find((a) => a.kind === "stage" && a.attempt === standing.n) ?? null;
  return own.find((a) => a.reused_from !== null) ?? null;
}

/** The attempts the stage's gate shows: one, or the variants of its latest batch. */
export const gateAttempts = (stage: StageJson): AttemptJson[] => gateCandidates(stage);

/** The artifact an attempt wrote. */
export const artifactOf = (artifacts: ArtifactJson[], stage: StageJson, n: number) =>
  artifacts.find((a) => a.stage_id === stage.id && a.kind === "stage" && a.attempt === n) ?? null;

/** "Re-run from here" makes sense once every stage before this one is settled (approved or skipped). */
export const canRerunFrom = (run: RunDetailsJson, stage: StageJson) => {
  const i = run.stages.indexOf(stage);
  return i >= 0 && run.stages.slice(0, i).every((s) => isSettledStage(s.status)) && (stage.attempts.length > 0 || i > 0);
};

/** The stage's latest successful attempt: the one its gate reviews. */
export const lastSucceeded = (stage: StageJson): AttemptJson | undefined => stage.attempts.filter((a) => isSucceededAttempt(a.status)).at(-1);

/** An attempt whose audit can be opened: its snapshot exists and the attempt is over. */
export const hasFinalSnapshot = (a: AttemptJson) => !!a.snapshot_path && !isOpenAttempt(a.status);
