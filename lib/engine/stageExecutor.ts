import type { AttemptSnapshot } from "../domain/attemptSnapshot";
import { packMessages, type ContextPack } from "../domain/contextPack";
import { blocks, countBySeverity, type Checks } from "../domain/guard/findings";
import { runGuard } from "../domain/guard/runGuard";
import { newId } from "../domain/ids";
import { LlmError, usageJson, type GenerateOptions, type LLMProvider, type LlmMessage, type LlmResult, type LlmRetry } from "../domain/llm";
import type { Attempt, Run, RunError, StageRun } from "../domain/run";
import { isDrivenRun, isOpenAttempt, isPendingStage } from "../domain/runStateMachine";
import { snippetJson } from "../domain/retrieval";
import { variantLetter } from "../domain/variants";
import { layout } from "../domain/workspaceLayout";
import type { EngineDeps } from "./engineDeps";
import { withJudge } from "./guardJudge";
import { runTransaction, type RunTx } from "./runTransaction";
import { buildStageContext, loadStageInputs, pendingFeedback, stageGuardInput, type StageInputs } from "./stageContext";

const json = (v: AttemptSnapshot) => JSON.stringify(v, null, 2) + "\n";

/**
 * The model's answer, streamed: each chunk reaches the run's live readers as it arrives (the draft),
 * the thinking of a reasoning model only as a count, a retry of the provider as it is announced. The
 * artifact is exactly the text streamed.
 */
async function streamAttempt(deps: EngineDeps, runId: string, n: number, llm: LLMProvider, messages: LlmMessage[], options: GenerateOptions): Promise<LlmResult> {
  const onRetry = (r: LlmRetry) => deps.drafts.retry(runId, n, r, deps.clock.now().toISOString());
  for await (const event of llm.stream(messages, { ...options, onRetry })) {
    if (event.type === "delta") deps.drafts.delta(runId, n, event.text);
    else if (event.type === "reasoning") deps.drafts.reasoning(runId, n);
    else return event.result;
  }
  throw new LlmError("interrupted", "the stream ended without the model's summary");
}

export type AttemptOutcome = "succeeded" | "failed" | "cancelled" | "superseded";

/** How one attempt's call ended. */
type Ended = { attempt: Attempt; result: LlmResult; checks: Checks } | { attempt: Attempt; failure: LlmError };

/**
 * Runs one attempt of one stage — or, for a stage with `variants: N`, N attempts side by side from the
 * same Context Pack: opens them, builds and records the pack, calls the model (in parallel, within
 * llm.concurrency), then — in one unit of work — writes each artifact and final snapshot, the statuses
 * and the events. A crash anywhere before that last commit leaves `running` attempts that recovery
 * marks interrupted and redoes; after it, they are done and never run again.
 */
export function executeStageAttempt(deps: EngineDeps, run: Run, stage: StageRun, signal: AbortSignal): Promise<AttemptOutcome> {
  const attributes = { "vm.run.id": run.id, "vm.stack": run.stack, "vm.stage.id": stage.id, "vm.stage.attempt": (stage.attempts.at(-1)?.n ?? 0) + 1, "vm.stage.variants": stage.variants };
  return deps.tracer.inSpan(`stage ${stage.id}`, attributes, async (span) => {
    const outcome = await executeStage(deps, run, stage, signal);
    span.setAttributes({ "vm.stage.outcome": outcome });
    if (outcome === "failed") span.fail("stage_failed", `stage ${stage.id} failed`);
    return outcome;
  });
}

