"use client";

import { useState } from "react";
import { useT } from "../_i18n/client";
import { kindSpec, type CanonicalKind } from "./canonicalFields";
import { Markdown } from "./Markdown";

/** One canonical version as the page hands it over (date already formatted on the server). */
export interface VersionView {
  id: string;
  version: number;
  date: string;
  source: string;
  note: string;
  fields: Record<string, string | string[]>;
  markdown: string;
}

/** The canonical history, newest first; a version opens in place to show its fields and markdown. */
export function VersionHistory({ kind, versions, current }: { kind: CanonicalKind; versions: VersionView[]; current: number }) {
  const t = useT();
  const [open, setOpen] = useState<string | null>(null);
  const spec = kindSpec(kind, t);

  return (
    <section className="card card-body" aria-labelledby="history-title">
      <h2 id="history-title" className="section-title">
        {t.history.title}
      </h2>
      <p className="muted mt-1">{t.history.intro}</p>
      {versions.length === 0 ? (
        <p className="muted mt-4">{t.history.empty}</p>
      ) : (
        <ol aria-label={t.history.title} className="mt-4 space-y-2">
          {versions.map((v) => {
            const isOpen = open === v.id;
            return (
              <li key={v.id} className="rounded-lg border border-stone-200">
                <button
                  type="button"
                  aria-expanded={isOpen}
                  aria-controls={`version-${v.id}`}
                  aria-label={t.history.show(v.version)}
                  onClick={() => setOpen(isOpen ? null : v.id)}
                  className="flex w-full items-start gap-3 rounded-lg px-3 py-2 text-left hover:bg-stone-50"
                >
                  <span className="mt-0.5 font-mono text-sm font-semibold text-stone-900">v{v.version}</span>
                  <span className="min-w-0 flex-1">
                    <span className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-stone-500">
                      <span>{v.date}</span>
                      <span className="badge">{t.history.source[v.source] ?? v.source}</span>
                      {v.version === current && <span className="badge bg-accent-50 text-accent-700">{t.history.current}</span>}
                    </span>
                    {v.note && <span className="mt-1 block text-sm break-words text-stone-700">{v.note}</span>}
                  </span>
                  <span aria-hidden className="text-stone-400">
                    {isOpen ? "−" : "+"}
                  </span>
                </button>
                {isOpen && (
                  <div id={`version-${v.id}`} className="space-y-3 border-t border-stone-200 px-3 py-3">
                    <h3 className="text-sm font-semibold">{t.history.viewing(v.version)}</h3>
                    <dl className="space-y-2 text-sm">
                      {spec.fields.map((f) => {
                        const raw = v.fields[f.name];
                        const text = Array.isArray(raw) ? raw.join(" · ") : raw;
                        return (
                          <div key={f.name}>
                            <dt className="text-xs font-medium text-stone-500">{f.label}</dt>
                            <dd className="break-words whitespace-pre-line text-stone-800">{text || t.common.empty}</dd>
                          </div>
                        );
                      })}
                    </dl>
                    <div>
                      <p className="text-xs font-medium text-stone-500">{spec.markdown.label}</p>
                      <div className="mt-1 max-h-72 overflow-auto rounded-md border border-stone-200 bg-stone-50/60 p-3">
                        {v.markdown.trim() ? <Markdown source={v.markdown} /> : <p className="muted">{t.common.empty}</p>}
                      </div>
                    </div>
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
