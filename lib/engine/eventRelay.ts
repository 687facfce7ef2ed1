import type { Broadcast } from "../domain/cluster";
import type { BlobReader } from "../domain/ports";
import { parseEventLog, type RunEvent } from "../domain/runEvent";
import { layout } from "../domain/workspaceLayout";
import type { StageDraft } from "../domain/stageDraft";
import type { EventBus } from "./eventBus";
import type { StageDrafts } from "./stageDrafts";

/** What is announced after a unit of work on a run commits: where its new events are, not the events. */
interface Announcement {
  k: "e";
  /** The announcing instance (it has published them itself). */
  o: string;
  r: string;
  t: string;
  /** The first and last seq of the events just committed. */
  f: number;
  s: number;
}

/**
 * The text a model is writing is not in any table (it is transient by design), so it travels itself,
 * cut into pieces that keep each message under NOTIFY's 8,000-byte limit.
 */
type DraftMessage = { k: "d"; o: string; d: StageDraft } | { k: "x"; o: string; r: string; n: number };
type Message = Announcement | DraftMessage;

const REMEMBERED_RUNS = 5000;
/** Events after which an attempt is no longer being written (or the whole run stopped). */
const ATTEMPT_ENDS = new Set(["llm.call.finished", "llm.call.failed", "stage.attempt.interrupted", "stage.attempt.cancelled"]);
const RUN_ENDS = new Set(["run.completed", "run.failed", "run.cancelled", "run.paused"]);
const DRAFT_PIECE_CHARS = 1500; // ≤ 4 bytes a character in UTF-8, plus the draft's other fields

/** Splits a draft into drafts whose text has at most `chars` characters, each continuing the last. */
export function draftPieces(d: StageDraft, chars = DRAFT_PIECE_CHARS): StageDraft[] {
  if (d.text.length <= chars) return [d];
  const out: StageDraft[] = [];
  for (let i = 0; i < d.text.length; i += chars) out.push({ ...d, offset: d.offset + i, text: d.text.slice(i, i + chars) });
  return out;
}

/**
 * Hosted mode: makes the events (and the drafts) of a run driven on one instance reach the readers on
 * every other. Each committed batch is announced on the broadcast as a pointer (run and seq range); an
 * instance with readers of that run reads the events past the last it relayed from the run's log — so
 * a lost or merged announcement only delays events until the next one — and publishes them on its own
 * bus. Readers never see a hole: a stream that gets an event past the next one it expects reads the
 * missing ones from the log first (openEventStream).
 */
export function startEventRelay(o: {
  bus: EventBus;
  drafts: StageDrafts;
  broadcast: Broadcast;
  blobs: Pick<BlobReader, "read">;
  instance: string;
  log: (message: string, err?: unknown) => void;
}): () => void {
  const relayed = new Map<string, { threadId: string; seq: number }>();
  const chains = new Map<string, Promise<void>>();

  /** An announcement is retried (a run's last one, e.g. its gate, has no later one to carry it). */
  async function publish(a: Announcement, what: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await o.broadcast.publish(JSON.stringify(a));
      } catch (err) {
        if (attempt === 4) return o.log(`could not announce ${what}`, err);
        await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
      }
    }
  }
  // The end of an attempt (or of the run) here retires any copy of a draft relayed from elsewhere.
  const retireDrafts = (e: RunEvent) => {
    if (RUN_ENDS.has(e.type)) o.drafts.relayedEnd(e.run_id);
    else if (ATTEMPT_ENDS.has(e.type) && e.attempt !== undefined) o.drafts.relayedEnd(e.run_id, e.attempt);
  };

  // Batches of one unit of work arrive together: announce each run once per tick with its seq range.
  let pending = new Map<string, Announcement>();
  let scheduled = false;
  const unsubscribeLocal = o.bus.subscribeAll((e) => {
    retireDrafts(e);
    const a = pending.get(e.run_id);
    if (a) a.s = Math.max(a.s, e.seq);
    else pending.set(e.run_id, { k: "e", o: o.instance, r: e.run_id, t: e.thread_id, f: e.seq, s: e.seq });
    if (!scheduled) {
      scheduled = true;
      queueMicrotask(() => {
        scheduled = false;
        const batch = [...pending.values()];
        pending = new Map();
        for (const a of batch) void publish(a, `events of run ${a.r}`);
      });
    }
  });

  const say = (m: Message) => void o.broadcast.publish(JSON.stringify(m)).catch((err) => o.log("could not relay a draft", err));
  const unsubscribeDrafts = o.drafts.tap((change) => {
    if ("draft" in change) for (const d of draftPieces(change.draft)) say({ k: "d", o: o.instance, d });
    else say({ k: "x", o: o.instance, r: change.ended.runId, n: change.ended.attempt });
  });

  function catchUp(runId: string, threadId: string, from: number, to: number | null): void {
    const previous = chains.get(runId) ?? Promise.resolve();
    const next = previous.then(async () => {
      const known = relayed.get(runId);
      const after = known ? known.seq : from - 1;
      if (to !== null && after >= to) return;
      if (!o.bus.isWatched(runId, threadId)) {
        // Nobody here reads this run now; a reader who comes later replays the log first anyway.
        if (to !== null) remember(runId, threadId, to);
        return;
      }
      const events: RunEvent[] = parseEventLog((await o.blobs.read(layout.events(runId))) ?? "").filter((e) => e.seq > after);
      for (const e of events) retireDrafts(e), o.bus.publishRelayed(e);
      if (events.length) remember(runId, threadId, events.at(-1)!.seq);
    });
    const settled = next.catch((err) => o.log(`could not relay events of run ${runId}`, err));
    chains.set(runId, settled);
    void settled.then(() => chains.get(runId) === settled && chains.delete(runId));
  }

  function remember(runId: string, threadId: string, seq: number): void {
    relayed.delete(runId);
    relayed.set(runId, { threadId, seq });
    if (relayed.size > REMEMBERED_RUNS) relayed.delete(relayed.keys().next().value!);
  }

  const unsubscribeRemote = o.broadcast.subscribe(
    (message) => {
      let m: Message;
      try {
        m = JSON.parse(message) as Message;
      } catch {
        return;
      }
      if (m.o === o.instance) return;
      if (m.k === "d") o.drafts.relayed(m.d);
      else if (m.k === "x") o.drafts.relayedEnd(m.r, m.n);
      else if (m.k === "e" && typeof m.r === "string" && typeof m.s === "number") catchUp(m.r, m.t, m.f, m.s);
    },
    // After a lost connection: every run we know of may have moved on without us hearing of it.
    () => {
      for (const [runId, k] of relayed) catchUp(runId, k.threadId, k.seq + 1, null);
    },
  );

  return () => {
    unsubscribeDrafts();
    unsubscribeLocal();
    unsubscribeRemote();
  };
}
