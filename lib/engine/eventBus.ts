import type { RunEvent } from "../domain/runEvent";

type Listener = (event: RunEvent) => void;

/**
 * In-process publication of run events, after they are durably in events.jsonl. Subscribers are keyed
 * by run and by thread; a subscriber that leaves is simply removed (nothing else depends on it).
 */
export class EventBus {
  private readonly byKey = new Map<string, Set<Listener>>();

  subscribe(key: { runId?: string; threadId?: string }, listener: Listener): () => void {
    const k = key.runId ? `run:${key.runId}` : `thread:${key.threadId}`;
    let set = this.byKey.get(k);
    if (!set) this.byKey.set(k, (set = new Set()));
    set.add(listener);
    return () => {
      set!.delete(listener);
      if (set!.size === 0) this.byKey.delete(k);
    };
  }

  /** Every event of every run (the memory indexer listens here). */
  subscribeAll(listener: Listener): () => void {
    return this.subscribe({ threadId: "*" }, listener);
  }

  publish(event: RunEvent): void {
    for (const k of [`run:${event.run_id}`, `thread:${event.thread_id}`, "thread:*"]) {
      for (const listener of this.byKey.get(k) ?? []) {
        try {
          listener(event);
        } catch {
          // one broken subscriber must not stop the others or the engine
        }
      }
    }
  }

  /** Subscribers of runs and threads (clients), not counting the process-wide listeners. */
  subscriberCount(): number {
    let n = 0;
    for (const [key, set] of this.byKey) if (key !== "thread:*") n += set.size;
    return n;
  }
}
