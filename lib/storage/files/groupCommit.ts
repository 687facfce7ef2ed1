import { syncDir } from "./atomicWrite";

/**
 * Group commit for flushes of one key (a directory): a caller needs a flush that starts after its own
 * change, so a request made while one is in flight waits for the next one — and every request made in
 * the meantime shares that next one. Fifty writers of new folders in brands/ cost two fsyncs of brands/,
 * not fifty. A failed flush rejects every caller that waited on it (none is told its change is durable);
 * the next request starts a fresh one.
 */
export function groupCommit(flush: (key: string) => Promise<void>): (key: string) => Promise<void> {
  const inFlight = new Map<string, Promise<void>>();
  const queued = new Map<string, Promise<void>>();

  function start(key: string): Promise<void> {
    const run = flush(key).finally(() => {
      if (inFlight.get(key) === run) inFlight.delete(key);
    });
    inFlight.set(key, run);
    return run;
  }

  return (key) => {
    const next = queued.get(key);
    if (next) return next;
    const running = inFlight.get(key);
    if (!running) return start(key);
    const shared = running
      .catch(() => {}) // that flush's failure belongs to its own callers
      .then(() => {
        queued.delete(key);
        return start(key);
      });
    queued.set(key, shared);
    return shared;
  };
}

/** The process's directory fsyncs: shared by every unit of work, so concurrent ones share flushes. */
export const syncDirGrouped = groupCommit(syncDir);
