"use client";

import Link from "next/link";
import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { useT } from "../_i18n/client";
import { callApi } from "../_components/api";
import { EPISODIC_KINDS, SOURCE_KINDS, type MemorySearchJson, type SnippetJson, type SourceKindJson } from "../_components/apiTypes";
import { LocalTime } from "../_components/LocalTime";
import { SnippetCard } from "./SnippetCard";

export type ScopeTree = {
  id: string;
  name: string;
  products: { id: string; name: string; threads: { id: string; title: string }[] }[];
}[];

type Mode = "auto" | "hybrid" | "vector" | "fulltext";

export interface InspectorState {
  brandId: string;
  productId: string;
  threadId: string;
  query: string;
  topK: number;
  kinds: SourceKindJson[];
  mode: Mode;
}

/** An attempt's recorded retrieval and the scope its stage searched. */
export interface SawContext {
  runId: string;
  stageId: string;
  attempt: number;
  stageTitle: string;
  stack: string;
  startedAt: string | null;
  brandId: string;
  productId: string;
  retrieval: { query: string; snippets: SnippetJson[]; error?: string } | null;
}

const CANONICAL: SourceKindJson[] = ["soul", "essence", "canonical_fields"];
const MODES: Mode[] = ["auto", "hybrid", "vector", "fulltext"];

/**
 * The retrieval inspector: the same search the stages run before generating (POST /api/v1/memory/search),
 * with its scope, kinds, top-k and mode in the reader's hands. With `saw`, it sets the search up exactly
 * as an attempt's stage did and shows what that attempt recorded next to what the search returns now.
 */
