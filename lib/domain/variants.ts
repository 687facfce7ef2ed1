import type { Attempt } from "./run";
import { isSucceededAttempt, lastSucceededAttempt } from "./runStateMachine";

// A stage with `variants: N` writes N attempts side by side (one batch); its gate shows the batch's
// successful ones and the reviewer approves one of them. A stage without variants is a batch of one.

type AttemptLike = Pick<Attempt, "n" | "batch" | "status">;

/** The attempts a gate puts before the reviewer: the latest batch's successful ones. */
export function gateCandidates<A extends AttemptLike>(stage: { attempts: A[] }): A[] {
  const last = lastSucceededAttempt(stage);
  if (!last) return [];
  if (last.batch === null) return [last];
  return stage.attempts.filter((a) => a.batch === last.batch && isSucceededAttempt(a.status));
}

/** The attempt whose text the stage stands for: the variant the reviewer chose, else its latest success. */
export function standingAttempt<A extends AttemptLike>(stage: { attempts: A[]; chosenAttempt: number | null }): A | undefined {
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
