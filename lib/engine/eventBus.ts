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

  /**
   * Every event this process writes, of every run (the memory indexer and, in hosted mode, the relay
   * to other instances listen here) — not the events relayed from other instances.
   */
  subscribeAll(listener: Listener): () => void {
    return this.subscribe({ threadId: "*" }, listener);
  }

  /** An event this process wrote (after it is durably in the run's log). */
  publish(event: RunEvent): void {
    this.deliver(event, [`run:${event.run_id}`, `thread:${event.thread_id}`, "thread:*"]);
  }

  /** An event another instance wrote, for this process's readers of its run and thread only. */
  publishRelayed(event: RunEvent): void {
    this.deliver(event, [`run:${event.run_id}`, `thread:${event.thread_id}`]);
  }

  /** Someone here reads this run's events (directly or through its thread). */
  isWatched(runId: string, threadId: string): boolean {
    return this.byKey.has(`run:${runId}`) || this.byKey.has(`thread:${threadId}`);
  }

  private deliver(event: RunEvent, keys: string[]): void {
    for (const k of keys) {
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
