import type { Attempt, StageRun } from "./run";
import { isSucceededAttempt, lastSucceededAttempt } from "./runStateMachine";

// A stage with `variants: N` writes N attempts side by side (one batch); its gate shows the batch's
// successful ones and the reviewer approves one of them. A stage without variants is a batch of one.

/** The attempts a gate puts before the reviewer: the latest batch's successful ones. */
export function gateCandidates(stage: Pick<StageRun, "attempts">): Attempt[] {
  const last = lastSucceededAttempt(stage);
  if (!last) return [];
  if (last.batch === null) return [last];
  return stage.attempts.filter((a) => a.batch === last.batch && isSucceededAttempt(a.status));
}

/** The attempt whose text the stage stands for: the variant the reviewer chose, else its latest success. */
export function standingAttempt(stage: Pick<StageRun, "attempts" | "chosenAttempt">): Attempt | undefined {
  if (stage.chosenAttempt !== null) {
    const chosen = stage.attempts.find((a) => a.n === stage.chosenAttempt);
    if (chosen) return chosen;
  }
  return lastSucceededAttempt(stage);
}

/** "A", "B", "C"… — a variant's letter within its batch (null for a lone attempt). */
export function variantLetter(a: Pick<Attempt, "n" | "batch">): string | null {
  return a.batch === null ? null : String.fromCharCode(65 + (a.n - a.batch));
}
