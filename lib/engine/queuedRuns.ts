import type { JobQueue } from "../domain/cluster";
import type { Repositories } from "../domain/ports";
import type { EventBus } from "./eventBus";
import type { RunDriver } from "./runDriver";

export const RUN_QUEUE = "vm-run";

/**
 * Hosted mode's run engine: the same driver, but each step of a run is a job of the shared queue (keyed
 * by run, so one instance at a time drives a run while other runs go on elsewhere). A kick from any
 * instance queues a job; whichever instance takes it executes one stage and queues the next. When an
 * instance dies its job's heartbeat stops and the queue hands the job to another instance, whose
 * driver records the cut-off attempt and starts a new one.
 */
export function createQueuedRuns(o: {
  driver: RunDriver;
  queue: JobQueue;
  bus: EventBus;
  repos: Pick<Repositories, "runs">;
  concurrency: number;
  log: (message: string, err?: unknown) => void;
}) {
  const { driver, queue } = o;
  let stopping = false;
  const send = (runId: string) => queue.send(RUN_QUEUE, { runId }, { key: runId });

  const working = queue.work<{ runId: string }>(RUN_QUEUE, o.concurrency, async (job) => {
    const { runId } = job.data;
    // A cancel decided on another instance reaches this one as a relayed event: stop the model call.
    const unsubscribe = o.bus.subscribe({ runId }, (e) => e.type === "run.cancelled" && driver.abort(runId));
    try {
      const next = await driver.driveJob(runId);
      // Stopping mid-run: the step was cut short; another instance carries on from the next job.
      if (next === "more" || stopping) await send(runId);
    } catch (err) {
      if (job.retriesLeft > 0) throw err; // the queue tries again, after a while, maybe elsewhere
      o.log(`run ${runId}: giving up after ${job.retryCount + 1} tries`, err);
      await driver.giveUp(runId, err, job.retryCount + 1);
    } finally {
      unsubscribe();
    }
  });
  working.catch((err) => o.log("cannot take run jobs from the queue", err));

  /** Queues a job for every run left `running`: a job lost between a commit and its send is made good. */
  async function sweep(): Promise<string[]> {
    const runs = await o.repos.runs.listByStatus("running");
    for (const run of runs) await send(run.id);
    return runs.map((r) => r.id);
  }

  return {
    /** Never rejects (callers do not wait): a job that could not be sent is sent by the next sweep. */
    kick: async (runId: string) => void (await send(runId).catch((err) => o.log(`run ${runId}: could not queue its next step; the sweep will`, err))),
    driveJob: driver.driveJob,
    abort: driver.abort,
    recover: sweep,
    sweep,
    /** What this instance drives right now has stopped (jobs queued for others are not waited for). */
    idle: driver.idle,
    inFlight: driver.inFlight,
    giveUp: driver.giveUp,
    async stop(graceMs = 0): Promise<void> {
      stopping = true;
      await Promise.all([queue.stop(graceMs + 1000), driver.stop(graceMs)]);
    },
  };
}
