"use client";

import { CANONICAL } from "@/lib/domain/canonical";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useT } from "../_i18n/client";
import { callApi } from "./api";
import { kindSpec, type CanonicalKind } from "./canonicalFields";
import { DiffView } from "./DiffView";
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

const text = (raw: string | string[] | undefined) => (Array.isArray(raw) ? raw.join("\n") : (raw ?? ""));

/**
 * The canonical history, newest first: a version opens in place to show its fields and markdown, and
 * can be restored (as a new version); any two versions can be compared field by field and line by line.
 */
export function VersionHistory({ kind, entityId, versions, current }: { kind: CanonicalKind; entityId: string; versions: VersionView[]; current: number }) {
  const t = useT();
  const router = useRouter();
  const [open, setOpen] = useState<string | null>(null);
  const [restoring, setRestoring] = useState<number | null>(null);
  const [restored, setRestored] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const spec = kindSpec(kind, t);

  async function restore(version: number) {
    if (!window.confirm(t.history.restoreConfirm(version))) return;
    setRestoring(version);
    setError(null);
    setRestored(null);
    const res = await callApi("POST", `/api/v1/${CANONICAL[kind].collection}/${entityId}/versions/${version}/restore`);
    setRestoring(null);
    if (!res.ok) {
      setError(t.errors.api[res.error.code] ?? res.error.message);
      return;
    }
    setRestored(version);
    setOpen(null);
    router.refresh();
  }

  return (
    <section className="card card-body" aria-labelledby="history-title">
      <h2 id="history-title" className="section-title">
        {t.history.title}
      </h2>
      <p className="muted mt-1">{t.history.intro}</p>
      {restored !== null && (
        <p role="status" className="mt-3 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          {t.history.restored(restored)}
        </p>
      )}
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      {versions.length === 0 ? (
        <p className="muted mt-4">{t.history.empty}</p>
      ) : (
        <ol aria-label={t.history.title} className="mt-4 space-y-2">
          {versions.map((v) => {
            const isOpen = open === v.id;
            return (
              <li key={v.id} className="rounded-lg border border-stone-200" data-version={v.version} data-source={v.source}>
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
                      <span className={`badge ${v.source === "promotion" ? "bg-violet-50 text-violet-800" : v.source === "restore" ? "bg-sky-50 text-sky-800" : ""}`}>
                        {t.history.source[v.source] ?? v.source}
                      </span>
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
                    <div className="flex flex-wrap items-center justify-between gap-2">
                      <h3 className="text-sm font-semibold">{t.history.viewing(v.version)}</h3>
                      {v.version !== current && (
                        <button type="button" className="btn-secondary btn-sm" disabled={restoring !== null} onClick={() => void restore(v.version)}>
                          {restoring === v.version ? t.history.restoring : t.history.restore}
                        </button>
                      )}
                    </div>
                    <dl className="space-y-2 text-sm">
                      {spec.fields.map((f) => {
                        const raw = v.fields[f.name];
                        const shown = Array.isArray(raw) ? raw.join(" · ") : raw;
                        return (
                          <div key={f.name}>
                            <dt className="text-xs font-medium text-stone-500">{f.label}</dt>
                            <dd className="break-words whitespace-pre-line text-stone-800">{shown || t.common.empty}</dd>
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
      {versions.length > 1 && <CompareVersions kind={kind} versions={versions} />}
    </section>
  );
}

/**
 * "Compare versions" opens a wide dialog (the history sits in a narrow column): two versions as
 * differences — changed fields (before → after), then the markdown line diff, scrolled to its first change.
 */
function CompareVersions({ kind, versions }: { kind: CanonicalKind; versions: VersionView[] }) {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  return (
    <div className="mt-5 border-t border-stone-100 pt-4">
      <button
        type="button"
        className="btn-secondary btn-sm"
        onClick={() => {
          setOpen(true);
          dialog.current?.showModal();
        }}
      >
        {t.history.compareTitle}
      </button>
      <dialog
        ref={dialog}
        onClose={() => setOpen(false)}
        aria-labelledby="compare-title"
        className="m-auto w-[min(64rem,calc(100vw-1.5rem))] max-w-none rounded-xl border border-stone-200 p-0 shadow-xl backdrop:bg-stone-900/40"
      >
        {open && (
          <div className="max-h-[90vh] overflow-auto p-4 sm:p-6">
            <div className="flex items-start justify-between gap-3">
              <h3 id="compare-title" className="section-title">
                {t.history.compareTitle}
              </h3>
              <button type="button" className="btn-secondary btn-sm" onClick={() => dialog.current?.close()}>
                {t.common.close}
              </button>
            </div>
            <VersionDiff kind={kind} versions={versions} />
          </div>
        )}
      </dialog>
    </div>
  );
}

/** The comparison itself: which two versions, then their differences. */
function VersionDiff({ kind, versions }: { kind: CanonicalKind; versions: VersionView[] }) {
  const t = useT();
  const spec = kindSpec(kind, t);
  // Newest first: by default (and until the reader picks), the version before the newest against the newest,
  // so a new version (a save, a promotion, a restore) shows up in the comparison at once.
  const [fromN, setFrom] = useState<number | null>(null);
  const [toN, setTo] = useState<number | null>(null);
  const from = versions.find((v) => v.version === fromN) ?? versions[1];
  const to = versions.find((v) => v.version === toN) ?? versions[0];
  const changed = spec.fields.filter((f) => text(from.fields[f.name]) !== text(to.fields[f.name]));
  const option = (v: VersionView) => t.history.versionOption(v.version, t.history.source[v.source] ?? v.source);

  return (
    <div className="mt-3" data-testid="version-compare">
      <div className="grid gap-2 sm:max-w-xl sm:grid-cols-2">
        <label className="text-xs text-stone-600">
          {t.history.compareFrom}
          <select className="input mt-1 px-2 text-xs" value={from.version} onChange={(e) => setFrom(Number(e.target.value))}>
            {versions.map((v) => (
              <option key={v.id} value={v.version}>
                {option(v)}
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs text-stone-600">
          {t.history.compareTo}
          <select className="input mt-1 px-2 text-xs" value={to.version} onChange={(e) => setTo(Number(e.target.value))}>
            {versions.map((v) => (
              <option key={v.id} value={v.version}>
                {option(v)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="mt-3 text-xs font-medium text-stone-500">{t.history.fieldsDiff}</p>
      {changed.length === 0 ? (
        <p className="muted mt-1 text-xs">{t.history.noFieldChanges}</p>
      ) : (
        <dl className="mt-1 space-y-2 text-sm" data-testid="version-fields-diff">
          {changed.map((f) => (
            <div key={f.name} className="rounded-md border border-stone-200 px-2 py-1.5">
              <dt className="text-xs font-medium text-stone-500">{f.label}</dt>
              <dd className="mt-0.5 space-y-0.5 break-words whitespace-pre-line">
                <del className="block bg-red-50 px-1 text-red-900 no-underline">
                  <span aria-hidden className="mr-1 text-red-500 select-none">−</span>
                  {text(from.fields[f.name]) || t.common.empty}
                </del>
                <ins className="block bg-emerald-50 px-1 text-emerald-900 no-underline">
                  <span aria-hidden className="mr-1 text-emerald-600 select-none">+</span>
                  {text(to.fields[f.name]) || t.common.empty}
                </ins>
              </dd>
            </div>
          ))}
        </dl>
      )}
      <p className="mt-3 text-xs font-medium text-stone-500">{spec.markdown.label}</p>
      <DiffView before={from.markdown} after={to.markdown} testId="version-diff" label={t.history.markdownDiffLabel(from.version, to.version)} />
    </div>
  );
}
