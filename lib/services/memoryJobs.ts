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
  // What is queued or running per scope (a campaign's thread, a brand's canonical text…), and the jobs of
  // no scope (catch-up, rebuild), which every search waits for: a generation waits only for what can
  // change its recall.
  const ofScope = new Map<string, Set<Promise<void>>>();
  const unscoped = new Set<Promise<void>>();

  function track(done: Promise<unknown>, scope: string | undefined) {
    const settled = done.then(
      () => {},
      () => {},
    );
    const set = scope === undefined ? unscoped : (ofScope.get(scope) ?? ofScope.set(scope, new Set()).get(scope)!);
    set.add(settled);
    void settled.then(() => {
      set.delete(settled);
      if (scope !== undefined && set.size === 0 && ofScope.get(scope) === set) ofScope.delete(scope);
    });
    tail = settled;
  }

  /** Runs `job` on the lane; `scope` names what it indexes (none: it may touch anything). */
  function run<T>(job: () => Promise<T>, scope?: string): Promise<T> {
    const done = lane(job);
    track(done, scope);
    return done;
  }

  function retryLater(key: string, job: () => Promise<void>, err: unknown, scope: string | undefined) {
    const attempts = (failures.get(key)?.attempts ?? 0) + 1;
    const delay = Math.min(60_000, 1000 * 2 ** attempts);
    const again = attempts < MAX_ATTEMPTS;
    failures.set(key, { source: key, error: String((err as Error)?.message ?? err).split("\n")[0], attempts, nextTryAt: again ? new Date(Date.now() + delay).toISOString() : null });
    opts.log(`memory indexing of ${key} failed (attempt ${attempts})`, err);
    if (!again) return;
    const timer = setTimeout(() => {
      retryTimers.delete(timer);
      enqueue(key, job, scope);
    }, delay);
    timer.unref?.();
    retryTimers.add(timer);
  }

  /** Queues `job` under `key` unless the same key already waits; resolves when it has run (or failed). */
  function enqueue(key: string, job: () => Promise<void>, scope?: string): Promise<void> {
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
        if (!closed) retryLater(key, job, err, scope);
      }
    }, scope);
    waiting.set(key, done);
    return done;
  }

  /**
   * Resolves when the jobs queued before this call have finished — when `scope` is named, only its own and
   * those of no scope — or after `boundMs`, whichever is first.
   */
  function queuedWork(boundMs: number, scope?: string): Promise<void> {
    const awaited = scope === undefined ? tail : Promise.all([...(ofScope.get(scope) ?? []), ...unscoped]);
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, boundMs)));
    return Promise.race([awaited.then(() => {}), bound]).finally(() => clearTimeout(timer));
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