export function MemoryInspector({ tree, initial, defaultTopK, saw }: { tree: ScopeTree; initial: InspectorState; defaultTopK: number; saw: SawContext | null }) {
  const t = useT();
  const [s, setS] = useState<InspectorState>(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<MemorySearchJson | null>(null);

  const brand = tree.find((b) => b.id === s.brandId);
  const product = brand?.products.find((p) => p.id === s.productId);
  const set = <K extends keyof InspectorState>(key: K, value: InspectorState[K]) => setS((prev) => ({ ...prev, [key]: value }));

  const search = useCallback(
    async (q: InspectorState) => {
      if (!q.query.trim() || !q.brandId) return;
      setBusy(true);
      setError(null);
      const res = await callApi<MemorySearchJson>("POST", "/api/v1/memory/search", {
        query: q.query,
        brand_id: q.brandId,
        ...(q.productId && { product_id: q.productId }),
        ...(q.threadId && { thread_id: q.threadId }),
        top_k: q.topK,
        source_kinds: q.kinds,
        mode: q.mode,
      });
      setBusy(false);
      if (res.ok) {
        setResult(res.data);
        return;
      }
      setResult(null);
      const details = res.error.details.map((d) => `${d.path}: ${d.issue}`).join("; ");
      setError(`${t.errors.api[res.error.code] ?? res.error.message}${details ? ` (${details})` : ""}`);
    },
    [t],
  );

  // A prefilled search (from a link, or "what the model saw") runs at once.
  const ranFirst = useRef(false);
  useEffect(() => {
    if (ranFirst.current) return;
    ranFirst.current = true;
    if (initial.query.trim() && initial.brandId) void search(initial);
  }, [initial, search]);

  function submit(e: FormEvent) {
    e.preventDefault();
    void search(s);
    if (!saw) {
      // The URL names the search, so it can be shared or reloaded.
      const p = new URLSearchParams();
      if (s.brandId) p.set("brand", s.brandId);
      if (s.productId) p.set("product", s.productId);
      if (s.threadId) p.set("thread", s.threadId);
      if (s.query.trim()) p.set("q", s.query);
      window.history.replaceState(null, "", `/memory?${p.toString()}`);
    }
  }

  function toggleKind(kind: SourceKindJson, on: boolean) {
    setS((prev) => ({ ...prev, kinds: on ? SOURCE_KINDS.filter((k) => k === kind || prev.kinds.includes(k)) : prev.kinds.filter((k) => k !== kind) }));
  }

  const isDefaultKinds = s.kinds.length === EPISODIC_KINDS.length && EPISODIC_KINDS.every((k) => s.kinds.includes(k));

  const form = (
    <form onSubmit={submit} className="card card-body space-y-5" aria-labelledby="search-title">
      <h2 id="search-title" className="section-title">
        {saw ? t.memory.sawSearchTitle : t.memory.searchTitle}
      </h2>
      {tree.length === 0 ? (
        <p className="muted">{t.memory.noBrands}</p>
      ) : (
        <>
          <div>
            <label htmlFor="memory-query" className="field-label">
              {t.memory.query}
            </label>
            <textarea
              id="memory-query"
              value={s.query}
              onChange={(e) => set("query", e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter" && !e.shiftKey) {
                  e.preventDefault();
                  e.currentTarget.form?.requestSubmit();
                }
              }}
              rows={saw ? 4 : 2}
              aria-describedby="memory-query-hint"
              className="input resize-y"
              placeholder={t.memory.queryPlaceholder}
            />
            <p id="memory-query-hint" className="field-hint">
              {t.memory.queryHint}
            </p>
          </div>

          <div className="grid gap-4 sm:grid-cols-3">
            <div>
              <label htmlFor="memory-brand" className="field-label">
                {t.memory.brand}
              </label>
              <select
                id="memory-brand"
                className="input"
                value={s.brandId}
                onChange={(e) => setS((prev) => ({ ...prev, brandId: e.target.value, productId: "", threadId: "" }))}
              >
                {!brand && <option value="">{t.memory.pickBrand}</option>}
                {tree.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.name}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="memory-product" className="field-label">
                {t.memory.product}
              </label>
              <select
                id="memory-product"
                className="input"
                value={s.productId}
                disabled={!brand}
                onChange={(e) => setS((prev) => ({ ...prev, productId: e.target.value, threadId: "" }))}
              >
                <option value="">{t.memory.anyProduct}</option>
                {brand?.products.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="memory-thread" className="field-label">
                {t.memory.thread}
              </label>
              <select
                id="memory-thread"
                className="input"
                value={s.threadId}
                disabled={!product}
                aria-describedby={!product ? "memory-thread-hint" : undefined}
                onChange={(e) => set("threadId", e.target.value)}
              >
                <option value="">{t.memory.anyThread}</option>
                {product?.threads.map((th) => (
                  <option key={th.id} value={th.id}>
                    {th.title}
                  </option>
                ))}
              </select>
              {!product && (
                <p id="memory-thread-hint" className="field-hint">
                  {t.memory.threadNeedsProduct}
                </p>
              )}
            </div>
          </div>

          <fieldset>
            <legend className="field-label">{t.memory.kinds}</legend>
            <p className="field-hint">{t.memory.kindsHint}</p>
            <div className="mt-2 grid gap-3 sm:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
              {[
                { label: t.memory.episodicGroup, kinds: EPISODIC_KINDS },
                { label: t.memory.canonicalGroup, kinds: CANONICAL },
              ].map((group) => (
                <div key={group.label} className="rounded-lg border border-stone-200 px-3 py-2">
                  <p className="text-[11px] font-semibold tracking-wide text-stone-500 uppercase">{group.label}</p>
                  <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                    {group.kinds.map((k) => (
                      <label key={k} className="flex items-center gap-1.5 text-sm text-stone-800">
                        <input
                          type="checkbox"
                          className="size-4 accent-[var(--color-accent-700)]"
                          checked={s.kinds.includes(k)}
                          onChange={(e) => toggleKind(k, e.target.checked)}
                        />
                        {t.memory.kindLabel[k]}
                      </label>
                    ))}
                  </div>
                </div>
              ))}
            </div>
            {!isDefaultKinds && (
              <button type="button" className="link mt-1 text-xs" onClick={() => set("kinds", EPISODIC_KINDS)}>
                {t.memory.resetKinds}
              </button>
            )}
          </fieldset>

          <div className="flex flex-wrap items-end gap-4">
            <div className="w-32">
              <label htmlFor="memory-topk" className="field-label">
                {t.memory.topK}
              </label>
              <input
                id="memory-topk"
                type="number"
                min={1}
                max={100}
                className="input"
                value={s.topK}
                onChange={(e) => set("topK", Math.max(1, Math.min(100, Number(e.target.value) || defaultTopK)))}
              />
            </div>
            <div className="w-72 max-w-full">
              <label htmlFor="memory-mode" className="field-label">
                {t.memory.mode}
              </label>
              <select id="memory-mode" className="input" value={s.mode} onChange={(e) => set("mode", e.target.value as Mode)}>
                {MODES.map((m) => (
                  <option key={m} value={m}>
                    {t.memory.modes[m]}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="btn-primary sm:ml-auto" disabled={busy || !s.query.trim() || !s.brandId || s.kinds.length === 0}>
              {busy ? t.memory.searching : t.memory.search}
            </button>
          </div>
          {error && (
            <p role="alert" className="field-error">
              {error}
            </p>
          )}
        </>
      )}
    </form>
  );

  if (saw) return <SawView saw={saw} form={form} result={result} busy={busy} />;

  return (
    <div className="min-w-0 space-y-6">
      {form}
      <section aria-labelledby="results-title" className="card card-body" aria-busy={busy}>
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="results-title" className="section-title">
            {t.memory.results}
          </h2>
          {result && <p className="text-xs text-stone-500">{t.memory.resultsMeta(result.items.length, t.memory.usedMode[result.mode] ?? result.mode)}</p>}
        </div>
        {!result ? (
          <p className="muted mt-2">{busy ? t.memory.searching : t.memory.notSearched}</p>
        ) : result.items.length === 0 ? (
          <p className="muted mt-2">{t.memory.noResults}</p>
        ) : (
          <ol aria-label={t.memory.results} data-testid="memory-results" className="mt-3 space-y-3">
            {result.items.map((item, i) => (
              <SnippetCard key={item.id} snippet={item} rank={i + 1} />
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

/** The recorded snippets of an attempt beside the same search now, with a one-line verdict on whether they match. */
function SawView({ saw, form, result, busy }: { saw: SawContext; form: ReactNode; result: MemorySearchJson | null; busy: boolean }) {
  const t = useT();
  const recorded = saw.retrieval?.snippets ?? [];
  const recordedIds = recorded.map((x) => x.id);
  const liveIds = result?.items.map((x) => x.id) ?? [];
  const gone = recordedIds.filter((id) => !liveIds.includes(id)).length;
  const kept = recordedIds.length - gone;
  const added = liveIds.filter((id) => !recordedIds.includes(id)).length;
  const same = result && gone === 0 && added === 0;
  const sameOrder = same && recordedIds.every((id, i) => liveIds[i] === id);

  return (
    <div className="min-w-0 space-y-6">
      <section aria-labelledby="saw-title" className="card card-body border-accent-200 bg-accent-50/40">
        <p className="text-xs font-semibold tracking-wide text-accent-700 uppercase">{t.memory.sawKind}</p>
        <h2 id="saw-title" className="mt-1 text-lg font-semibold break-words">
          {t.memory.sawTitle(saw.stageTitle, saw.attempt)}
        </h2>
        <p className="muted mt-1">
          {t.memory.sawIntro}
          {saw.startedAt && (
            <>
              {" "}
              {t.memory.sawWhen} <LocalTime iso={saw.startedAt} withDate />.
            </>
          )}
        </p>
        <p className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <Link href={`/runs/${saw.runId}/stages/${saw.stageId}/attempts/${saw.attempt}`} className="link font-medium">
            ← {t.memory.sawAudit}
          </Link>
          <Link href={`/runs/${saw.runId}?stage=${encodeURIComponent(saw.stageId)}`} className="link font-medium">
            {t.memory.sawRun(saw.stack)}
          </Link>
        </p>
      </section>

      {form}

      <section aria-labelledby="compare-title" className="card card-body space-y-4" aria-busy={busy}>
        <h2 id="compare-title" className="section-title">
          {t.memory.compareTitle}
        </h2>
        {result && (
          <div
            role="status"
            data-testid="saw-verdict"
            data-match={sameOrder ? "same" : same ? "reordered" : "differs"}
            className={`rounded-lg border px-3 py-2 text-sm ${sameOrder ? "border-emerald-200 bg-emerald-50 text-emerald-900" : "border-amber-200 bg-amber-50 text-amber-900"}`}
          >
            <p className="font-medium">
              {sameOrder ? t.memory.matchSame(recorded.length) : same ? t.memory.matchReordered : t.memory.matchDiffers(kept, recordedIds.length, added)}
            </p>
            {!sameOrder && <p className="mt-1 text-xs">{t.memory.matchWhy}</p>}
          </div>
        )}
        <div className="grid items-start gap-4 lg:grid-cols-2">
          <div className="min-w-0">
            <h3 className="text-sm font-semibold">{t.memory.recorded}</h3>
            <p className="text-xs text-stone-500">{t.memory.recordedHint}</p>
            {saw.retrieval?.error && (
              <p role="alert" className="mt-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-900">
                {t.memory.retrievalError} <span className="font-mono">{saw.retrieval.error}</span>
              </p>
            )}
            {!saw.retrieval ? (
              <p className="muted mt-2">{t.memory.noRetrieval}</p>
            ) : recorded.length === 0 ? (
              <p className="muted mt-2">{t.memory.noRecorded}</p>
            ) : (
              <ol aria-label={t.memory.recorded} data-testid="memory-recorded" className="mt-2 space-y-3">
                {recorded.map((item, i) => (
                  <SnippetCard
                    key={item.id}
                    snippet={item}
                    rank={i + 1}
                    marker={result && !liveIds.includes(item.id) ? <Marker tone="amber">{t.memory.notAnymore}</Marker> : undefined}
                  />
                ))}
              </ol>
            )}
          </div>
          <div className="min-w-0">
            <h3 className="text-sm font-semibold">{t.memory.live}</h3>
            <p className="text-xs text-stone-500">{result ? t.memory.resultsMeta(result.items.length, t.memory.usedMode[result.mode] ?? result.mode) : t.memory.liveHint}</p>
            {!result ? (
              <p className="muted mt-2">{busy ? t.memory.searching : t.memory.notSearched}</p>
            ) : result.items.length === 0 ? (
              <p className="muted mt-2">{t.memory.noResults}</p>
            ) : (
              <ol aria-label={t.memory.live} data-testid="memory-live" className="mt-2 space-y-3">
                {result.items.map((item, i) => (
                  <SnippetCard
                    key={item.id}
                    snippet={item}
                    rank={i + 1}
                    marker={
                      recordedIds.includes(item.id) ? (
                        <Marker tone="green">{t.memory.inRecord}</Marker>
                      ) : (
                        <Marker tone="amber">{t.memory.newSince}</Marker>
                      )
                    }
                  />
                ))}
              </ol>
            )}
          </div>
        </div>
      </section>
    </div>
  );
}

function Marker({ tone, children }: { tone: "green" | "amber"; children: ReactNode }) {
  return (
    <span className={`rounded-full px-2 py-0.5 text-[11px] font-medium ${tone === "green" ? "bg-emerald-100 text-emerald-800" : "bg-amber-100 text-amber-900"}`}>
      {children}
    </span>
  );
}
