import { conflict, invalidInput } from "./errors";
import { finalArtifact } from "./finalArtifact";
import type { Artifact, Run, StageRun } from "./run";
import { attemptTokens } from "./runBudget";
import { isSettledStage, isSkippedStage, isSucceededAttempt } from "./runStateMachine";
import type { Stack } from "./stackDefinition";

// A re-run is a new run of the same campaign that takes the original's settled stages before
// `from_stage_id` as they are (approved artifacts copied with their provenance, skipped stages skipped)
// and executes from that stage on. Forking at a gate is the same call from the waiting stage.

export interface ReusedStage {
  stageId: string;
  title: string;
  /** "approved": its final artifact is copied; "skipped": it stays skipped. */
  as: "approved" | "skipped";
  artifact: Artifact | null;
}

export interface StageToRun {
  stageId: string;
  title: string;
  variants: number;
  /** Tokens this stage is expected to take (its own cost in the original × variants), null when nothing to go by. */
  estimatedTokens: number | null;
}

export interface RerunPlan {
  fromStageId: string;
  stackVersion: "same" | "current";
  stack: Stack;
  reused: ReusedStage[];
  toRun: StageToRun[];
  /** Sum of the stages' estimates; null when none of them can be estimated. */
  estimatedTokens: number | null;
  /** Stages whose definition or contract differ between the original's stack and the current one (what "current" would change). */
  changedStages: string[];
}

/** Stage ids whose definition or contract differ between two stacks, added and removed ones included. */
export function changedStages(before: Stack, after: Stack): string[] {
  const key = (stack: Stack, id: string) => {
    const def = stack.stages.find((s) => s.id === id);
    return def ? JSON.stringify({ def, contract: stack.contracts[id] ?? "" }) : null;
  };
  const ids = [...new Set([...after.stages.map((s) => s.id), ...before.stages.map((s) => s.id)])];
  return ids.filter((id) => key(before, id) !== key(after, id));
}

/** What a stage cost in the original run: the tokens of its successful attempts, per variant. */
function stageCost(stage: StageRun | undefined): number | null {
  const done = stage?.attempts.filter((a) => isSucceededAttempt(a.status)) ?? [];
  if (done.length === 0) return null;
  return done.reduce((n, a) => n + attemptTokens(a), 0) / done.length;
}

export function planRerun(input: {
  original: Run;
  artifacts: Artifact[];
  originalStack: Stack;
  currentStack: Stack | null;
  fromStageId: string;
  stackVersion: "same" | "current";
}): RerunPlan {
  const { original, artifacts, originalStack, currentStack, fromStageId, stackVersion } = input;
  if (stackVersion === "current" && !currentStack) {
    throw conflict(`the stack "${original.stack}" is no longer valid in stacks/: re-run with stack_version "same"`);
  }
  const stack = stackVersion === "current" ? currentStack! : originalStack;
  const fromIndex = stack.stages.findIndex((s) => s.id === fromStageId);
  if (fromIndex < 0) {
    throw invalidInput(`"${fromStageId}" is not a stage of the ${stackVersion === "current" ? "current" : "run's"} stack`, [
      { path: "from_stage_id", issue: `one of: ${stack.stages.map((s) => s.id).join(", ")}`, code: "unknown_stage" },
    ]);
  }
  const reused: ReusedStage[] = [];
  for (const def of stack.stages.slice(0, fromIndex)) {
    const stage = original.stages.find((s) => s.id === def.id);
    if (!stage || !isSettledStage(stage.status)) {
      const why = stage ? `is ${stage.status.replace("_", " ")} in the original run` : "is new in the current stack";
      throw conflict(`stage "${def.id}" ${why}, so it cannot be reused: re-run from it or an earlier stage`, [
        { path: "from_stage_id", issue: `re-run from "${def.id}" or earlier`, code: "stage_not_reusable" },
      ]);
    }
    const artifact = isSkippedStage(stage.status) ? null : finalArtifact(artifacts, stage);
    if (!isSkippedStage(stage.status) && !artifact) {
      throw conflict(`stage "${def.id}" of the original run has no approved artifact to reuse`, [
        { path: "from_stage_id", issue: `re-run from "${def.id}" or earlier`, code: "stage_not_reusable" },
      ]);
    }
    reused.push({ stageId: def.id, title: def.title, as: isSkippedStage(stage.status) ? "skipped" : "approved", artifact });
  }
  // A stage the original never ran is estimated from the mean of the stages it did run.
  const costs = original.stages.map(stageCost).filter((c): c is number => c !== null);
  const fallback = costs.length ? costs.reduce((a, b) => a + b, 0) / costs.length : null;
  const toRun = stack.stages.slice(fromIndex).map((def): StageToRun => {
    const per = stageCost(original.stages.find((s) => s.id === def.id)) ?? fallback;
    return { stageId: def.id, title: def.title, variants: def.variants, estimatedTokens: per === null ? null : Math.round(per * def.variants) };
  });
  const known = toRun.filter((s) => s.estimatedTokens !== null);
  const changed = currentStack ? changedStages(originalStack, currentStack) : [];
  return {
    fromStageId,
    stackVersion,
    stack,
    reused,
    toRun,
    estimatedTokens: known.length ? known.reduce((n, s) => n + s.estimatedTokens!, 0) : null,
    changedStages: changed,
  };
}
