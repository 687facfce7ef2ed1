import type { Attempt, AttemptStatus, RunStatus, StageRun, StageStatus } from "./run";

// Every legal move of a run and of a stage. Callers name only the target; the storage adapters take the
// allowed "from" states from these tables inside their compare-and-set (`… WHERE status IN (…)`), so a
// move the table does not list changes nothing and is reported as lost.

export const RUN_TRANSITIONS: Record<RunStatus, readonly RunStatus[]> = {
  running: ["waiting_approval", "paused", "completed", "failed", "cancelled"],
  waiting_approval: ["running", "cancelled"],
  // out of budget: resumed (with more) or cancelled
  paused: ["running", "cancelled"],
  failed: ["running", "cancelled"],
  completed: [],
  cancelled: [],
};

export const STAGE_TRANSITIONS: Record<StageStatus, readonly StageStatus[]> = {
  // a stage starts running (a cancelled run leaves its pending stages pending), or fails before any
  // attempt could start (the driver gave up)
  pending: ["running", "failed"],
  // an attempt ends: at the gate, approved without gate, or failed; back to pending when cancelled
  running: ["waiting_approval", "approved", "failed", "pending"],
  // the reviewer decides
  waiting_approval: ["approved", "skipped", "running"],
  // a failed stage is retried or skipped
  failed: ["running", "skipped"],
  approved: [],
  skipped: [],
};

export function canMoveRun(from: RunStatus, to: RunStatus): boolean {
  return RUN_TRANSITIONS[from].includes(to);
}

export function canMoveStage(from: StageStatus, to: StageStatus): boolean {
  return STAGE_TRANSITIONS[from].includes(to);
}

/** The run statuses from which a move to `to` is legal: the "expected" side of a compare-and-set. */
export function runStatusesInto(to: RunStatus): RunStatus[] {
  return (Object.keys(RUN_TRANSITIONS) as RunStatus[]).filter((from) => canMoveRun(from, to));
}

export function stageStatusesInto(to: StageStatus): StageStatus[] {
  return (Object.keys(STAGE_TRANSITIONS) as StageStatus[]).filter((from) => canMoveStage(from, to));
}

// What the engine, the services and the screens ask of a status. They ask these, never compare strings.

export const isTerminalRun = (s: RunStatus) => RUN_TRANSITIONS[s].length === 0;
/** A run the driver should be executing. */
export const isDrivenRun = (s: RunStatus) => s === "running";
/** A run stopped for the reviewer: at a gate, or failed (Retry or Skip resumes it). */
export const awaitsDecision = (s: RunStatus) => s === "waiting_approval" || s === "failed";
export const isRunAtGate = (s: RunStatus) => s === "waiting_approval";
export const isRunFailed = (s: RunStatus) => s === "failed";
export const isRunCompleted = (s: RunStatus) => s === "completed";
export const isRunCancelled = (s: RunStatus) => s === "cancelled";
/** Stopped before its next model call by a budget: resumable. */
export const isRunPaused = (s: RunStatus) => s === "paused";

/** A stage whose outcome is settled: approved (its artifact feeds later stages) or skipped (it does not). */
export const isSettledStage = (s: StageStatus) => s === "approved" || s === "skipped";
export const isApprovedStage = (s: StageStatus) => s === "approved";
export const isSkippedStage = (s: StageStatus) => s === "skipped";
export const isStageAtGate = (s: StageStatus) => s === "waiting_approval";
/** The stage a stopped run waits on: at its gate, or failed. */
export const isStageAwaitingDecision = (s: StageStatus) => s === "waiting_approval" || s === "failed";
export const isFailedStage = (s: StageStatus) => s === "failed";
export const isPendingStage = (s: StageStatus) => s === "pending";
export const isRunningStage = (s: StageStatus) => s === "running";
/** A stage an attempt can be opened on (the driver's next step). */
export const isStageToExecute = (s: StageStatus) => s === "pending" || s === "running";

/** An attempt still marked as generating: live if its driver is, cut off otherwise. */
export const OPEN_ATTEMPT_STATUSES: AttemptStatus[] = ["running"];
export const isOpenAttempt = (s: AttemptStatus) => OPEN_ATTEMPT_STATUSES.includes(s);
export const isSucceededAttempt = (s: AttemptStatus) => s === "succeeded";
/** Cut short by a crash, a kill or a cancel: redone with the same feedback. */
export const isCutShortAttempt = (s: AttemptStatus) => s === "interrupted" || s === "cancelled";

/** The stage's latest successful attempt: the one its gate reviews. */
export const lastSucceededAttempt = <A extends Pick<Attempt, "status">>(stage: { attempts: A[] }): A | undefined =>
  stage.attempts.filter((a) => isSucceededAttempt(a.status)).at(-1);

/** The first stage that is not settled: where the run is. */
export const currentStageOf = <S extends Pick<StageRun, "status">>(stages: S[]): S | undefined => stages.find((s) => !isSettledStage(s.status));
