import { describe, expect, test } from "vitest";
import { RUN_STATUSES, STAGE_STATUSES, type RunStatus, type StageStatus } from "@/lib/domain/run";
import { canMoveRun, canMoveStage, isTerminalRun, runStatusesInto, stageStatusesInto } from "@/lib/domain/runStateMachine";

const LEGAL_RUN: [RunStatus, RunStatus][] = [
  ["running", "waiting_approval"],
  ["running", "completed"],
  ["running", "failed"],
  ["running", "cancelled"],
  ["waiting_approval", "running"],
  ["waiting_approval", "cancelled"],
  ["failed", "running"],
  ["failed", "cancelled"],
  ["running", "paused"],
  ["paused", "running"],
  ["paused", "cancelled"],
];

const LEGAL_STAGE: [StageStatus, StageStatus][] = [
  ["pending", "running"],
  ["pending", "failed"],
  ["running", "waiting_approval"],
  ["running", "approved"],
  ["running", "failed"],
  ["running", "pending"],
  ["waiting_approval", "approved"],
  ["waiting_approval", "skipped"],
  ["waiting_approval", "running"],
  ["failed", "running"],
  ["failed", "skipped"],
];

describe("run transitions", () => {
  const all = RUN_STATUSES.flatMap((from) => RUN_STATUSES.map((to) => [from, to] as [RunStatus, RunStatus]));
  test.each(all)("%s → %s", (from, to) => {
    const legal = LEGAL_RUN.some(([f, t]) => f === from && t === to);
    expect(canMoveRun(from, to)).toBe(legal);
    expect(runStatusesInto(to).includes(from)).toBe(legal);
  });

  test("completed and cancelled are terminal; the others are not", () => {
    expect(RUN_STATUSES.filter(isTerminalRun)).toEqual(["completed", "cancelled"]);
  });

  test("the compare-and-set sides come from the same table", () => {
    expect(runStatusesInto("running").sort()).toEqual(["failed", "paused", "waiting_approval"]);
    expect(runStatusesInto("cancelled").sort()).toEqual(["failed", "paused", "running", "waiting_approval"]);
    expect(runStatusesInto("paused")).toEqual(["running"]);
  });
});

describe("stage transitions", () => {
  const all = STAGE_STATUSES.flatMap((from) => STAGE_STATUSES.map((to) => [from, to] as [StageStatus, StageStatus]));
  test.each(all)("%s → %s", (from, to) => {
    const legal = LEGAL_STAGE.some(([f, t]) => f === from && t === to);
    expect(canMoveStage(from, to)).toBe(legal);
    expect(stageStatusesInto(to).includes(from)).toBe(legal);
  });
});
