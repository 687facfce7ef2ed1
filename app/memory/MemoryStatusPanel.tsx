"use client";

import { useCallback, useEffect, useState, type ReactNode } from "react";
import { useLang, useT } from "../_i18n/client";
import { callApi, getJson } from "../_components/api";
import type { MemoryStatusJson } from "../_components/apiTypes";
import { LocalTime } from "../_components/LocalTime";
import { vectorsOffReason } from "../_components/memoryHealth";
import { formatDuration, formatNumber } from "../_components/numbers";

const STATE_TONE: Record<string, string> = {
  ready: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  loading: "bg-sky-50 text-sky-800 ring-sky-200",
  downloading: "bg-sky-50 text-sky-800 ring-sky-200",
  unavailable: "bg-amber-50 text-amber-900 ring-amber-300",
  disabled: "bg-stone-100 text-stone-600 ring-stone-200",
};

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="flex items-baseline justify-between gap-3 py-1.5">
      <dt className="text-xs text-stone-500">{label}</dt>
      <dd data-testid={testId} className="min-w-0 text-right text-sm break-words text-stone-900 tabular-nums">
        {children}
      </dd>
    </div>
  );
}

/** What memory can do right now: the embedding model, the retrieval mode, the index and its jobs; and a full rebuild. */
export function MemoryStatusPanel({ initial }: { initial: MemoryStatusJson }) {
  const t = useT();
  const lang = useLang();
  const [status, setStatus] = useState(initial);
  const [rebuilding, setRebuilding] = useState(false);
  const [rebuilt, setRebuilt] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    const res = await getJson<MemoryStatusJson>("/api/v1/memory/status");
    if (res.ok) setStatus(res.data);
  }, []);

  // While something is moving (a download, a build, queued jobs), keep the numbers fresh.
  const e = status.embedder;
  const busy = status.index.building || status.index.pending_jobs > 0 || e.state === "loading" || e.state === "downloading";
  useEffect(() => {
    if (!busy) return;
    const id = setInterval(() => void reload(), 1500);
    return () => clearInterval(id);
  }, [busy, reload]);

  async function rebuild() {
    setRebuilding(true);
    setRebuilt(null);
    setError(null);
    const poll = setInterval(() => void reload(), 1500);
    const res = await callApi<{ chunks: number; embedded_chunks: number; took_ms: number }>("POST", "/api/v1/memory/reindex");
    clearInterval(poll);
    setRebuilding(false);
    if (res.ok) setRebuilt(t.memory.rebuilt(formatNumber(res.data.chunks, lang), formatNumber(res.data.embedded_chunks, lang), formatDuration(res.data.took_ms, lang)));
    else setError(t.errors.api[res.error.code] ?? res.error.message);
    void reload();
  }

  const idx = status.index;
  const n = (x: number) => formatNumber(x, lang);
  const fulltextOnly = status.retrieval_mode === "fulltext";

  return (
    <aside aria-labelledby="memory-status-title" className="card card-body space-y-5 xl:sticky xl:top-20" data-testid="memory-status">
      <div className="flex items-center justify-between gap-2">
        <h2 id="memory-status-title" className="section-title">
          {t.memory.statusTitle}
        </h2>
        <button type="button" className="btn-secondary btn-sm" onClick={() => void reload()}>
          {t.memory.refresh}
        </button>
      </div>

      <section aria-labelledby="embedder-title">
        <h3 id="embedder-title" className="text-xs font-semibold tracking-wide text-stone-500 uppercase">
          {t.memory.embedder}
        </h3>
        <dl className="mt-1 divide-y divide-stone-100">
          <Row label={t.memory.state} testId="embedder-state">
            <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATE_TONE[e.state] ?? STATE_TONE.disabled}`}>
              {t.memory.states[e.state] ?? e.state}
            </span>
          </Row>
          <Row label={t.memory.provider}>{t.memory.providers[e.provider] ?? e.provider}</Row>
          <Row label={t.memory.model}>
            <span className="font-mono text-xs">{e.model || t.common.empty}</span>
          </Row>
          {e.dims > 0 && <Row label={t.memory.dimsLabel}>{n(e.dims)}</Row>}
        </dl>
        {e.state === "downloading" && (
          <div className="mt-2">
            <div
              role="progressbar"
              aria-label={t.memory.downloadLabel}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={e.progress === null ? undefined : Math.round(e.progress * 100)}
              className="h-2 overflow-hidden rounded-full bg-stone-100"
            >
              <div className="h-full bg-accent-600 transition-all" style={{ width: `${Math.round((e.progress ?? 0) * 100)}%` }} />
            </div>
            <p className="mt-1 text-xs text-stone-500">{e.progress === null ? t.memory.downloading : t.memory.progress(Math.round(e.progress * 100))}</p>
          </div>
        )}
        {e.error && (
          <p className="mt-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 font-mono text-xs break-words text-red-900" data-testid="embedder-error">
            {e.error}
          </p>
        )}
      </section>

      <section aria-labelledby="mode-title">
        <h3 id="mode-title" className="text-xs font-semibold tracking-wide text-stone-500 uppercase">
          {t.memory.retrievalMode}
        </h3>
        <p className="mt-1 text-sm font-medium text-stone-900" data-testid="retrieval-mode">
          {t.memory.retrievalModes[status.retrieval_mode] ?? status.retrieval_mode}
        </p>
        {fulltextOnly && (
          <div className="mt-2 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-xs text-amber-950">
            {e.state !== "unavailable" ? (
              <p>{vectorsOffReason(t, e)}</p>
            ) : (
              <>
                <p className="font-semibold">{t.memory.fulltextOnlyTitle}</p>
                <p className="mt-1">{t.memory.fulltextOnlyText}</p>
                <pre className="mt-2 overflow-x-auto rounded bg-white/70 p-2 font-mono text-[11px] text-stone-800">{t.memory.fulltextOnlyYaml}</pre>
              </>
            )}
          </div>
        )}
      </section>

      <section aria-labelledby="index-title">
        <h3 id="index-title" className="text-xs font-semibold tracking-wide text-stone-500 uppercase">
          {t.memory.index}
        </h3>
        {idx.building && (
          <p className="mt-1 flex items-center gap-2 text-xs text-sky-800">
            <span aria-hidden className="size-3 animate-spin rounded-full border-2 border-sky-600 border-t-transparent" />
            {t.memory.building}
          </p>
        )}
        <dl className="mt-1 divide-y divide-stone-100">
          <Row label={t.memory.chunks} testId="index-chunks">
            {n(idx.chunks)}
          </Row>
          <Row label={t.memory.embedded}>{n(idx.embedded_chunks)}</Row>
          <Row label={t.memory.waiting}>{n(idx.waiting_for_vectors)}</Row>
          <Row label={t.memory.pending}>{n(idx.pending_jobs)}</Row>
          <Row label={t.memory.failed}>
            <span className={idx.failed_jobs.length ? "font-semibold text-red-700" : undefined}>{n(idx.failed_jobs.length)}</span>
          </Row>
          <Row label={t.memory.lastSync}>{idx.last_sync_at ? <LocalTime iso={idx.last_sync_at} withDate /> : t.memory.never}</Row>
        </dl>
        {idx.failed_jobs.length > 0 && (
          <ul aria-label={t.memory.failed} className="mt-2 space-y-2">
            {idx.failed_jobs.map((f) => (
              <li key={f.source} className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-900">
                <p className="font-mono break-all text-red-800">{f.source}</p>
                <p className="mt-1 break-words">{f.error}</p>
                <p className="mt-1 text-red-700">
                  {t.memory.attempts(f.attempts)} ·{" "}
                  {f.next_try_at ? (
                    <>
                      {t.memory.nextTry} <LocalTime iso={f.next_try_at} />
                    </>
                  ) : (
                    t.memory.gaveUp
                  )}
                </p>
              </li>
            ))}
          </ul>
        )}
        {idx.last_error && (
          <p className="mt-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-xs break-words text-red-900">
            <span className="font-semibold">{t.memory.lastError}:</span> {idx.last_error}
          </p>
        )}
      </section>

      <section aria-labelledby="server-title">
        <h3 id="server-title" className="text-xs font-semibold tracking-wide text-stone-500 uppercase">
          {t.memory.serverTitle}
        </h3>
        <dl className="mt-1 divide-y divide-stone-100">
          <Row label={t.memory.eventLoop} testId="event-loop-delay">
            <span className={status.server.event_loop_delay_ms.p99 >= 200 ? "font-semibold text-red-700" : undefined}>
              {t.memory.eventLoopValue(formatNumber(status.server.event_loop_delay_ms.p50, lang), formatNumber(status.server.event_loop_delay_ms.p99, lang))}
            </span>
          </Row>
        </dl>
        <p className="mt-1 text-xs text-stone-500">{t.memory.eventLoopHint}</p>
      </section>

      <div className="space-y-2 border-t border-stone-100 pt-4">
        <button type="button" className="btn-secondary w-full" onClick={() => void rebuild()} disabled={rebuilding || idx.building}>
          {rebuilding ? t.memory.rebuilding : t.memory.rebuild}
        </button>
        <p className="text-xs text-stone-500">{t.memory.rebuildHint}</p>
        {rebuilt && (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-xs text-emerald-900">
            {rebuilt}
          </p>
        )}
        {error && (
          <p role="alert" className="field-error">
            {error}
          </p>
        )}
      </div>
    </aside>
  );
}
