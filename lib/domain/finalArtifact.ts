import type { Artifact, StageRun } from "./run";
import { isApprovedStage } from "./runStateMachine";
import { standingAttempt } from "./variants";

/**
 * What an approved stage hands downstream (and memory remembers): the reviewer's edit if there is one,
 * else the artifact of the attempt that was approved (the chosen variant), else — in a re-run — the
 * approved artifact it reused from the original run. Nothing for a stage that is not approved.
 */
export function finalArtifact(artifacts: Artifact[], stage: StageRun): Artifact | null {
  if (!isApprovedStage(stage.status)) return null;
  const ofStage = artifacts.filter((a) => a.stageId === stage.id && (a.kind === "stage" || a.kind === "edit"));
  const edit = ofStage.filter((a) => a.kind === "edit").at(-1);
  if (edit) return edit;
  const standing = standingAttempt(stage);
  if (standing) return ofStage.find((a) => a.kind === "stage" && a.attempt === standing.n) ?? null;
  return ofStage.find((a) => a.reusedFrom !== null) ?? null;
}
