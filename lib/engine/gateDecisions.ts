import { createTwoFilesPatch } from "diff";
import { requireFourEyes, stampOf, type Actor, type ActorStamp } from "../domain/access";
import { conflict, DomainError, invalidInput, notFound } from "../domain/errors";
import { blockingFindings, countBySeverity, type Checks, type Finding } from "../domain/guard/findings";
import { runGuard } from "../domain/guard/runGuard";
import { newId } from "../domain/ids";
import type { Attempt, Decision, Run, StageRun } from "../domain/run";
import { budgetBreach, raisedBudget } from "../domain/runBudget";
import { isRunPaused, isStageAwaitingDecision } from "../domain/runStateMachine";
import { gateCandidates } from "../domain/variants";
import { layout } from "../domain/workspaceLayout";
import type { EngineDeps } from "./engineDeps";
import { runTransaction, type RunTx } from "./runTransaction";
import { loadStageInputs, stageGuardInput } from "./stageContext";

/** Who decides, and whether their organization keeps whoever started a run from its gates (four eyes). */
export interface DecidedBy {
  actor: Actor;
  fourEyes: boolean;
}

/** 409 guard_blocked: the text has blocking findings and no override reason was given; details list them. */
function guardBlocked(findings: Finding[], edited: boolean): DomainError {
  return new DomainError(
    "guard_blocked",
    `the ${edited ? "edited text" : "artifact"} has ${findings.length} finding(s) the brand guard blocks; approve with override_reason to go ahead anyway`,
    findings.map((f) => ({ path: `findings.${f.id}`, issue: f.message, code: f.rule })),
  );
}

export type GateDecisions = ReturnType<typeof createGateDecisions>;

/**
 * The reviewer's decisions on a run: approve (optionally with an edit), skip, retry, cancel. Each is one
 * unit of work whose moves are compare-and-set, so of two concurrent decisions exactly one lands and
 * the other is a 409 that changes nothing; then the driver is kicked to carry on.
 */
