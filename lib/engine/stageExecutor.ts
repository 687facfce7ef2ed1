import type { AttemptSnapshot } from "../domain/attemptSnapshot";
import { packMessages, type ContextPack } from "../domain/contextPack";
import { blocks, countBySeverity } from "../domain/guard/findings";
import { runGuard } from "../domain/guard/runGuard";
import { newId } from "../domain/ids";
import { LlmError, usageJson, type GenerateOptions, type LLMProvider, type LlmMessage, type LlmResult, type LlmRetry } from "../domain/llm";
import type { Attempt, Run, RunError, StageRun } from "../domain/run";
import { isDrivenRun, isOpenAttempt, isPendingStage } from "../domain/runStateMachine";
import { snippetJson } from "../domain/retrieval";
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
async function streamAttempt(deps: EngineDeps, runId: string, llm: LLMProvider, messages: LlmMessage[], options: GenerateOptions): Promise<LlmResult> {
  const onRetry = (r: LlmRetry) => deps.drafts.retry(runId, r, deps.clock.now().toISOString());
  for await (const event of llm.stream(messages, { ...options, onRetry })) {
    if (event.type === "delta") deps.drafts.delta(runId, event.text);
    else if (event.type === "reasoning") deps.drafts.reasoning(runId);
    else return event.result;
  }
  throw new LlmError("interrupted", "the stream ended without the model's summary");
}

export type AttemptOutcome = "succeeded" | "failed" | "cancelled" | "superseded";

/**
 * Runs one attempt of one stage: opens the attempt, builds and records the Context Pack, calls the
 * model, then — in one unit of work — writes the artifact, the final snapshot, the statuses and the
 * events. A crash anywhere before that last commit leaves a `running` attempt that recovery marks
 * interrupted and redoes; after it, the attempt is done and is never run again.
 */
