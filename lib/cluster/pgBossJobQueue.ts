import { PgBoss } from "pg-boss";
import type { JobQueue } from "../domain/cluster";

export interface QueueDefinition {
  name: string;
  /** stately: one running and one waiting job per key; singleton: one running job in the whole queue. */
  policy: "stately" | "singleton";
  retryLimit: number;
  retryDelaySeconds: number;
}

export interface PgBossOptions {
  connectionString: string;
  /** Where pg-boss keeps its tables (a schema of the app's database). */
  schema: string;
  queues: QueueDefinition[];
  /** A worker silent this long loses its job to another instance (pg-boss heartbeatSeconds, ≥ 10). */
  heartbeatSeconds: number;
  /** How often expired heartbeats are noticed (pg-boss supervise and monitor intervals). */
  superviseIntervalSeconds: number;
  log: (message: string, err?: unknown) => void;
}

/**
 * The job queue of hosted mode, on pg-boss in the app's own PostgreSQL. Chosen over graphile-worker
 * because a dead worker's job comes back after a heartbeat expiry measured in seconds (graphile-worker:
 * a fixed four hours), and `stately` queues serialise one key without holding the others back.
 */
export function pgBossJobQueue(o: PgBossOptions): JobQueue & { start(): Promise<void> } {
  const schemaName = `"${o.schema.replace(/"/g, '""')}"`;
  const boss = new PgBoss({
    connectionString: o.connectionString,
    schema: o.schema,
    application_name: "vm-studio-jobs",
    superviseIntervalSeconds: o.superviseIntervalSeconds,
    monitorIntervalSeconds: o.superviseIntervalSeconds,
    useListenNotify: true,
  });
  boss.on("error", (err) => o.log("job queue error", err));
  const limits = new Map(o.queues.map((q) => [q.name, q.retryLimit]));
  let started: Promise<void> | null = null;
  let stopped = false;
  // A failed start is not remembered: the next call tries again (the database may be back).
  const start = () =>
    (started ??= (async () => {
      await boss.start();
      for (const q of o.queues) {
        const options = {
          policy: q.policy,
          retryLimit: q.retryLimit,
          retryDelay: q.retryDelaySeconds,
          retryBackoff: true,
          heartbeatSeconds: o.heartbeatSeconds,
          // The heartbeat, not a wall-clock limit, decides whether a job is still being worked on.
          expireInSeconds: 24 * 3600,
          notify: true,
        };
        await boss.createQueue(q.name, options).catch(async () => boss.updateQueue(q.name, options));
      }
    })().catch((err) => {
      started = null;
      throw err;
    }));
  /**
   * Asks `done` until it says yes or `boundMs` passes: every 50 ms for the first second (a search waits
   * for a write that takes milliseconds), then every 500 ms (a rebuild may take minutes).
   */
  async function pollUntil(done: () => Promise<boolean>, boundMs: number): Promise<boolean> {
    const started = Date.now();
    for (;;) {
      if (await done()) return true;
      const left = started + boundMs - Date.now();
      if (left <= 0) return false;
      await new Promise((r) => setTimeout(r, Math.min(Date.now() - started < 1000 ? 50 : 500, left)));
    }
  }

  /** One indexed count on pg-boss's job table (its documented schema) instead of a lookup per job. */
  async function unfinished(queue: string, before: Date | null): Promise<number> {
    const rows = await boss
      .getDb()
      .executeSql(
        `SELECT count(*)::int AS n FROM ${schemaName}.job WHERE name = $1 AND state < 'completed'${before ? " AND created_on <= $2" : ""}`,
        before ? [queue, before.toISOString()] : [queue],
      );
    return (rows.rows[0] as { n: number }).n;
  }

  return {
    start,
    async send(queue, data, options = {}) {
      await start();
      return boss.send(queue, data, options.key ? { singletonKey: options.key } : {});
    },
    async work(queue, concurrency, handler) {
      // Until the queue's database answers, keep trying: an instance that started during an outage must
      // still take jobs once it is over.
      for (;;) {
        if (stopped) return;
        try {
          await start();
          break;
        } catch (err) {
          o.log(`job queue not reachable; trying again in 5 s (${queue})`, err);
          await new Promise((r) => setTimeout(r, 5000));
        }
      }
      await boss.work<Record<string, unknown>>(
        queue,
        { localConcurrency: concurrency, batchSize: 1, pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 5, heartbeatRefreshSeconds: Math.max(1, Math.floor(o.heartbeatSeconds / 3)) },
        async ([job]) => {
          const limit = limits.get(queue) ?? 0;
          await handler({ id: job.id, data: job.data as never, retryCount: job.retryCount, retriesLeft: Math.max(0, limit - job.retryCount) });
        },
      );
    },
    async waitFor(queue, ids, boundMs) {
      await start();
      let left = ids;
      return pollUntil(async () => {
        const states = await Promise.all(left.map((id) => boss.getJobById(queue, id)));
        left = left.filter((_, i) => ["created", "retry", "active"].includes(states[i]?.state ?? "completed"));
        return !left.length;
      }, boundMs);
    },
    async waitForBacklog(queue, boundMs) {
      await start();
      const before = new Date();
      return pollUntil(async () => (await unfinished(queue, before)) === 0, boundMs);
    },
    async backlog(queue) {
      await start();
      return unfinished(queue, null);
    },
    async stop(graceMs) {
      stopped = true;
      if (!started) return;
      await boss.stop({ graceful: true, timeout: Math.max(1, graceMs), close: true }).catch((err) => o.log("job queue stop failed", err));
    },
    async ping() {
      await start();
      await boss.getQueues([o.queues[0].name]);
    },
  };
}
