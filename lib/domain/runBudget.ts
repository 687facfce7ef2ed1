import type { Attempt, Run, RunBudget, RunPause, StageRun } from "./run";
import { isSucceededAttempt } from "./runStateMachine";

// A run's budgets are checked before each model call: when the call would take the run past one, the
// run stops, resumable, instead of spending it. What a call will take is not known in advance: it is
// estimated from the calls this run already made (none yet: nothing to estimate, the first call runs).

/** Tokens an attempt spent: its answer's usage plus the optional judge's. */
export function attemptTokens(a: Attempt): number {
  return (a.usage?.totalTokens ?? 0) + (a.checks?.judge?.usage?.total_tokens ?? 0);
}

/** Seconds an attempt spent generating (a running one, up to now). */
function attemptSeconds(a: Attempt, now: number): number {
  const end = a.finishedAt ? Date.parse(a.finishedAt) : now;
  return Math.max(0, end - Date.parse(a.startedAt)) / 1000;
}

/**
 * What the run has used so far: tokens, and seconds spent generating (time waiting at a gate is not
 * counted). Variants are written side by side: a batch costs the time of its longest attempt, not the sum.
 */
export function budgetUsed(run: Pick<Run, "stages">, now: number): { tokens: number; seconds: number } {
  let tokens = 0;
  let seconds = 0;
  for (const s of run.stages) {
    const batches = new Map<number, number>();
    for (const a of s.attempts) {
      tokens += attemptTokens(a);
      if (a.batch === null) seconds += attemptSeconds(a, now);
      else batches.set(a.batch, Math.max(batches.get(a.batch) ?? 0, attemptSeconds(a, now)));
    }
    for (const longest of batches.values()) seconds += longest;
  }
  return { tokens, seconds: Math.round(seconds * 10) / 10 };
}

/** The next call's likely cost: the mean of this run's successful attempts, times the variants it will make. */
export function nextCallEstimate(run: Pick<Run, "stages">, stage: Pick<StageRun, "variants">, now: number): { tokens: number; seconds: number } {
  const done = run.stages.flatMap((s) => s.attempts.filter((a) => isSucceededAttempt(a.status)));
  if (done.length === 0) return { tokens: 0, seconds: 0 };
  const mean = (f: (a: Attempt) => number) => done.reduce((n, a) => n + f(a), 0) / done.length;
  const n = Math.max(1, stage.variants);
  // Variants run side by side: n times the tokens, about the time of one.
  return { tokens: Math.round(mean(attemptTokens) * n), seconds: Math.round(mean((a) => attemptSeconds(a, now)) * 10) / 10 };
}

/** The budget the next call would break, or null when it fits. */
export function budgetBreach(run: Pick<Run, "stages" | "budget">, stage: Pick<StageRun, "id" | "variants">, now: number): Omit<RunPause, "at"> | null {
  const used = budgetUsed(run, now);
  const next = nextCallEstimate(run, stage, now);
  if (run.budget.tokens !== null && used.tokens + next.tokens > run.budget.tokens) {
    return { reason: "budget_exceeded", budget: "tokens", used: used.tokens, limit: run.budget.tokens, next_estimate: next.tokens, stage_id: stage.id };
  }
  if (run.budget.seconds !== null && used.seconds + next.seconds > run.budget.seconds) {
    return { reason: "budget_exceeded", budget: "seconds", used: used.seconds, limit: run.budget.seconds, next_estimate: next.seconds, stage_id: stage.id };
  }
  return null;
}

/** The budgets after a resume: each raised by what was asked (a budget that was not set stays unset). */
export function raisedBudget(budget: RunBudget, raise: { tokens?: number; seconds?: number }): RunBudget {
  return {
    tokens: budget.tokens === null ? null : budget.tokens + (raise.tokens ?? 0),
    seconds: budget.seconds === null ? null : budget.seconds + (raise.seconds ?? 0),
  };
}
