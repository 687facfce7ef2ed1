import type { LlmRetry } from "../domain/llm";
import { retryOf, type StageDraft } from "../domain/stageDraft";

type Listener = (draft: StageDraft) => void;

interface Live {
  draft: Omit<StageDraft, "offset" | "text">;
  text: string;
  /** How much of `text` subscribers have been sent. */
  sent: number;
  timer: NodeJS.Timeout | null;
}

/**
 * The text of every stage attempt being written in this process, and its live subscribers. Deltas are
 * gathered and sent at most every `flushMs` (a model streams tens of chunks a second; a reader needs a
 * few updates), a retry or the end at once. A subscriber that arrives mid-stage first gets the text so
 * far (`current`), then what follows.
 */
export class StageDrafts {
  private readonly live = new Map<string, Live>();
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(private readonly flushMs = 100) {}

  open(d: { runId: string; threadId: string; stageId: string; attempt: number; startedAt: string }): void {
    this.close(d.runId);
    this.live.set(d.runId, {
      draft: { type: "stage.draft", run_id: d.runId, thread_id: d.threadId, stage_id: d.stageId, attempt: d.attempt, tokens: 0, reasoning_tokens: 0, started_at: d.startedAt, retry: null },
      text: "",
      sent: 0,
      timer: null,
    });
  }

  delta(runId: string, text: string): void {
    const l = this.live.get(runId);
    if (!l) return;
    l.text += text;
    l.draft.tokens++;
    l.draft.retry = null;
    this.schedule(runId, l);
  }

  reasoning(runId: string): void {
    const l = this.live.get(runId);
    if (!l) return;
    l.draft.reasoning_tokens++;
    l.draft.retry = null;
    this.schedule(runId, l);
  }

  retry(runId: string, r: LlmRetry, at: string): void {
    const l = this.live.get(runId);
    if (!l) return;
    l.draft.retry = retryOf(r, at);
    this.flush(runId);
  }

  /** Sends what is pending, then forgets the attempt (its events and artifact take over). */
  close(runId: string): void {
    const l = this.live.get(runId);
    if (!l) return;
    this.flush(runId);
    this.live.delete(runId);
  }

  /** The whole text so far (offset 0), for a subscriber that arrives mid-stage. */
  current(runId: string): StageDraft | null {
    const l = this.live.get(runId);
    return l ? { ...l.draft, retry: l.draft.retry && { ...l.draft.retry }, offset: 0, text: l.text } : null;
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

  private schedule(runId: string, l: Live): void {
    l.timer ??= setTimeout(() => this.flush(runId), this.flushMs);
  }

  private flush(runId: string): void {
    const l = this.live.get(runId);
    if (!l) return;
    if (l.timer) clearTimeout(l.timer);
    l.timer = null;
    const draft: StageDraft = { ...l.draft, retry: l.draft.retry && { ...l.draft.retry }, offset: l.sent, text: l.text.slice(l.sent) };
    l.sent = l.text.length;
    for (const listener of this.listeners.get(runId) ?? []) {
      try {
        listener(draft);
      } catch {
        // one broken subscriber must not stop the others or the engine
      }
    }
  }
}
