import { expect, test } from "vitest";
import type { RunEvent } from "@/lib/domain/runEvent";
import { EventBus } from "@/lib/engine/eventBus";
import { applyDraft, type StageDraft } from "@/lib/domain/stageDraft";
import { openEventStream, type StreamItem } from "@/lib/engine/eventStream";
import { StageDrafts } from "@/lib/engine/stageDrafts";

const A = "run_01ARZ3NDEKTSV4RRFFQ69G5FAA";
const B = "run_01ARZ3NDEKTSV4RRFFQ69G5FBB";

const ev = (seq: number, run = A, ts = `2026-11-25T00:00:${String(seq).padStart(2, "0")}.000Z`): RunEvent => ({
  seq, ts, run_id: run, thread_id: "thr_T", type: "stage.started", data: {},
});

function world(initial: RunEvent[]) {
  const log = [...initial];
  const bus = new EventBus();
  const blobs = { read: async () => log.map((e) => JSON.stringify(e)).join("\n") + "\n" };
  const append = (e: RunEvent) => {
    log.push(e);
    bus.publish(e);
  };
  return { bus, blobs, append };
}

async function take(stream: AsyncIterator<StreamItem>, n: number) {
  const out: number[] = [];
  while (out.length < n) out.push(((await stream.next()).value as RunEvent).seq);
  return out;
}

test("a run stream replays the log, then goes live, without duplicates", async () => {
  const w = world([ev(1), ev(2), ev(3)]);
  const s = openEventStream({ bus: w.bus, blobs: w.blobs, scope: { runId: A }, after: null, replayFromStart: true });
  w.append(ev(4)); // published while the replay is being read: must appear once
  expect(await take(s, 4)).toEqual([1, 2, 3, 4]);
  w.append(ev(5));
  expect(await take(s, 1)).toEqual([5]);
  s.close();
});

test("Last-Event-ID resumes exactly after what was seen", async () => {
  const w = world([ev(1), ev(2), ev(3), ev(4)]);
  const s = openEventStream({ bus: w.bus, blobs: w.blobs, scope: { runId: A }, after: { seq: 2 }, replayFromStart: true });
  expect(await take(s, 2)).toEqual([3, 4]);
  s.close();
});

test("closing a stream unsubscribes at once, even while it waits for the next event", async () => {
  const w = world([]);
  const s = openEventStream({ bus: w.bus, blobs: w.blobs, scope: { runId: A }, after: null, replayFromStart: true });
  const pending = s.next();
  expect(w.bus.subscriberCount()).toBe(1);
  await s.return!();
  expect(await pending).toEqual({ value: undefined, done: true });
  expect(w.bus.subscriberCount()).toBe(0);
});

test("a thread stream without Last-Event-ID starts live", async () => {
  const w = world([ev(1), ev(2)]);
  const s = openEventStream({ bus: w.bus, blobs: w.blobs, scope: { threadId: "thr_T", runIds: async () => [A] }, after: null, replayFromStart: false });
  await new Promise((r) => setTimeout(r, 20));
  w.append(ev(3));
  expect(await take(s, 1)).toEqual([3]);
  s.close();
});

test("a thread stream resumes other runs' events by time after a Last-Event-ID", async () => {
  const w = world([ev(1, A), ev(2, A, "2026-11-25T00:00:05.000Z"), ev(1, B, "2026-11-25T00:00:03.000Z"), ev(2, B, "2026-11-25T00:00:09.000Z")]);
  const resumed = openEventStream({
    bus: w.bus, blobs: { read: async (p: string) => (await w.blobs.read()).split("\n").filter((l) => l && p.includes(JSON.parse(l).run_id)).join("\n") },
    scope: { threadId: "thr_T", runIds: async () => [A, B] },
    after: { runId: A, seq: 1 }, replayFromStart: false,
  });
  const got: string[] = [];
  for (let i = 0; i < 3; i++) {
    const e = (await resumed.next()).value;
    got.push(`${e.run_id === A ? "A" : "B"}:${e.seq}`);
  }
  // A's events after seq 1, and B's events after A:1's time (B has its own sequence).
  expect(got.sort()).toEqual(["A:2", "B:1", "B:2"]);
  w.append(ev(3, B, "2026-11-25T00:00:10.000Z"));
  expect((await resumed.next()).value).toMatchObject({ run_id: B, seq: 3 });
  resumed.close();
});

