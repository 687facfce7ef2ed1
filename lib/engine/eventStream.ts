import type { BlobReader } from "../domain/ports";
import { parseEventLog, type RunEvent } from "../domain/runEvent";
import type { StageDraft } from "../domain/stageDraft";
import { layout } from "../domain/workspaceLayout";
import type { EventBus } from "./eventBus";
import type { StageDrafts } from "./stageDrafts";

export interface EventStreamOptions {
  bus: EventBus;
  blobs: Pick<BlobReader, "read">;
  /** One run, or every run of a thread. */
  scope: { runId: string } | { threadId: string; runIds: () => Promise<string[]> };
  /** Replay the log after this point (SSE Last-Event-ID): a run's `seq`, or `<run_id>:<seq>` for a thread. */
  after: { runId?: string; seq: number } | null;
  /** Replay from the start when `after` is null (run streams); thread streams start live. */
  replayFromStart: boolean;
  /** A run stream also carries the text of the stage being written (run scope only). */
  drafts?: Pick<StageDrafts, "current" | "subscribe">;
}

export type StreamItem = RunEvent | StageDraft;
export type EventStream = AsyncIterableIterator<StreamItem> & { close(): void };

/**
 * Replay, then live, with no gap and no duplicate: subscribe first (buffering), read the log, then hand
 * over to the buffered and live events past what the log gave. Drafts are not in the log: after the
 * replay the stage being written is sent whole, then its drafts follow. `return()` unsubscribes at
 * once, so a client that leaves leaves nothing behind.
 */
export function openEventStream(o: EventStreamOptions): EventStream {
  const queue: StreamItem[] = [];
  let waiting: ((r: IteratorResult<StreamItem>) => void) | null = null;
  let closed = false;
  const lastSeq = new Map<string, number>();
  let replaying = true;
  const buffered: RunEvent[] = [];

  const push = (item: StreamItem) => {
    if (waiting) {
      const w = waiting;
      waiting = null;
      w({ value: item, done: false });
    } else queue.push(item);
  };
  const filling = new Map<string, RunEvent[]>();
  const deliver = (e: RunEvent) => {
    if (closed || e.seq <= (lastSeq.get(e.run_id) ?? 0)) return;
    const held = filling.get(e.run_id);
    if (held) return void held.push(e);
    // A hole (hosted mode: an event written on another instance is still being relayed when a later one
    // written here arrives): the log has everything committed, so read the hole from it first.
    if (!replaying && e.seq > (lastSeq.get(e.run_id) ?? 0) + 1) return fillFromLog(e);
    lastSeq.set(e.run_id, e.seq);
    push(e);
  };
  function fillFromLog(e: RunEvent): void {
    const held = [e];
    filling.set(e.run_id, held);
    void o.blobs
      .read(layout.events(e.run_id))
      .then((text) => parseEventLog(text ?? ""), () => [] as RunEvent[])
      .then((log) => {
        filling.delete(e.run_id);
        for (const x of [...log, ...held].sort((a, b) => a.seq - b.seq)) {
          if (closed || x.seq <= (lastSeq.get(x.run_id) ?? 0)) continue;
          lastSeq.set(x.run_id, x.seq);
          push(x);
        }
      });
  }
  const runId = "runId" in o.scope ? o.scope.runId : null;
  // Drafts sent during the replay are covered by the whole text sent after it.
  const unsubscribeDrafts = runId && o.drafts ? o.drafts.subscribe(runId, (d) => !replaying && !closed && push(d)) : () => {};

  const key = "runId" in o.scope ? { runId: o.scope.runId } : { threadId: o.scope.threadId };
  const unsubscribe = o.bus.subscribe(key, (e) => (replaying ? buffered.push(e) : deliver(e)));

  const close = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    unsubscribeDrafts();
    if (waiting) waiting({ value: undefined, done: true });
    waiting = null;
  };

  void (async () => {
    try {
      const runIds = "runId" in o.scope ? [o.scope.runId] : await o.scope.runIds();
      const logs: RunEvent[] = [];
      for (const runId of runIds) logs.push(...parseEventLog((await o.blobs.read(layout.events(runId))) ?? ""));
      if (o.after) {
        const mark = logs.find((e) => e.run_id === (o.after!.runId ?? e.run_id) && e.seq === o.after!.seq);
        for (const e of logs) {
          const sameRun = !o.after.runId || e.run_id === o.after.runId;
          // Other runs of a thread have their own sequences: what came after the marked event, by time.
          const isNewer = sameRun ? e.seq > o.after.seq : mark ? e.ts > mark.ts : true;
          if (isNewer) deliver(e);
          else lastSeq.set(e.run_id, Math.max(lastSeq.get(e.run_id) ?? 0, e.seq));
        }
      } else if (o.replayFromStart) {
        logs.forEach(deliver);
      } else {
        for (const e of logs) lastSeq.set(e.run_id, Math.max(lastSeq.get(e.run_id) ?? 0, e.seq));
      }
    } catch {
      // The log could not be read: end the stream; the client reconnects and replays from its last id.
      close();
    } finally {
      replaying = false;
      buffered.sort((a, b) => (a.ts === b.ts ? a.seq - b.seq : a.ts < b.ts ? -1 : 1)).forEach(deliver);
      buffered.length = 0;
      if (runId && !closed) for (const draft of o.drafts?.current(runId) ?? []) push(draft);
    }
  })();

  const stream: EventStream = {
    next() {
      if (queue.length) return Promise.resolve({ value: queue.shift()!, done: false });
      if (closed) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => (waiting = resolve));
    },
    return() {
      close();
      return Promise.resolve({ value: undefined, done: true });
    },
    close,
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}
