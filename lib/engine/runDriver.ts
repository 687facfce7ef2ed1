import { layout } from "../domain/workspaceLayout";
import type { Run, RunError, RunPause } from "../domain/run";
import { budgetBreach } from "../domain/runBudget";
import { currentStageOf, isDrivenRun, isOpenAttempt, isStageToExecute } from "../domain/runStateMachine";
import { driverFailure } from "./driverFailure";
import type { EngineDeps } from "./engineDeps";
import { buildRunPackage } from "./runPackage";
import { runTransaction, type RunTx } from "./runTransaction";
import { readRunStack } from "./stageContext";
import { executeStageAttempt } from "./stageExecutor";

export type RunDriver = ReturnType<typeof createRunDriver>;

/**
 * Executes runs in the background of the server process. A run is driven by whoever holds its claim
 * (compare-and-set on runs.claimedBy); the HTTP requests that start or steer a run only change state
 * and kick the driver, so no generation depends on a client being connected.
 */
export function createRunDriver(deps: EngineDeps) {
  const driving = new Map<string, Promise<void>>();
  /** Hosted mode's job steps running here (a shutdown gives them their grace too). */
  const jobs = new Set<Promise<void>>();
  const again = new Set<string>();
  const inFlight = new Map<string, AbortController>();
  let stopping = false;
  const stopSignal = new AbortController();
  const now = () => deps.clock.now().toISOString();
  const tx = <T>(run: { id: string; threadId: string }, work: (t: RunTx) => Promise<T>) =>
    runTransaction({ uow: deps.uow, bus: deps.bus, now: deps.clock.now }, run, work);

  async function complete(runId: string): Promise<void> {
    const run = (await deps.repos.runs.get(runId))!;
    const stack = await readRunStack(deps, run.id).catch(() => null);
    const artifacts = await deps.repos.runs.listArtifacts(run.id);
    const body = await buildRunPackage(run, artifacts, deps.blobs, stack?.title ?? run.stack);
    const at = now();
    await tx(run, async (t) => {
      if (!(await t.runs.moveRun(run.id, "completed", { currentStage: null, finishedAt: at, updatedAt: at }))) return;
      const pkg = await t.writeArtifact({ kind: "package", path: layout.package(run.id), content: body, stageId: null, attempt: null, at });
      await t.emit("package.written", { path: pkg.relativePath, bytes: pkg.bytes });
      await t.emit("run.completed", {});
    });
  }

  async function pauseRun(run: Run, breach: Omit<RunPause, "at">): Promise<void> {
    const at = now();
    const pause: RunPause = { ...breach, at };
    await tx(run, async (t) => {
      if (await t.runs.moveRun(run.id, "paused", { pause, updatedAt: at })) await t.emit("run.paused", { ...pause });
    });
  }

  /** One span per stretch of driving a run (start → gate, decision → next gate or the end), its stages inside. */
  function drive(runId: string): Promise<void> {
    return deps.tracer.inSpan("run", { "vm.run.id": runId }, async (span) => {
      await driveRun(runId);
      const run = span.isRecording() ? await deps.repos.runs.get(runId) : null;
      if (run) span.setAttributes({ "vm.stack": run.stack, "vm.run.status": run.status, "vm.run.current_stage": run.currentStage ?? undefined });
    });
  }

  /**
   * One step of a run this process holds: executes its current stage (or completes or pauses it).
   * "more" when the run should be driven on, "stop" when it waits, failed, ended or is not ours.
   */
  async function step(runId: string): Promise<"more" | "stop"> {
    const run = await deps.repos.runs.get(runId);
    if (stopping || !run || !isDrivenRun(run.status) || run.claimedBy !== deps.owner) return "stop";
    const next = currentStageOf(run.stages);
    if (!next) return await complete(runId), "stop";
    // At a gate or failed while the run says running: a decision is in flight; it will kick us.
    if (!isStageToExecute(next.status)) return "stop";
    // Out of budget before the call, not after it: the run stops where it is, resumable.
    const breach = budgetBreach(run, next, deps.clock.now().getTime());
    if (breach) return await pauseRun(run, breach), "stop";
    const controller = new AbortController();
    inFlight.set(runId, controller);
    try {
      const outcome = await executeStageAttempt(deps, run, next, controller.signal);
      return outcome === "succeeded" || outcome === "superseded" ? "more" : "stop";
    } finally {
      inFlight.delete(runId);
    }
  }

  /** Executes stages until the run waits, fails, ends or is cancelled. One driver per run per process. */
  async function driveRun(runId: string): Promise<void> {
    const run = await deps.repos.runs.get(runId);
    if (stopping || !run || !isDrivenRun(run.status)) return;
    if (run.claimedBy !== deps.owner && !(await deps.repos.runs.claim(runId, deps.owner, run.claimedBy))) return;
    try {
      while ((await step(runId)) === "more");
    } finally {
      await deps.repos.runs.claim(runId, null, deps.owner).catch(() => {});
    }
  }

  /**
   * Hosted mode: one job of the shared queue, which gives a run to one worker at a time — so whoever
   * held the claim before has lost its lease (it died, or stopped sending heartbeats): its open
   * attempts are recorded as interrupted and the stage gets a new one. Executes one step; "more" asks
   * for a follow-up job. The database's compare-and-set still decides every move, so a worker that
   * wakes up late cannot make a second attempt of a stage succeed.
   */
  function driveJob(runId: string): Promise<"more" | "stop"> {
    const job = jobStep(runId);
    const settled = job.then(
      () => {},
      () => {},
    );
    jobs.add(settled);
    void settled.then(() => jobs.delete(settled));
    return job;
  }

  function jobStep(runId: string): Promise<"more" | "stop"> {
    return deps.tracer.inSpan("run", { "vm.run.id": runId }, async () => {
      const run = await deps.repos.runs.get(runId);
      if (stopping || !run || !isDrivenRun(run.status)) return "stop";
      // Its earlier job is still executing here (its heartbeat was late): that one carries on and asks for the next.
      if (inFlight.has(runId)) return "stop";
      if (run.claimedBy !== deps.owner && !(await deps.repos.runs.claim(runId, deps.owner, run.claimedBy))) {
        throw new Error(`run ${runId}: its claim changed while this job took it over`); // retried by the queue
      }
      await recordCutOff(run, "lease");
      try {
        return await step(runId);
      } finally {
        await deps.repos.runs.claim(runId, null, deps.owner).catch(() => {});
      }
    });
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
      const onStop = () => done();
      const timer = setTimeout(done, ms);
      stopSignal.signal.addEventListener("abort", onStop, { once: true });
      function done() {
        clearTimeout(timer);
        stopSignal.signal.removeEventListener("abort", onStop);
        resolve();
      }
    });
  }

  /** The driver could not go on: the stage's open attempt (if any) and the stage fail, and so does the run. */
  async function giveUp(runId: string, error: RunError): Promise<void> {
    const run = await deps.repos.runs.get(runId);
    if (!run || !isDrivenRun(run.status)) return;
    const stage = currentStageOf(run.stages);
    const stageError = stage ? { ...error, stage_id: stage.id } : error;
    await tx(run, async (t) => {
      const at = now();
      if (stage) {
        for (const a of stage.attempts.filter((x) => isOpenAttempt(x.status))) {
          await t.runs.closeAttempt(a.id, { status: "failed", error: stageError, finishedAt: at });
        }
        if (await t.runs.moveStage(runId, stage.id, "failed", at)) {
          await t.emit("stage.failed", { error: stageError }, { stageId: stage.id, attempt: stage.attempts.at(-1)?.n });
        }
      }
      if (await t.runs.moveRun(runId, "failed", { error: stageError, updatedAt: at })) {
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
      await recordCutOff(run, reason);
      taken.push(run.id);
      void kick(run.id);
    }
    return taken;
  }

  /**
   * An attempt still marked running whose driver is gone was cut off: it is marked interrupted (with
   * an event) and the stage gets a new attempt. If this cannot be recorded now, the driver's next
   * attempt records the interruption instead.
   */
  async function recordCutOff(run: Run, reason: "restart" | "sweep" | "lease"): Promise<void> {
    const cutOff = run.stages.flatMap((stage) => stage.attempts.filter((a) => isOpenAttempt(a.status)).map((a) => ({ stage, a })));
    // A follow-up job finds the claim released and nothing open: nothing was cut off.
    if (!cutOff.length && (run.claimedBy === deps.owner || (reason === "lease" && run.claimedBy === null))) return;
    const why = { restart: "server restarted", sweep: "its driver stopped", lease: "its worker stopped (it lost its lease or failed)" }[reason];
    await tx(run, async (t) => {
      const at = now();
      const closed: typeof cutOff = [];
      for (const { stage, a } of cutOff) {
        // Only what is still open: an attempt that finished meanwhile was not cut off.
        if (!(await t.runs.closeAttempt(a.id, { status: "interrupted", finishedAt: at }))) continue;
        closed.push({ stage, a });
        await t.emit("stage.attempt.interrupted", { reason: why }, { stageId: stage.id, attempt: a.n });
      }
      if (!closed.length && cutOff.length) return;
      await t.emit("run.recovered", { previous_owner: run.claimedBy, interrupted: closed.map(({ stage, a }) => ({ stage_id: stage.id, attempt: a.n })), reason });
    }).catch((err) => deps.log(`run ${run.id}: could not record its take-over`, err));
  }

  async function settleAll(): Promise<void> {
    while (driving.size || jobs.size) await Promise.all([...driving.values(), ...jobs]);
  }

  return {
    kick,
    driveJob,
    /** The stage and run fail visibly after `tries` unexpected errors (Retry resumes them). */
    giveUp: (runId: string, err: unknown, tries: number) => giveUp(runId, driverFailure(err, tries)),
    /** Aborts the model call of a run in flight (its run was cancelled). */
    abort: (runId: string) => inFlight.get(runId)?.abort(),
    /** After a crash: takes over every run left `running` (see takeOver). */
    recover: () => takeOver("restart"),
    /** Periodically: picks up any `running` run that no driver holds. */
    sweep: () => takeOver("sweep"),
    /** Resolves when every run this process drives has stopped. */
    idle: settleAll,
    /**
     * Shutdown: no new stage starts; the attempts in flight get up to `graceMs` to finish (and are kept);
     * then the calls still running are aborted (their attempts recorded as cancelled). Runs stay
     * `running`, so the next start (or another instance's sweep) resumes them where they stopped.
     */
    async stop(graceMs = 0): Promise<void> {
      stopping = true;
      if (graceMs > 0 && (driving.size || jobs.size)) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([settleAll(), new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
        clearTimeout(timer);
      }
      stopSignal.abort();
      for (const c of inFlight.values()) c.abort();
      await settleAll();
    },
    /** Stages in flight right now (for the shutdown message). */
    inFlight: () => inFlight.size,
  };
}