export function createGateDecisions(deps: EngineDeps & { kick: (runId: string) => unknown; abort: (runId: string) => void }) {
  const now = () => deps.clock.now().toISOString();
  const tx = <T>(run: { id: string; threadId: string }, work: (t: RunTx) => Promise<T>) =>
    runTransaction({ uow: deps.uow, bus: deps.bus, now: deps.clock.now }, run, work);

  /** The brand guard on a reviewer's edit, against what the stage itself was checked against. */
  async function checkEdit(runId: string, stageId: string, markdown: string): Promise<Checks> {
    const run = await requireRun(runId);
    const stage = run.stages.find((s) => s.id === stageId);
    if (!stage) throw notFound("stage", stageId);
    const inputs = await loadStageInputs(deps, run, stage);
    return runGuard({ ...stageGuardInput(deps, run, inputs), markdown });
  }

  /** The attempt an approval is about: the one asked for, which must be among the gate's variants, or the only one. */
  function chooseCandidate(candidates: Attempt[], asked: number | undefined): Attempt {
    const ns = candidates.map((a) => a.n).join(", ");
    if (asked === undefined) {
      if (candidates.length === 1) return candidates[0];
      throw invalidInput(`this gate shows ${candidates.length} variants: say which one is approved`, [{ path: "attempt", issue: `one of ${ns}`, code: "choose_variant" }]);
    }
    const found = candidates.find((a) => a.n === asked);
    if (!found) throw invalidInput(`attempt ${asked} is not at this gate`, [{ path: "attempt", issue: `one of ${ns}`, code: "not_a_variant" }]);
    return found;
  }

  async function requireRun(id: string): Promise<Run> {
    const run = await deps.repos.runs.get(id);
    if (!run) throw notFound("run", id);
    return run;
  }

  /** The run must be waiting (at a gate, or failed) and the stage able to take the action's move. */
  async function decide(
    runId: string,
    stageId: string,
    action: Decision["action"],
    who: DecidedBy | undefined,
    work: (t: RunTx, stage: StageRun, decision: Decision) => Promise<void>,
  ): Promise<Run> {
    const run = await requireRun(runId);
    if (!run.stages.some((s) => s.id === stageId)) throw notFound("stage", stageId);
    if (who) requireFourEyes(who.actor, who.fourEyes, run.startedBy ?? null);
    const by = who ? stampOf(who.actor) : null;
    await tx(run, async (t) => {
      const decision: Decision = { id: newId("decision"), runId, stageId, action, comment: null, artifactId: null, overrideReason: null, overrides: null, chosenAttempt: null, rejectedAttempts: null, by, createdAt: now() };
      if (!(await t.runs.moveRun(runId, "running", { error: null, updatedAt: decision.createdAt }))) {
        const current = await t.runs.get(runId);
        throw conflict(`the run is ${current?.status ?? "gone"}; it is not waiting for a decision`);
      }
      // Read after the run's compare-and-set, which a concurrent decision cannot pass: only the stage the
      // run stopped at takes a decision (a later, pending stage cannot be "retried" ahead of it).
      const stage = (await t.runs.get(runId))!.stages.find((s) => s.id === stageId)!;
      if (!isStageAwaitingDecision(stage.status)) throw conflict(`stage "${stageId}" is ${stage.status}; it is not waiting for a decision`);
      await work(t, stage, decision);
      await t.runs.insertDecision(decision);
      await t.emit(
        "decision",
        { id: decision.id, action, comment: decision.comment, artifact_id: decision.artifactId, ...(decision.overrides && { override_reason: decision.overrideReason, overrides: decision.overrides }), ...(by && { by }) },
        { stageId },
      );
      await t.emit("run.resumed", { after: action });
    });
    void deps.kick(runId);
    return requireRun(runId);
  }

  return {
    /**
     * Approves the stage at its gate, optionally with the reviewer's edit — checked by the brand guard
     * again. A text the guard blocks is approved only with `overrideReason`; without it the answer is
     * 409 guard_blocked, listing the findings, and nothing changes.
     */
    async approve(runId: string, stageId: string, opts: { editedMarkdown?: string; comment?: string; overrideReason?: string; attempt?: number; who?: DecidedBy } = {}) {
      const editChecks = opts.editedMarkdown !== undefined ? await checkEdit(runId, stageId, opts.editedMarkdown) : null;
      return decide(runId, stageId, opts.editedMarkdown !== undefined ? "edit_approve" : "approve", opts.who, async (t, stage, decision) => {
        decision.comment = opts.comment ?? null;
        const candidates = gateCandidates(stage);
        if (candidates.length === 0) throw conflict(`stage "${stageId}" has nothing to approve`);
        const attempt = chooseCandidate(candidates, opts.attempt);
        if (!(await t.runs.moveStage(runId, stageId, "approved", decision.createdAt))) {
          throw conflict(`stage "${stageId}" is not waiting for approval`);
        }
        if (candidates.length > 1) {
          // The reviewer picked one variant over the others: kept on the stage and, as a preference, in memory.
          decision.chosenAttempt = attempt.n;
          decision.rejectedAttempts = candidates.filter((a) => a.n !== attempt.n).map((a) => a.n);
          await t.runs.chooseAttempt(runId, stageId, attempt.n);
        }
        const blocking = blockingFindings(editChecks ?? attempt.checks);
        if (blocking.length) {
          if (!opts.overrideReason) throw guardBlocked(blocking, editChecks !== null);
          decision.overrideReason = opts.overrideReason;
          decision.overrides = blocking.map((f) => f.key);
        }
        if (opts.editedMarkdown !== undefined) {
          const original = (await deps.blobs.read(attempt.artifactPath!)) ?? "";
          const edit = await t.writeArtifact({
            kind: "edit", path: layout.artifact(runId, stageId, attempt.n, "-edited.md"), content: opts.editedMarkdown,
            stageId, attempt: attempt.n, at: decision.createdAt, checks: editChecks,
          });
          const diffPath = layout.artifact(runId, stageId, attempt.n, "-edited.diff");
          await t.files.put(diffPath, createTwoFilesPatch(attempt.artifactPath!, edit.relativePath, original, opts.editedMarkdown, "gerado", "editado pelo revisor"));
          decision.artifactId = edit.id;
          await t.emit("artifact.written", { path: edit.relativePath, diff_path: diffPath, edited: true }, { stageId, attempt: attempt.n });
          await t.emit("stage.checked", { status: editChecks!.status, counts: countBySeverity(editChecks!), rules_version: editChecks!.rules_version, edited: true }, { stageId, attempt: attempt.n });
        }
        await t.emit(
          "stage.approved",
          { edited: opts.editedMarkdown !== undefined, ...(decision.chosenAttempt !== null && { chosen: decision.chosenAttempt, rejected: decision.rejectedAttempts }) },
          { stageId, attempt: attempt.n },
        );
      });
    },

    skip(runId: string, stageId: string, opts: { comment?: string; who?: DecidedBy } = {}) {
      return decide(runId, stageId, "skip", opts.who, async (t, _stage, decision) => {
        decision.comment = opts.comment ?? null;
        if (!(await t.runs.moveStage(runId, stageId, "skipped", decision.createdAt))) {
          throw conflict(`stage "${stageId}" is not waiting for a decision`);
        }
        await t.emit("stage.skipped", {}, { stageId });
      });
    },

    retry(runId: string, stageId: string, opts: { feedback?: string; who?: DecidedBy } = {}) {
      return decide(runId, stageId, "retry", opts.who, async (t, _stage, decision) => {
        decision.comment = opts.feedback ?? null;
        if (!(await t.runs.moveStage(runId, stageId, "running", decision.createdAt))) {
          throw conflict(`stage "${stageId}" is not waiting for a decision`);
        }
      });
    },

    /**
     * Continues a run its budget paused, with the budget raised by what is asked. Refused (409, nothing
     * changed) when the raise still leaves the next call past the budget.
     */
    async resume(runId: string, raise: { tokens?: number; seconds?: number }): Promise<Run> {
      const run = await requireRun(runId);
      if (!isRunPaused(run.status) || !run.pause) throw conflict(`the run is ${run.status}; only a paused run resumes`);
      const budget = raisedBudget(run.budget, raise);
      const stage = run.stages.find((s) => s.id === run.pause!.stage_id) ?? run.stages[0];
      const still = budgetBreach({ ...run, budget }, stage, deps.clock.now().getTime());
      if (still) {
        const field = still.budget === "tokens" ? "raise_tokens" : "raise_seconds";
        const short = Math.ceil(still.used + still.next_estimate - still.limit);
        throw conflict(`the ${still.budget} budget is still too small for the next call`, [{ path: field, issue: `raise it by at least ${short + (raise[still.budget] ?? 0)}`, code: "budget_still_exceeded" }]);
      }
      await tx(run, async (t) => {
        const at = now();
        if (!(await t.runs.moveRun(runId, "running", { pause: null, budget, updatedAt: at }))) throw conflict("the run is no longer paused");
        await t.emit("run.resumed", { after: "resume", budget: { tokens: budget.tokens, seconds: budget.seconds } });
      });
      void deps.kick(runId);
      return requireRun(runId);
    },

    async cancel(runId: string, opts: { comment?: string; by?: ActorStamp | null } = {}): Promise<Run> {
      const run = await requireRun(runId);
      const by = opts.by ?? null;
      await tx(run, async (t) => {
        const at = now();
        if (!(await t.runs.moveRun(runId, "cancelled", { finishedAt: at, updatedAt: at }))) {
          throw conflict(`the run is ${run.status}; it cannot be cancelled`);
        }
        const decision: Decision = { id: newId("decision"), runId, stageId: null, action: "cancel", comment: opts.comment ?? null, artifactId: null, overrideReason: null, overrides: null, chosenAttempt: null, rejectedAttempts: null, by, createdAt: at };
        await t.runs.insertDecision(decision);
        await t.emit("decision", { id: decision.id, action: "cancel", comment: decision.comment, ...(by && { by }) });
        await t.emit("run.cancelled", {});
      });
      deps.abort(runId);
      return requireRun(runId);
    },
  };
}
