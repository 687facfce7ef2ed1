// Ports of hosted mode, where several instances share one deployment: a job queue that gives each
// unit of work to one instance at a time (and to another when that one dies), and a broadcast that
// tells every instance something changed. lib/cluster implements them on PostgreSQL.

/** One job as a worker holds it. */
export interface QueuedJob<T> {
  id: string;
  data: T;
  /** 0 on the first try; each retry (a failure, or a worker that stopped sending heartbeats) adds one. */
  retryCount: number;
  /** Tries left after this one: when 0, a failure is final. */
  retriesLeft: number;
}

export interface JobQueue {
  /**
   * Queues a job. With `key`, at most one job per key runs at a time and at most one more waits
   * (a send while one already waits is dropped: that one will do the work): returns null then.
   */
  send(queue: string, data: Record<string, unknown>, options?: { key?: string }): Promise<string | null>;
  /** Runs the jobs of `queue` on this instance, `concurrency` at a time; a throw fails (and retries) the job. */
  work<T>(queue: string, concurrency: number, handler: (job: QueuedJob<T>) => Promise<void>): Promise<void>;
  /** Resolves true once these jobs have finished (completed, failed for good or cancelled), false after `boundMs`. */
  waitFor(queue: string, ids: string[], boundMs: number): Promise<boolean>;
  /** Resolves true once every job of `queue` sent before this call (by any instance) has finished, false after `boundMs`. */
  waitForBacklog(queue: string, boundMs: number): Promise<boolean>;
  /** Jobs of `queue` waiting or running, deployment-wide. */
  backlog(queue: string): Promise<number>;
  /** Stops taking jobs; the ones running get `graceMs` to finish, then are left for another instance. */
  stop(graceMs: number): Promise<void>;
  /** The queue's database answers (readiness). */
  ping(): Promise<void>;
}

/** Small messages to every instance (a pointer to what changed, never the payload), in send order. */
export interface Broadcast {
  publish(message: string): Promise<void>;
  /** `onGap` is called after a lost connection came back: messages may have been missed meanwhile. */
  subscribe(onMessage: (message: string) => void, onGap: () => void): () => void;
  close(): Promise<void>;
}
