import { expect, test } from "vitest";
import type { Broadcast } from "@/lib/domain/cluster";
import type { RunEvent } from "@/lib/domain/runEvent";
import { applyDraft, type StageDraft } from "@/lib/domain/stageDraft";
import { layout } from "@/lib/domain/workspaceLayout";
import { EventBus } from "@/lib/engine/eventBus";
import { draftPieces, startEventRelay } from "@/lib/engine/eventRelay";
import { StageDrafts } from "@/lib/engine/stageDrafts";

const RUN = "run_01ARZ3NDEKTSV4RRFFQ69G5FAA";
const THREAD = "thr_01ARZ3NDEKTSV4RRFFQ69G5FAB";
const tick = () => new Promise((r) => setTimeout(r, 5));

/** LISTEN/NOTIFY in memory: every subscriber hears every message, in order; `drop` loses messages, `gap` reconnects. */
function memoryBroadcast() {
  const subs = new Set<{ onMessage: (m: string) => void; onGap: () => void }>();
  let dropping = false;
  const sent: string[] = [];
  const broadcast: Broadcast = {
    async publish(m) {
      expect(Buffer.byteLength(m)).toBeLessThan(8000); // NOTIFY's payload limit
      sent.push(m);
      if (!dropping) for (const s of subs) s.onMessage(m);
    },
    subscribe(onMessage, onGap) {
      const s = { onMessage, onGap };
      subs.add(s);
      return () => void subs.delete(s);
    },
    async close() {},
  };
  return { broadcast, sent, drop: (on: boolean) => (dropping = on), gap: () => subs.forEach((s) => s.onGap()) };
}

/** One instance: its bus, drafts and relay; `log` is the run's events.jsonl both read (the shared table). */
function instance(name: string, b: Broadcast, log: RunEvent[]) {
  const bus = new EventBus();
  const drafts = new StageDrafts(1);
  const blobs = { read: async (p: string) => (p === layout.events(RUN) ? log.map((e) => JSON.stringify(e) + "\n").join("") : null) };
  startEventRelay({ bus, drafts, broadcast: b, blobs, instance: name, log: () => {} });
  return { bus, drafts };
}

test("events written on A reach B's readers in order, without gaps or duplicates, even when announcements are lost", async () => {
  const net = memoryBroadcast();
  const log: RunEvent[] = [];
  const a = instance("A", net.broadcast, log);
  const b = instance("B", net.broadcast, log);
  const onB: number[] = [];
  b.bus.subscribe({ runId: RUN }, (e) => onB.push(e.seq));
  const onAll: number[] = [];
  b.bus.subscribeAll((e) => onAll.push(e.seq));
  // A's units of work: append to the log, then publish (as runTransaction does).
  const write = (n: number) => {
    const batch = Array.from({ length: n }, (_, i) => ({ seq: log.length + 1 + i, ts: new Date().toISOString(), run_id: RUN, thread_id: THREAD, type: "stage.started", data: {} }) as RunEvent);
    for (const e of batch) log.push(e), a.bus.publish(e);
  };
  write(3);
  await tick();
  expect(onB).toEqual([1, 2, 3]);
  // The announcements of two batches are lost; the next one brings everything past what B relayed.
  net.drop(true);
  write(2);
  await tick();
  write(1);
  await tick();
  net.drop(false);
  expect(onB).toEqual([1, 2, 3]);
  write(2);
  await tick();
  expect(onB).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  // A reconnection may have missed messages: B reads what it missed.
  net.drop(true);
  write(1);
  await tick();
  net.drop(false);
  net.gap();
  await tick();
  expect(onB).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  // Relayed events are for readers, not for B's own process-wide listeners (its indexer, its relay).
  expect(onAll).toEqual([]);
  // One announcement per unit of work, a pointer and not the events.
  const announcements = net.sent.map((m) => JSON.parse(m)).filter((m) => m.k === "e");
  expect(announcements[0]).toEqual({ k: "e", o: "A", r: RUN, t: THREAD, f: 1, s: 3 });
});

test("an instance with nobody reading the run does not read its log", async () => {
  const net = memoryBroadcast();
  const log: RunEvent[] = [];
  let reads = 0;
  const a = instance("A", net.broadcast, log);
  const bus = new EventBus();
  startEventRelay({ bus, drafts: new StageDrafts(1), broadcast: net.broadcast, blobs: { read: async () => (reads++, "") }, instance: "B", log: () => {} });
  const e = { seq: 1, ts: new Date().toISOString(), run_id: RUN, thread_id: THREAD, type: "run.started", data: {} } as RunEvent;
  log.push(e);
  a.bus.publish(e);
  await tick();
  expect(reads).toBe(0);
});

test("the text being written on A streams to B's readers, in pieces under the payload limit; a late reader gets it so far", async () => {
  const net = memoryBroadcast();
  const a = instance("A", net.broadcast, []);
  const b = instance("B", net.broadcast, []);
  const got: StageDraft[] = [];
  b.drafts.subscribe(RUN, (d) => got.push(d));
  a.drafts.open({ runId: RUN, threadId: THREAD, stageId: "research", attempt: 1, startedAt: new Date().toISOString() });
  const long = "á".repeat(5000) + " fim";
  a.drafts.delta(RUN, 1, "Começo. ");
  await tick();
  a.drafts.delta(RUN, 1, long);
  await tick();
  expect(got.reduce((t, d) => applyDraft(t, d), "")).toBe("Começo. " + long);
  expect(b.drafts.current(RUN)).toMatchObject([{ offset: 0, text: "Começo. " + long, stage_id: "research", attempt: 1 }]);
  a.drafts.close(RUN, 1);
  await tick();
  expect(b.drafts.current(RUN)).toEqual([]);
  expect(draftPieces({ ...got[0], offset: 10, text: "x".repeat(3001) }, 1500).map((d) => [d.offset, d.text.length])).toEqual([[10, 1500], [1510, 1500], [3010, 1]]);
});