async function executeStage(deps: EngineDeps, run: Run, stage: StageRun, signal: AbortSignal): Promise<AttemptOutcome> {
  const now = () => deps.clock.now().toISOString();
  const tx = <T>(work: (tx: RunTx) => Promise<T>) => runTransaction({ uow: deps.uow, bus: deps.bus, now: deps.clock.now }, run, work);
  const decisions = await deps.repos.runs.listDecisions(run.id);
  const first = (stage.attempts.at(-1)?.n ?? 0) + 1;
  const count = Math.max(1, stage.variants);
  const startedAt = now();
  const feedback = pendingFeedback(decisions, stage);
  const attempts: Attempt[] = Array.from({ length: count }, (_, i) => ({
    id: newId("attempt"),
    n: first + i,
    status: "running",
    feedback,
    artifactPath: null,
    snapshotPath: layout.snapshot(run.id, stage.id, first + i),
    usage: null,
    latencyMs: null,
    error: null,
    checks: null,
    batch: count > 1 ? first : null,
    startedAt,
    finishedAt: null,
  }));
  const where = (a: Attempt) => ({ stageId: stage.id, attempt: a.n });

  const opened = await tx(async (t) => {
    const fresh = await t.runs.get(run.id);
    if (!fresh || !isDrivenRun(fresh.status) || fresh.claimedBy !== deps.owner) return false;
    const current = fresh.stages.find((s) => s.id === stage.id)!;
    if (current.attempts.length !== stage.attempts.length) return false; // someone else moved on
    // This driver holds the run: an attempt still marked running was cut off when its driver stopped.
    for (const a of current.attempts.filter((x) => isOpenAttempt(x.status))) {
      // Closed meanwhile by its own driver (it finished after all): that driver moved the stage on.
      if (!(await t.runs.closeAttempt(a.id, { status: "interrupted", finishedAt: startedAt }))) return false;
      await t.emit("stage.attempt.interrupted", { reason: "its driver stopped" }, { stageId: stage.id, attempt: a.n });
    }
    if (isPendingStage(current.status)) {
      await t.runs.moveStage(run.id, stage.id, "running", startedAt);
      await t.emit("stage.started", { title: stage.title, approval_required: stage.approvalRequired, ...(count > 1 && { variants: count }) }, { stageId: stage.id });
    }
    await t.runs.setCurrentStage(run.id, stage.id, startedAt);
    for (const a of attempts) {
      await t.runs.insertAttempt(run.id, stage.id, a);
      await t.emit("stage.attempt.started", { feedback: a.feedback, ...(count > 1 && { variant: variantLetter(a) }) }, where(a));
    }
    return true;
  });
  if (!opened) return "superseded";

  let pack: ContextPack | null = null;
  let messages: LlmMessage[] = [];
  const settings = { model: deps.options.model, temperature: deps.options.temperature, max_tokens: deps.options.maxTokens };
  const snapshot = (a: Attempt, outcome: Pick<AttemptSnapshot, "status"> & Partial<AttemptSnapshot>): AttemptSnapshot => ({
    run_id: run.id,
    thread_id: run.threadId,
    stack: run.stack,
    stage: { id: stage.id, title: stage.title, attempt: a.n, depends_on: stage.dependsOn, approval_required: stage.approvalRequired, output: stage.output },
    feedback: a.feedback,
    model_settings: settings,
    context_pack: pack && {
      sections: pack.sections.map((s) => ({ kind: s.kind, title: s.title, tokens: s.tokens, sources: s.sources, content: s.content })),
      trimmed: pack.trimmed,
      token_estimate: pack.tokenEstimate,
      budget: pack.budget,
      over_budget: pack.overBudget,
    },
    retrieval: pack && {
      query: pack.retrieval.query,
      snippets: pack.retrieval.snippets.map(snippetJson),
      ...(pack.retrieval.error && { error: pack.retrieval.error }),
      ...(pack.retrieval.mode && { mode: pack.retrieval.mode }),
    },
    messages,
    started_at: a.startedAt,
    ...outcome,
  });

  let inputs: StageInputs | null = null;
  let ended: Ended[];
  const batch = new AbortController();
  const cut = () => batch.abort();
  if (signal.aborted) batch.abort();
  signal.addEventListener("abort", cut);
  try {
    inputs = await loadStageInputs(deps, run, stage);
    pack = await buildStageContext(deps, run, stage, feedback, inputs);
    messages = packMessages(pack);
    // What the model is about to get is on disk before the call: an interrupted attempt is explained too.
    await tx(async (t) => {
      for (const a of attempts) {
        await t.files.put(a.snapshotPath!, json(snapshot(a, { status: "running" })));
        await t.emit(
          "llm.call.started",
          { model: settings.model, token_estimate: pack!.tokenEstimate, trimmed: pack!.trimmed.length, snippets: pack!.retrieval.snippets.length },
          where(a),
        );
      }
    });
    if (!deps.llm) throw new LlmError("auth", "no LLM provider is configured", { hint: "Set VM_LLM_API_KEY and retry the stage." });
    const llm = deps.llm;
    // A bug in one variant's handling stops its siblings too: nobody would count what they spend.
    ended = await Promise.all(
      attempts.map((a) =>
        callOne(a, llm).catch((err) => {
          batch.abort();
          throw err;
        }),
      ),
    );
  } catch (err) {
    if (!(err instanceof LlmError)) throw err;
    ended = attempts.map((attempt) => ({ attempt, failure: err }));
  } finally {
    signal.removeEventListener("abort", cut);
  }

  /** One attempt's call, its text checked by the brand guard (and the judge) before anyone sees it. */
  async function callOne(a: Attempt, llm: LLMProvider): Promise<Ended> {
    deps.drafts.open({ runId: run.id, threadId: run.threadId, stageId: stage.id, attempt: a.n, startedAt: a.startedAt });
    try {
      const result = await streamAttempt(deps, run.id, a.n, llm, messages, { signal: batch.signal, model: settings.model, temperature: settings.temperature, maxTokens: settings.max_tokens });
      let checks = runGuard({ ...stageGuardInput(deps, run, inputs!), markdown: result.text });
      if (deps.options.judge) checks = await withJudge(deps, inputs!, result.text, checks, batch.signal);
      return { attempt: a, result, checks };
    } catch (err) {
      if (!(err instanceof LlmError)) throw err;
      return { attempt: a, failure: err };
    } finally {
      deps.drafts.close(run.id, a.n);
    }
  }

  const finishedAt = now();
  /** A finished attempt: its artifact, usage, checks and snapshot, as one part of the stage's unit of work. */
  async function keepSucceeded(t: RunTx, e: Extract<Ended, { result: LlmResult }>): Promise<string | null> {
    const { attempt: a, result, checks } = e;
    const path = layout.artifact(run.id, stage.id, a.n, ".md");
    // Compare-and-set first: a worker that took the stage over may have marked this attempt interrupted.
    if (!(await t.runs.closeAttempt(a.id, { status: "succeeded", artifactPath: path, usage: result.usage, latencyMs: result.latencyMs, checks, finishedAt }))) return null;
    const artifact = await t.writeArtifact({ kind: "stage", path, content: result.text, stageId: stage.id, attempt: a.n, at: finishedAt });
    await t.files.put(
      a.snapshotPath!,
      json(
        snapshot(a, {
          status: "succeeded",
          response: { text: result.text, finish_reason: result.finishReason, request_id: result.requestId, model: result.model, raw: result.raw },
          usage: usageJson(result.usage),
          latency_ms: result.latencyMs,
          artifact_paths: [artifact.relativePath],
          checks,
          finished_at: finishedAt,
        }),
      ),
    );
    await t.emit("llm.call.finished", { usage: usageJson(result.usage), latency_ms: result.latencyMs, finish_reason: result.finishReason, request_id: result.requestId }, where(a));
    await t.emit("artifact.written", { path: artifact.relativePath, bytes: artifact.bytes }, where(a));
    await t.emit("stage.checked", { status: checks.status, counts: countBySeverity(checks), rules_version: checks.rules_version }, where(a));
    return artifact.relativePath;
  }

  if (signal.aborted && ended.some((e) => "failure" in e && e.failure.kind === "cancelled")) {
    const closedAny = await tx(async (t) => {
      let closed = false;
      for (const e of ended) {
        // A variant that finished before the cut is kept (its text and what it cost); the stage is written again.
        if ("result" in e) {
          closed = (await keepSucceeded(t, e)) !== null || closed;
          continue;
        }
        const a = e.attempt;
        if (!(await t.runs.closeAttempt(a.id, { status: "cancelled", finishedAt }))) continue;
        closed = true;
        await t.files.put(a.snapshotPath!, json(snapshot(a, { status: "cancelled", finished_at: finishedAt })));
        await t.emit("stage.attempt.cancelled", {}, where(a));
      }
      // Only the driver whose attempts these still were may send the stage back: another worker that took
      // the stage over owns it now, and its new attempt must not be undone.
      if (closed) await t.runs.moveStage(run.id, stage.id, "pending", finishedAt);
      return closed;
    });
    return closedAny ? "cancelled" : "superseded";
  }

  let succeeded = ended.filter((e): e is Extract<Ended, { result: LlmResult }> => "result" in e);
  let superseded = false;
  await tx(async (t) => {
    const fresh = await t.runs.get(run.id);
    const paths: string[] = [];
    const closed: Ended[] = [];
    for (const e of ended) {
      const a = e.attempt;
      if ("failure" in e) {
        const error: RunError = { code: e.failure.kind, message: e.failure.message, hint: e.failure.hint, stage_id: stage.id };
        if (!(await t.runs.closeAttempt(a.id, { status: "failed", error, finishedAt }))) continue;
        closed.push(e);
        await t.files.put(a.snapshotPath!, json(snapshot(a, { status: "failed", error, partial_response: e.failure.partialText || null, finished_at: finishedAt })));
        await t.emit("llm.call.failed", { error }, where(a));
        continue;
      }
      const path = await keepSucceeded(t, e);
      if (path) paths.push(path), closed.push(e);
    }
    // Every attempt was taken over meanwhile: the worker that did so owns the stage now.
    if (!closed.length) return void (superseded = true);
    succeeded = succeeded.filter((e) => closed.includes(e));

    if (succeeded.length === 0) {
      const failure = (closed[0] as Extract<Ended, { failure: LlmError }>).failure;
      const error: RunError = { code: failure.kind, message: failure.message, hint: failure.hint, stage_id: stage.id };
      if (await t.runs.moveStage(run.id, stage.id, "failed", finishedAt)) await t.emit("stage.failed", { error }, where(closed[0].attempt));
      if (await t.runs.moveRun(run.id, "failed", { error, updatedAt: finishedAt })) await t.emit("run.failed", { error });
      return;
    }
    // The run may have been cancelled while the model was writing: keep the artifacts, move nothing.
    if (!fresh || !isDrivenRun(fresh.status)) return;
    const last = succeeded.at(-1)!.attempt;
    // Variants always stop for the reviewer's choice; a block keeps even an ungated stage at its gate.
    const blocked = succeeded.some((e) => blocks(e.checks));
    // Each event only for the move that happened (a compare-and-set): a stage someone else moved is theirs.
    if (stage.approvalRequired || count > 1 || blocked) {
      if (!(await t.runs.moveStage(run.id, stage.id, "waiting_approval", finishedAt))) return void (superseded = true);
      await t.emit(
        "stage.waiting_approval",
        { artifact_path: paths.at(-1), ...(count > 1 && { variants: succeeded.map((e) => e.attempt.n) }), ...(!stage.approvalRequired && count === 1 && { reason: "guard_blocked" }) },
        where(last),
      );
      if (await t.runs.moveRun(run.id, "waiting_approval", { updatedAt: finishedAt })) await t.emit("run.waiting_approval", { stage_id: stage.id });
    } else {
      if (!(await t.runs.moveStage(run.id, stage.id, "approved", finishedAt))) return void (superseded = true);
      await t.emit("stage.approved", { automatic: true, artifact_path: paths.at(-1) }, where(last));
    }
  });
  if (superseded) return "superseded";
  return succeeded.length ? "succeeded" : "failed";
}
