"use client";

import { isRunCompleted } from "@/lib/domain/runStateMachine";
import { useCallback, useEffect, useRef, useState } from "react";
import { getJson } from "../../_components/api";
import { applyDraft } from "@/lib/domain/stageDraft";
import { RUN_EVENT_TYPES, type RunDetailsJson, type RunEventJson, type StageDraftJson } from "../../_components/apiTypes";

export type Connection = "connecting" | "live" | "reconnecting" | "ended";

const FINAL = new Set(["completed", "cancelled"]);
/** The events that end an attempt's writing: its draft gives way to the stored artifact. */
const WRITTEN = new Set(["llm.call.finished", "llm.call.failed", "stage.attempt.cancelled", "stage.attempt.interrupted"]);
/** Re-rendering markdown on every chunk is wasted work: the draft on screen is refreshed at most this often. */
const DRAFT_PAINT_MS = 200;

/** The text of an attempt being written, as this tab has it. */
export type LiveDraft = Omit<StageDraftJson, "offset">;
/** Every attempt being written, by `stage:attempt` (a stage with variants writes several at once). */
export type LiveDrafts = Record<string, LiveDraft>;
export const draftKey = (stageId: string, attempt: number) => `${stageId}:${attempt}`;

/**
 * Follows a run live: the browser's EventSource on /api/v1/events (it reconnects by itself and resumes
 * with Last-Event-ID); every event is kept for the log and triggers a re-read of GET /api/v1/runs/{id},
 * so the screen always shows the server's state rather than a guess built from events.
 */
export function useRunLive(initial: RunDetailsJson) {
  const runId = initial.id;
  const [run, setRun] = useState<RunDetailsJson>(initial);
  const [events, setEvents] = useState<RunEventJson[]>([]);
  const [connection, setConnection] = useState<Connection>("connecting");
  const [drafts, setDrafts] = useState<LiveDrafts>({});
  const draftsRef = useRef<LiveDrafts>({});
  const paint = useRef<ReturnType<typeof setTimeout> | null>(null);
  const source = useRef<EventSource | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef({ status: initial.status, lastSeq: initial.last_event_seq, seen: 0 });

  const refresh = useCallback(async () => {
    const res = await getJson<RunDetailsJson>(`/api/v1/runs/${runId}`);
    if (res.ok) setRun(res.data);
  }, [runId]);

  const closeIfFinished = useCallback(() => {
    const l = latest.current;
    // A finished run's log is complete once we have seen its last event: no need to keep listening.
    if (FINAL.has(l.status) && l.seen >= l.lastSeq && source.current) {
      source.current.close();
      source.current = null;
      setConnection("ended");
    }
  }, []);

  useEffect(() => {
    latest.current.status = run.status;
    latest.current.lastSeq = run.last_event_seq;
    closeIfFinished();
  }, [run.status, run.last_event_seq, closeIfFinished]);

  useEffect(() => {
    const es = new EventSource(`/api/v1/events?run_id=${encodeURIComponent(runId)}`);
    source.current = es;
    const seen = new Set<number>();
    const onEvent = (message: MessageEvent<string>) => {
      let event: RunEventJson;
      try {
        event = JSON.parse(message.data) as RunEventJson;
      } catch {
        return;
      }
      if (seen.has(event.seq)) return;
      if (WRITTEN.has(event.type) && event.stage_id && event.attempt) {
        const key = draftKey(event.stage_id, event.attempt);
        if (draftsRef.current[key]) {
          const { [key]: _gone, ...rest } = draftsRef.current;
          draftsRef.current = rest;
          setDrafts(rest);
        }
      }
      seen.add(event.seq);
      latest.current.seen = Math.max(latest.current.seen, event.seq);
      setEvents((list) => (list.length && list[list.length - 1].seq > event.seq ? [...list, event].sort((a, b) => a.seq - b.seq) : [...list, event]));
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void refresh().then(closeIfFinished), 120);
    };
    for (const type of RUN_EVENT_TYPES) es.addEventListener(type, onEvent);
    es.addEventListener("stage.draft", (message: MessageEvent<string>) => {
      let d: StageDraftJson;
      try {
        d = JSON.parse(message.data) as StageDraftJson;
      } catch {
        return;
      }
      const key = draftKey(d.stage_id, d.attempt);
      const prev = draftsRef.current[key];
      const { offset, ...rest } = d;
      draftsRef.current = { ...draftsRef.current, [key]: { ...rest, text: applyDraft(prev ? prev.text : "", { offset, text: d.text }) } };
      paint.current ??= setTimeout(() => {
        paint.current = null;
        setDrafts(draftsRef.current);
      }, DRAFT_PAINT_MS);
    });
    es.onopen = () => setConnection("live");
    es.onerror = () => {
      if (source.current !== es) return;
      setConnection(es.readyState === EventSource.CLOSED ? "ended" : "reconnecting");
    };
    return () => {
      es.close();
      if (source.current === es) source.current = null;
      if (timer.current) clearTimeout(timer.current);
      if (paint.current) clearTimeout(paint.current);
      paint.current = null;
    };
  }, [runId, refresh, closeIfFinished]);

  return { run, events, connection, refresh, drafts };
}

/** Contents of the run's artifacts (stage attempts and edits), fetched once each as they appear. */
export function useArtifactContents(run: RunDetailsJson, initial: Record<string, string>) {
  const [contents, setContents] = useState<Record<string, string>>(initial);
  const asked = useRef(new Set(Object.keys(initial)));
  useEffect(() => {
    for (const a of run.artifacts) {
      if (a.kind === "package" || asked.current.has(a.id)) continue;
      asked.current.add(a.id);
      void getJson<{ content: string }>(`/api/v1/runs/${run.id}/artifacts/${a.id}`).then((res) => {
        if (res.ok) setContents((c) => ({ ...c, [a.id]: res.data.content }));
        else asked.current.delete(a.id);
      });
    }
  }, [run.id, run.artifacts]);
  return contents;
}

/** The consolidated package once the run is completed (server-provided, or fetched when it completes live). */
export function usePackage(run: RunDetailsJson, initial: string | null) {
  const [content, setContent] = useState<string | null>(initial);
  useEffect(() => {
    if (!isRunCompleted(run.status) || content !== null) return;
    let cancelled = false;
    void fetch(`/api/v1/runs/${run.id}/package`, { cache: "no-store" })
      .then((r) => (r.ok ? r.text() : null))
      .then((text) => {
        if (!cancelled && text !== null) setContent(text);
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [run.id, run.status, content]);
  return content;
}
