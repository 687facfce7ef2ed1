import { conflict } from "./errors";
import type { RunStatus, StageStatus } from "./run";

// Every legal move of a run and of a stage. Anything else is a 409: the engine and the gates go
// through these tables, and the database applies each move as a compare-and-set on the old status.

export const RUN_TRANSITIONS: Record<RunStatus, readonly RunStatus[]> = {
  running: ["waiting_approval", "completed", "failed", "cancelled"],
  waiting_approval: ["running", "cancelled"],
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

export function assertRunMove(from: RunStatus, to: RunStatus): void {
  if (!canMoveRun(from, to)) throw conflict(`the run is ${from}; it cannot become ${to}`);
}

export function assertStageMove(stageId: string, from: StageStatus, to: StageStatus): void {
  if (!canMoveStage(from, to)) throw conflict(`stage "${stageId}" is ${from}; it cannot become ${to}`);
}

export const isTerminalRun = (s: RunStatus) => RUN_TRANSITIONS[s].length === 0;
/** A stage whose outcome is settled: approved (its artifact feeds later stages) or skipped (it does not). */
export const isSettledStage = (s: StageStatus) => s === "approved" || s === "skipped";
