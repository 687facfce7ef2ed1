import type { LlmRetry } from "../domain/llm";
import { applyDraft, retryOf, type StageDraft } from "../domain/stageDraft";

type Listener = (draft: StageDraft) => void;
/** Every draft this process writes, and the end of each attempt (hosted mode relays both). */
type Tap = (change: { draft: StageDraft } | { ended: { runId: string; attempt: number } }) => void;

interface Live {
  draft: Omit<StageDraft, "offset" | "text">;
  text: string;
  /** How much of `text` subscribers have been sent. */
  sent: number;
  timer: NodeJS.Timeout | null;
  /** Hosted mode: written on another instance; when its last piece arrived (ms). */
  relayedAt?: number;
}

/** A relayed draft silent this long is dropped: its instance died without saying so. */
const RELAYED_TTL_MS = 5 * 60_000;

/**
 * The text of every stage attempt being written in this process (several at once for a stage with
 * variants), and its live subscribers. Deltas are gathered and sent at most every `flushMs` (a model
 * streams tens of chunks a second; a reader needs a few updates), a retry or the end at once. A
 * subscriber that arrives mid-stage first gets the text so far (`current`), then what follows.
 */
export class StageDrafts {
  /** Keyed by run, then attempt number. */
  private readonly live = new Map<string, Map<number, Live>>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly taps = new Set<Tap>();

  constructor(private readonly flushMs = 100) {}

  open(d: { runId: string; threadId: string; stageId: string; attempt: number; startedAt: string }): void {
    let ofRun = this.live.get(d.runId);
    if (!ofRun) this.live.set(d.runId, (ofRun = new Map()));
    ofRun.set(d.attempt, {
      draft: { type: "stage.draft", run_id: d.runId, thread_id: d.threadId, stage_id: d.stageId, attempt: d.attempt, tokens: 0, reasoning_tokens: 0, started_at: d.startedAt, retry: null },
      text: "",
      sent: 0,
      timer: null,
    });
  }

  delta(runId: string, attempt: number, text: string): void {
    const l = this.get(runId, attempt);
    if (!l) return;
    l.text += text;
    l.draft.tokens++;
    l.draft.retry = null;
    this.schedule(runId, l);
  }

  reasoning(runId: string, attempt: number): void {
    const l = this.get(runId, attempt);
    if (!l) return;
    l.draft.reasoning_tokens++;
    l.draft.retry = null;
    this.schedule(runId, l);
  }

  retry(runId: string, attempt: number, r: LlmRetry, at: string): void {
    const l = this.get(runId, attempt);
    if (!l) return;
    l.draft.retry = retryOf(r, at);
    this.flush(runId, l);
  }

  /** Sends what is pending, then forgets the attempt (its events and artifact take over). */
  close(runId: string, attempt: number): void {
    const l = this.get(runId, attempt);
    if (!l) return;
    this.flush(runId, l);
    this.forget(runId, attempt);
    for (const tap of this.taps) tap({ ended: { runId, attempt } });
  }

  /** What this process writes, as it is sent to its own subscribers (hosted mode: to the other instances). */
  tap(listener: Tap): () => void {
    this.taps.add(listener);
    return () => void this.taps.delete(listener);
  }

  /** A draft another instance is writing (hosted mode): kept for subscribers who arrive later, passed on. */
  relayed(d: StageDraft): void {
    let ofRun = this.live.get(d.run_id);
    if (!ofRun) this.live.set(d.run_id, (ofRun = new Map()));
    let l = ofRun.get(d.attempt);
    if (!l) ofRun.set(d.attempt, (l = { draft: { ...d }, text: "", sent: 0, timer: null }));
    if (l.relayedAt === undefined && l.text) return; // this process writes that attempt itself
    l.relayedAt = Date.now();
    const { offset: _o, text: _t, ...fields } = d;
    l.draft = fields;
    l.text = applyDraft(l.text, d);
    l.sent = l.text.length;
    this.send(d.run_id, d);
  }

  /** Another instance finished writing this attempt (or its end shows in the run's events). */
  relayedEnd(runId: string, attempt?: number): void {
    for (const [n, l] of this.live.get(runId) ?? []) if (l.relayedAt !== undefined && (attempt === undefined || n === attempt)) this.forget(runId, n);
  }

  private forget(runId: string, attempt: number): void {
    const ofRun = this.live.get(runId);
    if (!ofRun) return;
    ofRun.delete(attempt);
    if (ofRun.size === 0) this.live.delete(runId);
  }

  /** The whole text so far of each attempt being written (offset 0), for a subscriber that arrives mid-stage. */
  current(runId: string): StageDraft[] {
    for (const [n, l] of this.live.get(runId) ?? []) if (l.relayedAt && Date.now() - l.relayedAt > RELAYED_TTL_MS) this.forget(runId, n);
    return [...(this.live.get(runId)?.values() ?? [])].map((l) => ({ ...l.draft, retry: l.draft.retry && { ...l.draft.retry }, offset: 0, text: l.text }));
  }

  subscribe(runId: string, listener: Listener): () => void {
    let set = this.listeners.get(runId);
    if (!set) this.listeners.set(runId, (set = new Set()));
    set.add(listener);
    return () => {
      set!.delete(listener);
      if (set!.size === 0) this.listeners.delete(runId);
    };
  }

  private get(runId: string, attempt: number): Live | undefined {
    return this.live.get(runId)?.get(attempt);
  }

  private schedule(runId: string, l: Live): void {
    l.timer ??= setTimeout(() => this.flush(runId, l), this.flushMs);
  }

  private flush(runId: string, l: Live): void {
    if (l.timer) clearTimeout(l.timer);
    l.timer = null;
    const draft: StageDraft = { ...l.draft, retry: l.draft.retry && { ...l.draft.retry }, offset: l.sent, text: l.text.slice(l.sent) };
    l.sent = l.text.length;
    this.send(runId, draft);
    for (const tap of this.taps) tap({ draft });
  }

  private send(runId: string, draft: StageDraft): void {
    for (const listener of this.listeners.get(runId) ?? []) {
      try {
        listener(draft);
      } catch {
        // one broken subscriber must not stop the others or the engine
      }
    }
  }
}
