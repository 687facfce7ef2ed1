"use client";

import type { FormEvent } from "react";
import { useT } from "../_i18n/client";
import { EPISODIC_KINDS, SOURCE_KINDS, type SourceKindJson } from "../_components/apiTypes";
import { vectorsOffReason, type EmbedderStateJson } from "../_components/memoryHealth";
import type { InspectorState, ScopeTree, SearchMode } from "./inspectorTypes";

const CANONICAL: SourceKindJson[] = ["soul", "essence", "canonical_fields"];
const MODES: SearchMode[] = ["auto", "hybrid", "vector", "fulltext"];

/** The search as the stages run it, in the reader's hands: query, scope, kinds, top-k, mode. */
export function SearchForm(props: {
  tree: ScopeTree;
  state: InspectorState;
  setState: (update: (prev: InspectorState) => InspectorState) => void;
  onSubmit: (e: FormEvent) => void;
  busy: boolean;
  error: string | null;
  defaultTopK: number;
  /** Set up from an attempt ("what the model saw"). */
  fromAttempt: boolean;
  embedder: EmbedderStateJson;
}) {
  const { tree, state: s, setState: setS, onSubmit: submit, busy, error, defaultTopK } = props;
  const saw = props.fromAttempt;
  const t = useT();
  const vectorsOff = vectorsOffReason(t, props.embedder);
  const needsVectors = (m: SearchMode) => m === "hybrid" || m === "vector";
  const brand = tree.find((b) => b.id === s.brandId);
  const product = brand?.products.find((p) => p.id === s.productId);
  const set = <K extends keyof InspectorState>(key: K, value: InspectorState[K]) => setS((prev) => ({ ...prev, [key]: value }));
  const toggleKind = (kind: SourceKindJson, on: boolean) =>
    setS((prev) => ({ ...prev, kinds: on ? SOURCE_KINDS.filter((k) => k === kind || prev.kinds.includes(k)) : prev.kinds.filter((k) => k !== kind) }));
  const isDefaultKinds = s.kinds.length === EPISODIC_KINDS.length && EPISODIC_KINDS.every((k) => s.kinds.includes(k));

  return (
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

          <div className="grid grid-cols-[minmax(0,1fr)] gap-4 sm:grid-cols-3">
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
              <select
                id="memory-mode"
                className="input"
                value={vectorsOff && needsVectors(s.mode) ? "auto" : s.mode}
                onChange={(e) => set("mode", e.target.value as SearchMode)}
                aria-describedby={vectorsOff ? "memory-mode-off" : undefined}
              >
                {MODES.map((m) => (
                  <option key={m} value={m} disabled={!!vectorsOff && needsVectors(m)}>
                    {vectorsOff && needsVectors(m) ? t.memory.modeOff(t.memory.modes[m]) : t.memory.modes[m]}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="btn-primary sm:ml-auto" disabled={busy || !s.query.trim() || !s.brandId || s.kinds.length === 0}>
              {busy ? t.memory.searching : t.memory.search}
            </button>
          </div>
          {vectorsOff && (
            <p id="memory-mode-off" data-testid="vectors-off" className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-xs text-amber-950">
              {vectorsOff}
            </p>
          )}
          {error && (
            <p role="alert" className="field-error">
              {error}
            </p>
          )}
        </>
      )}
    </form>
  
  );
}