test("a run stream sends the stage being written after the replay, whole, then its drafts; never a draft during the replay", async () => {
  const w = world([ev(1), ev(2)]);
  const drafts = new StageDrafts(5);
  drafts.open({ runId: A, threadId: "thr_T", stageId: "research", attempt: 1, startedAt: "2026-11-25T00:00:02.000Z" });
  drafts.delta(A, 1, "Texto até ");
  const s = openEventStream({ bus: w.bus, blobs: w.blobs, scope: { runId: A }, after: null, replayFromStart: true, drafts });
  drafts.delta(A, 1, "aqui, ");
  const first = [await s.next(), await s.next(), await s.next()];
  expect(first.map((r) => r.value.type)).toEqual(["stage.started", "stage.started", "stage.draft"]);
  const whole = first[2].value as StageDraft;
  drafts.delta(A, 1, "e o resto.");
  drafts.close(A, 1);
  let text = whole.text;
  while (!text.endsWith("resto.")) text = applyDraft(text, (await s.next()).value as StageDraft);
  expect(whole.offset).toBe(0);
  expect(text).toBe("Texto até aqui, e o resto.");
  s.close();
});

test("a thread stream carries no drafts", async () => {
  const w = world([]);
  const drafts = new StageDrafts(5);
  drafts.open({ runId: A, threadId: "thr_T", stageId: "research", attempt: 1, startedAt: "2026-11-25T00:00:02.000Z" });
  const s = openEventStream({ bus: w.bus, blobs: w.blobs, scope: { threadId: "thr_T", runIds: async () => [A] }, after: null, replayFromStart: false, drafts });
  await new Promise((r) => setTimeout(r, 20));
  drafts.delta(A, 1, "nada disto");
  drafts.close(A, 1);
  w.append(ev(1));
  expect((await s.next()).value.type).toBe("stage.started");
  s.close();
});

test("a later event arriving before an earlier one (hosted: one written here, one still being relayed) is not a hole: the log fills it", async () => {
  const log = [ev(1), ev(2)];
  const bus = new EventBus();
  const blobs = { read: async () => log.map((e) => JSON.stringify(e)).join("\n") + "\n" };
  const s = openEventStream({ bus, blobs, scope: { runId: A }, after: null, replayFromStart: true });
  expect(await take(s, 2)).toEqual([1, 2]);
  // Event 3 is committed by another instance (its relay is slow); event 4, written here, is published first.
  log.push(ev(3), ev(4));
  bus.publish(ev(4));
  bus.publish(ev(3)); // the relay catches up: already delivered, not twice
  expect(await take(s, 2)).toEqual([3, 4]);
  log.push(ev(5));
  bus.publish(ev(5));
  expect(await take(s, 1)).toEqual([5]);
  s.close();
});

test("a hole is filled from the log even when the earlier event never arrives live", async () => {
  const log = [ev(1), ev(2), ev(3)];
  const bus = new EventBus();
  const blobs = { read: async () => log.map((e) => JSON.stringify(e)).join("\n") + "\n" };
  const s = openEventStream({ bus, blobs, scope: { runId: A }, after: null, replayFromStart: true });
  expect(await take(s, 3)).toEqual([1, 2, 3]);
  log.push(ev(4), ev(5)); // 4's announcement was lost
  bus.publish(ev(5));
  expect(await take(s, 2)).toEqual([4, 5]);
  s.close();
});