export async function executeStageAttempt(deps: EngineDeps, run: Run, stage: StageRun, signal: AbortSignal): Promise<AttemptOutcome> {
  const now = () => deps.clock.now().toISOString();
  const tx = <T>(work: (tx: RunTx) => Promise<T>) => runTransaction({ uow: deps.uow, bus: deps.bus, now: deps.clock.now }, run, work);
  const decisions = await deps.repos.runs.listDecisions(run.id);
  const n = (stage.attempts.at(-1)?.n ?? 0) + 1;
  const attempt: Attempt = {
    id: newId("attempt"),
    n,
    status: "running",
    feedback: pendingFeedback(decisions, stage),
    artifactPath: null,
    snapshotPath: layout.snapshot(run.id, stage.id, n),
    usage: null,
    latencyMs: null,
    error: null,
    checks: null,
    startedAt: now(),
    finishedAt: null,
  };
  const where = { stageId: stage.id, attempt: attempt.n };

  const opened = await tx(async (t) => {
    const fresh = await t.runs.get(run.id);
    if (!fresh || !isDrivenRun(fresh.status) || fresh.claimedBy !== deps.owner) return false;
    const current = fresh.stages.find((s) => s.id === stage.id)!;
    if (current.attempts.length !== stage.attempts.length) return false; // someone else moved on
    // This driver holds the run: an attempt still marked running was cut off when its driver stopped.
    for (const a of current.attempts.filter((x) => isOpenAttempt(x.status))) {
      await t.runs.updateAttempt(a.id, { status: "interrupted", finishedAt: attempt.startedAt });
      await t.emit("stage.attempt.interrupted", { reason: "its driver stopped" }, { stageId: stage.id, attempt: a.n });
    }
    if (isPendingStage(current.status)) {
      await t.runs.moveStage(run.id, stage.id, "running", attempt.startedAt);
      await t.emit("stage.started", { title: stage.title, approval_required: stage.approvalRequired }, { stageId: stage.id });
    }
    await t.runs.setCurrentStage(run.id, stage.id, attempt.startedAt);
    await t.runs.insertAttempt(run.id, stage.id, attempt);
    await t.emit("stage.attempt.started", { feedback: attempt.feedback }, where);
    return true;
  });
  if (!opened) return "superseded";

  let pack: ContextPack | null = null;
  let messages: LlmMessage[] = [];
  const settings = { model: deps.options.model, temperature: deps.options.temperature, max_tokens: deps.options.maxTokens };
  const snapshot = (outcome: Pick<AttemptSnapshot, "status"> & Partial<AttemptSnapshot>): AttemptSnapshot => ({
    run_id: run.id,
    thread_id: run.threadId,
    stack: run.stack,
    stage: { id: stage.id, title: stage.title, attempt: attempt.n, depends_on: stage.dependsOn, approval_required: stage.approvalRequired, output: stage.output },
    feedback: attempt.feedback,
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
    started_at: attempt.startedAt,
    ...outcome,
  });

  let result: LlmResult | null = null;
  let failure: LlmError | null = null;
  let inputs: StageInputs | null = null;
  try {
    inputs = await loadStageInputs(deps, run, stage);
    pack = await buildStageContext(deps, run, stage, attempt.feedback, inputs);
    messages = packMessages(pack);
    // What the model is about to get is on disk before the call: an interrupted attempt is explained too.
    await tx(async (t) => {
      await t.files.put(attempt.snapshotPath!, json(snapshot({ status: "running" })));
      await t.emit(
        "llm.call.started",
        { model: settings.model, token_estimate: pack!.tokenEstimate, trimmed: pack!.trimmed.length, snippets: pack!.retrieval.snippets.length },
        where,
      );
    });
    if (!deps.llm) {
      throw new LlmError("auth", "no LLM provider is configured", { hint: "Set VM_LLM_API_KEY and retry the stage." });
    }
    deps.drafts.open({ runId: run.id, threadId: run.threadId, stageId: stage.id, attempt: attempt.n, startedAt: attempt.startedAt });
    result = await streamAttempt(deps, run.id, deps.llm, messages, { signal, model: settings.model, temperature: settings.temperature, maxTokens: settings.max_tokens });
  } catch (err) {
    if (!(err instanceof LlmError)) throw err;
    failure = err;
  } finally {
    deps.drafts.close(run.id);
  }

  const finishedAt = now();
  if (failure?.kind === "cancelled" && signal.aborted) {
    await tx(async (t) => {
      await t.runs.updateAttempt(attempt.id, { status: "cancelled", finishedAt });
      await t.runs.moveStage(run.id, stage.id, "pending", finishedAt);
      await t.files.put(attempt.snapshotPath!, json(snapshot({ status: "cancelled", finished_at: finishedAt })));
      await t.emit("stage.attempt.cancelled", {}, where);
    });
    return "cancelled";
  }

  if (failure) {
    const error: RunError = { code: failure.kind, message: failure.message, hint: failure.hint, stage_id: stage.id };
    await tx(async (t) => {
      await t.runs.updateAttempt(attempt.id, { status: "failed", error, finishedAt });
      await t.files.put(attempt.snapshotPath!, json(snapshot({ status: "failed", error, partial_response: failure!.partialText || null, finished_at: finishedAt })));
      await t.emit("llm.call.failed", { error }, where);
      if (await t.runs.moveStage(run.id, stage.id, "failed", finishedAt)) {
        await t.emit("stage.failed", { error }, where);
      }
      if (await t.runs.moveRun(run.id, "failed", { error, updatedAt: finishedAt })) {
        await t.emit("run.failed", { error });
      }
    });
    return "failed";
  }

  const { text, usage, latencyMs } = result!;
  // The brand guard reads the artifact before anyone else: a block keeps the stage at a gate.
  let checks = runGuard({ ...stageGuardInput(deps, run, inputs!), markdown: text });
  if (deps.options.judge) checks = await withJudge(deps, inputs!, text, checks, signal);
  const gated = stage.approvalRequired || blocks(checks);
  await tx(async (t) => {
    const fresh = await t.runs.get(run.id);
    const artifact = await t.writeArtifact({ kind: "stage", path: layout.artifact(run.id, stage.id, attempt.n, ".md"), content: text, stageId: stage.id, attempt: attempt.n, at: finishedAt });
    await t.runs.updateAttempt(attempt.id, { status: "succeeded", artifactPath: artifact.relativePath, usage, latencyMs, checks, finishedAt });
    await t.files.put(
      attempt.snapshotPath!,
      json(
        snapshot({
          status: "succeeded",
          response: { text, finish_reason: result!.finishReason, request_id: result!.requestId, model: result!.model, raw: result!.raw },
          usage: usageJson(usage),
          latency_ms: latencyMs,
          artifact_paths: [artifact.relativePath],
          checks,
          finished_at: finishedAt,
        }),
      ),
    );
    await t.emit("llm.call.finished", { usage: usageJson(usage), latency_ms: latencyMs, finish_reason: result!.finishReason, request_id: result!.requestId }, where);
    await t.emit("artifact.written", { path: artifact.relativePath, bytes: artifact.bytes }, where);
    await t.emit("stage.checked", { status: checks.status, counts: countBySeverity(checks), rules_version: checks.rules_version }, where);
    // The run may have been cancelled while the model was writing: keep the artifact, move nothing.
    if (!fresh || !isDrivenRun(fresh.status)) return;
    if (gated) {
      await t.runs.moveStage(run.id, stage.id, "waiting_approval", finishedAt);
      await t.emit("stage.waiting_approval", { artifact_path: artifact.relativePath, ...(!stage.approvalRequired && { reason: "guard_blocked" }) }, where);
      await t.runs.moveRun(run.id, "waiting_approval", { updatedAt: finishedAt });
      await t.emit("run.waiting_approval", { stage_id: stage.id });
    } else {
      await t.runs.moveStage(run.id, stage.id, "approved", finishedAt);
      await t.emit("stage.approved", { automatic: true, artifact_path: artifact.relativePath }, where);
    }
  });
  return "succeeded";
}
