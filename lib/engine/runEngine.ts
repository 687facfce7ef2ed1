import { createHash } from "node:crypto";
import { createTwoFilesPatch } from "diff";
import { conflict, notFound } from "../domain/errors";
import { newId } from "../domain/ids";
import type { Decision, Run, RunError, StageRun } from "../domain/run";
import { isSettledStage, runStatusesInto } from "../domain/runStateMachine";
import { layout } from "../domain/workspaceLayout";
import type { EngineDeps } from "./engineDeps";
import { driverFailure } from "./driverFailure";
import { buildRunPackage } from "./runPackage";
import { runTransaction, type RunTx } from "./runTransaction";
import { readRunStack } from "./stageContext";
import { executeStageAttempt } from "./stageExecutor";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export type RunEngine = ReturnType<typeof createRunEngine>;

/**
 * Executes runs in the background of the server process. A run is driven by whoever holds its claim
 * (compare-and-set on runs.claimedBy); the HTTP requests that start or steer a run only change state
 * and kick the driver, so no generation depends on a client being connected.
 */
export function createRunEngine(deps: EngineDeps) {
  const driving = new Map<string, Promise<void>>();
  const again = new Set<string>();
  const inFlight = new Map<string, AbortController>();
  let stopping = false;
  const stopSignal = new AbortController();
  const now = () => deps.clock.now().toISOString();
  const tx = <T>(run: { id: string; threadId: string }, work: (t: RunTx) => Promise<T>) =>
    runTransaction({ uow: deps.uow, bus: deps.bus, now: deps.clock.now }, run, work);

  async function requireRun(id: string): Promise<Run> {
    const run = await deps.repos.runs.get(id);
    if (!run) throw notFound("run", id);
    return run;
  }

  function requireStage(run: Run, stageId: string): StageRun {
    const stage = run.stages.find((s) => s.id === stageId);
    if (!stage) throw notFound("stage", stageId);
    return stage;
  }

  async function complete(run: Run): Promise<void> {
    const stack = await readRunStack(deps, run.id).catch(() => null);
    const artifacts = await deps.repos.runs.listArtifacts(run.id);
    const body = await buildRunPackage(run, artifacts, deps.blobs, stack?.title ?? run.stack);
    const path = layout.package(run.id);
    const at = now();
    await tx(run, async (t) => {
      const moved = await t.runs.moveRun(run.id, ["running"], "completed", { currentStage: null, finishedAt: at, updatedAt: at });
      if (!moved) return;
      await t.files.put(path, body);
      await t.runs.insertArtifact({
        id: newId("artifact"), runId: run.id, stageId: null, attempt: null, kind: "package", relativePath: path,
        contentType: "text/markdown", sha256: sha256(body), bytes: Buffer.byteLength(body), createdAt: at,
      });
      await t.emit("package.written", { path, bytes: Buffer.byteLength(body) });
      await t.emit("run.completed", {});
    });
  }

  /** Executes stages until the run waits, fails, ends or is cancelled. One driver per run per process. */
  async function drive(runId: string): Promise<void> {
    let run = await deps.repos.runs.get(runId);
    if (stopping || !run || run.status !== "running") return;
    if (run.claimedBy !== deps.owner && !(await deps.repos.runs.claim(runId, deps.owner, run.claimedBy))) return;
    try {
      for (;;) {
        run = await deps.repos.runs.get(runId);
        if (stopping || !run || run.status !== "running" || run.claimedBy !== deps.owner) return;
        const next = run.stages.find((s) => !isSettledStage(s.status));
        if (!next) return await complete(run);
        if (next.status !== "pending" && next.status !== "running") {
          // waiting_approval / failed while the run says running: a decision is in flight; let it kick us.
          return;
        }
        const controller = new AbortController();
        inFlight.set(runId, controller);
        try {
          const outcome = await executeStageAttempt(deps, run, next, controller.signal);
          if (outcome !== "succeeded" && outcome !== "superseded") return;
        } finally {
          inFlight.delete(runId);
        }
      }
    } finally {
      await deps.repos.runs.claim(runId, null, deps.owner).catch(() => {});
    }
  }

  /** Makes sure the run is being driven; safe to call any number of times from anywhere. */
  function kick(runId: string): Promise<void> {
    const current = driving.get(runId);
    if (current) {
      again.add(runId);
      return current;
    }
    const loop = (async () => {
      let failures = 0;
      do {
        again.delete(runId);
        try {
          await drive(runId);
          failures = 0;
        } catch (err) {
          // A transient fault (a busy database, a full disk for a moment) must not strand the run: drive
          // again with backoff, then give the stage up as failed — visibly, so Retry resumes it.
          failures++;
          const { driverRetries, driverRetryMs } = deps.options;
          deps.log(`run ${runId} stopped on an unexpected error (try ${failures} of ${driverRetries + 1})`, err);
          if (stopping) break;
          if (failures <= driverRetries) {
            await pause(driverRetryMs * 2 ** (failures - 1));
            again.add(runId);
          } else {
            failures = 0;
            await giveUp(runId, driverFailure(err, driverRetries + 1)).catch((e) =>
              deps.log(`run ${runId}: could not record the failure; the sweep will pick the run up again`, e),
            );
          }
        }
      } while (again.has(runId) && !stopping);
      driving.delete(runId);
    })();
    driving.set(runId, loop);
    return loop;
  }

  /** Waits, but not past a shutdown. */
  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const onStop = () => done();
      stopSignal.signal.addEventListener("abort", onStop, { once: true });
      function done() {
        clearTimeout(timer);
        stopSignal.signal.removeEventListener("abort", onStop);
        resolve();
      }
    });
  }

  /** The driver could not go on: the stage's attempt (if one is open) and the stage fail, and so does the run. */
  async function giveUp(runId: string, error: RunError): Promise<void> {
    const run = await deps.repos.runs.get(runId);
    if (!run || run.status !== "running") return;
    const stage = run.stages.find((s) => !isSettledStage(s.status));
    const stageError = stage ? { ...error, stage_id: stage.id } : error;
    await tx(run, async (t) => {
      const at = now();
      if (stage) {
        for (const a of stage.attempts.filter((x) => x.status === "running")) {
          await t.runs.updateAttempt(a.id, { status: "failed", error: stageError, finishedAt: at });
        }
        if (await t.runs.moveStage(runId, stage.id, ["running", "pending"], "failed", at)) {
          await t.emit("stage.failed", { error: stageError }, { stageId: stage.id, attempt: stage.attempts.at(-1)?.n });
        }
      }
      if (await t.runs.moveRun(runId, ["running"], "failed", { error: stageError, updatedAt: at })) {
        await t.emit("run.failed", { error: stageError });
      }
    });
    await deps.repos.runs.claim(runId, null, deps.owner).catch(() => {});
  }

  /**
   * Takes over runs left `running` with nothing driving them: at start (a crash or kill stopped the
   * previous process) and then periodically (a driver that gave up while the database was down).
   * An attempt still marked running was cut off: it is marked interrupted (with an event) and the stage
   * gets a new attempt; finished attempts are never redone, runs at a gate stay at the gate.
   */
  async function takeOver(reason: "restart" | "sweep"): Promise<string[]> {
    const taken: string[] = [];
    for (const run of await deps.repos.runs.listByStatus("running")) {
      if (stopping || driving.has(run.id)) continue;
      if (!(await deps.repos.runs.claim(run.id, deps.owner, run.claimedBy))) continue;
      if (driving.has(run.id)) continue; // kicked while we claimed it: its driver has it
      const cutOff = run.stages.flatMap((stage) => stage.attempts.filter((a) => a.status === "running").map((a) => ({ stage, a })));
      if (cutOff.length || run.claimedBy !== deps.owner) {
        // If this cannot be recorded now, the driver's first attempt records the interruption instead.
        await tx(run, async (t) => {
          const at = now();
          for (const { stage, a } of cutOff) {
            await t.runs.updateAttempt(a.id, { status: "interrupted", finishedAt: at });
            await t.emit("stage.attempt.interrupted", { reason: reason === "restart" ? "server restarted" : "its driver stopped" }, { stageId: stage.id, attempt: a.n });
          }
          await t.emit("run.recovered", { previous_owner: run.claimedBy, interrupted: cutOff.map(({ stage, a }) => ({ stage_id: stage.id, attempt: a.n })), reason });
        }).catch((err) => deps.log(`run ${run.id}: could not record its take-over`, err));
      }
      taken.push(run.id);
      void kick(run.id);
    }
    return taken;
  }

  /**
   * A reviewer's decision, applied once: the run must be waiting (at a gate, or failed) and the stage
   * in the state the action needs — both compare-and-set in one transaction, so of two concurrent
   * decisions exactly one lands and the other is a 409 that changes nothing.
   */
  async function decide(
    runId: string,
    stageId: string,
    action: Decision["action"],
    work: (t: RunTx, stage: StageRun, decision: Decision) => Promise<void>,
  ): Promise<Run> {
    const run = await requireRun(runId);
    const stage = requireStage(run, stageId);
    await tx(run, async (t) => {
      const decision: Decision = { id: newId("decision"), runId, stageId, action, comment: null, artifactId: null, createdAt: now() };
      if (!(await t.runs.moveRun(runId, ["waiting_approval", "failed"], "running", { error: null, updatedAt: decision.createdAt }))) {
        const current = await t.runs.get(runId);
        throw conflict(`the run is ${current?.status ?? "gone"}; it is not waiting for a decision`);
      }
      await work(t, stage, decision);
      await t.runs.insertDecision(decision);
      await t.emit("decision", { id: decision.id, action, comment: decision.comment, artifact_id: decision.artifactId }, { stageId });
      await t.emit("run.resumed", { after: action });
    });
    void kick(runId);
    return requireRun(runId);
  }

  return {
    kick,

    async approve(runId: string, stageId: string, opts: { editedMarkdown?: string; comment?: string } = {}) {
      return decide(runId, stageId, opts.editedMarkdown ? "edit_approve" : "approve", async (t, stage, decision) => {
        decision.comment = opts.comment ?? null;
        if (!(await t.runs.moveStage(runId, stageId, ["waiting_approval"], "approved", decision.createdAt))) {
          throw conflict(`stage "${stageId}" is not waiting for approval`);
        }
        const attempt = stage.attempts.filter((a) => a.status === "succeeded").at(-1)!;
        if (opts.editedMarkdown !== undefined) {
          const original = (await deps.blobs.read(attempt.artifactPath!)) ?? "";
          const editPath = layout.artifact(runId, stageId, attempt.n, "-edited.md");
          const diffPath = layout.artifact(runId, stageId, attempt.n, "-edited.diff");
          const patch = createTwoFilesPatch(attempt.artifactPath!, editPath, original, opts.editedMarkdown, "gerado", "editado pelo revisor");
          await t.files.put(editPath, opts.editedMarkdown);
          await t.files.put(diffPath, patch);
          decision.artifactId = newId("artifact");
          await t.runs.insertArtifact({
            id: decision.artifactId, runId, stageId, attempt: attempt.n, kind: "edit", relativePath: editPath,
            contentType: "text/markdown", sha256: sha256(opts.editedMarkdown), bytes: Buffer.byteLength(opts.editedMarkdown),
            createdAt: decision.createdAt,
          });
          await t.emit("artifact.written", { path: editPath, diff_path: diffPath, edited: true }, { stageId, attempt: attempt.n });
        }
        await t.emit("stage.approved", { edited: opts.editedMarkdown !== undefined }, { stageId, attempt: attempt.n });
      });
    },

    async skip(runId: string, stageId: string, opts: { comment?: string } = {}) {
      return decide(runId, stageId, "skip", async (t, _stage, decision) => {
        decision.comment = opts.comment ?? null;
        if (!(await t.runs.moveStage(runId, stageId, ["waiting_approval", "failed"], "skipped", decision.createdAt))) {
          throw conflict(`stage "${stageId}" is not waiting for a decision`);
        }
        await t.emit("stage.skipped", {}, { stageId });
      });
    },

    async retry(runId: string, stageId: string, opts: { feedback?: string } = {}) {
      return decide(runId, stageId, "retry", async (t, _stage, decision) => {
        decision.comment = opts.feedback ?? null;
        if (!(await t.runs.moveStage(runId, stageId, ["waiting_approval", "failed"], "running", decision.createdAt))) {
          throw conflict(`stage "${stageId}" is not waiting for a decision`);
        }
      });
    },

    async cancel(runId: string, opts: { comment?: string } = {}) {
      const run = await requireRun(runId);
      await tx(run, async (t) => {
        const at = now();
        if (!(await t.runs.moveRun(runId, runStatusesInto("cancelled"), "cancelled", { finishedAt: at, updatedAt: at }))) {
          throw conflict(`the run is ${run.status}; it cannot be cancelled`);
        }
        const decision: Decision = { id: newId("decision"), runId, stageId: null, action: "cancel", comment: opts.comment ?? null, artifactId: null, createdAt: at };
        await t.runs.insertDecision(decision);
        await t.emit("decision", { id: decision.id, action: "cancel", comment: decision.comment });
        await t.emit("run.cancelled", {});
      });
      inFlight.get(runId)?.abort();
      return requireRun(runId);
    },

    /** After a crash: takes over every run left `running` (see takeOver). */
    recover: () => takeOver("restart"),

    /** Periodically: picks up any `running` run that no driver holds. */
    sweep: () => takeOver("sweep"),

    /** Resolves when every run this process drives has stopped. */
    async idle(): Promise<void> {
      while (driving.size) await Promise.all([...driving.values()]);
    },

    /**
     * Shutdown: stops driving, aborts calls in flight (their attempts are recorded as cancelled and the
     * runs stay `running`, so the next start resumes them), and waits for the drivers to finish.
     */
    async stop(): Promise<void> {
      stopping = true;
      stopSignal.abort();
      for (const c of inFlight.values()) c.abort();
      while (driving.size) await Promise.all([...driving.values()]);
    },
  };
}
