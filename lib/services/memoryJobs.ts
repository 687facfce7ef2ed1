import pLimit from "p-limit";

export interface JobFailure {
  source: string;
  error: string;
  attempts: number;
  /** When it will be tried again; null once it gave up. */
  nextTryAt: string | null;
}

const MAX_ATTEMPTS = 6;

/**
 * The one lane every memory write goes through (queued jobs, catch-up, rebuild): one job at a time, in
 * order — LanceDB refuses concurrent commits to a table. Keyed jobs are deduplicated while they wait (a
 * source changed five times is indexed once) and retried with backoff when they fail.
 */
export function createMemoryJobs(opts: { log: (message: string, err?: unknown) => void }) {
  const lane = pLimit(1);
  const waiting = new Map<string, Promise<void>>();
  const failures = new Map<string, JobFailure>();
  const retryTimers = new Set<NodeJS.Timeout>();
  let closed = false;
  // Resolves when every job put on the lane so far has finished. The lane runs in order, so waiting
  // for the last one queued is waiting for all of them — an event, never a poll.
  let tail: Promise<void> = Promise.resolve();

  function run<T>(job: () => Promise<T>): Promise<T> {
    const done = lane(job);
    tail = done.then(
      () => {},
      () => {},
    );
    return done;
  }

  function retryLater(key: string, job: () => Promise<void>, err: unknown) {
    const attempts = (failures.get(key)?.attempts ?? 0) + 1;
    const delay = Math.min(60_000, 1000 * 2 ** attempts);
    const again = attempts < MAX_ATTEMPTS;
    failures.set(key, { source: key, error: String((err as Error)?.message ?? err).split("\n")[0], attempts, nextTryAt: again ? new Date(Date.now() + delay).toISOString() : null });
    opts.log(`memory indexing of ${key} failed (attempt ${attempts})`, err);
    if (!again) return;
    const timer = setTimeout(() => {
      retryTimers.delete(timer);
      enqueue(key, job);
    }, delay);
    timer.unref?.();
    retryTimers.add(timer);
  }

  /** Queues `job` under `key` unless the same key already waits; resolves when it has run (or failed). */
  function enqueue(key: string, job: () => Promise<void>): Promise<void> {
    if (closed) return Promise.resolve();
    const queued = waiting.get(key);
    if (queued) return queued;
    const done = run(async () => {
      waiting.delete(key);
      if (closed) return;
      try {
        await job();
        failures.delete(key);
      } catch (err) {
        if (!closed) retryLater(key, job, err);
      }
    });
    waiting.set(key, done);
    return done;
  }

  /** Resolves when the jobs queued before this call have finished, or after `boundMs`, whichever is first. */
  function queuedWork(boundMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, boundMs)));
    return Promise.race([tail, bound]).finally(() => clearTimeout(timer));
  }

  /** Resolves when nothing is queued or running, including jobs queued while it waits. */
  async function settled(): Promise<void> {
    for (let seen: Promise<void> | null = null; seen !== tail; ) {
      seen = tail;
      await seen;
    }
  }

  return {
    run,
    enqueue,
    queuedWork,
    settled,
    pending: () => lane.pendingCount + lane.activeCount,
    failures: () => [...failures.values()],
    /** Stops taking work and drops scheduled retries; what runs now is waited for by settled(). */
    close() {
      closed = true;
      for (const t of retryTimers) clearTimeout(t);
      retryTimers.clear();
    },
    get closed() {
      return closed;
    },
  };
}
