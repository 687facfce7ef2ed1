import type { Artifact, StageRun } from "./run";
import { isApprovedStage, lastSucceededAttempt } from "./runStateMachine";

/**
 * What an approved stage hands downstream (and memory remembers): the reviewer's edit if there is one,
 * else the artifact of the attempt that was approved. Nothing for a stage that is not approved.
 */
export function finalArtifact(artifacts: Artifact[], stage: StageRun): Artifact | null {
  if (!isApprovedStage(stage.status)) return null;
  const ofStage = artifacts.filter((a) => a.stageId === stage.id && (a.kind === "stage" || a.kind === "edit"));
  const edit = ofStage.filter((a) => a.kind === "edit").at(-1);
  if (edit) return edit;
  const last = lastSucceededAttempt(stage);
  return ofStage.find((a) => a.kind === "stage" && a.attempt === last?.n) ?? null;
}
