"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import type { z } from "zod";
import type * as api from "@/lib/http/apiSchemas";
import { useT } from "../_i18n/client";
import { actionKeys, uploadFile, type ApiErrorDetail } from "../_components/api";

type ImportReport = z.infer<typeof api.importReportJson>;
type Phase = { kind: "idle" } | { kind: "uploading"; pct: number } | { kind: "applying" };
type Outcome = { kind: "done"; report: ImportReport } | { kind: "conflicts"; details: ApiErrorDetail[]; message: string } | { kind: "failed"; message: string } | null;

const SHOWN = 20;

/**
 * Backup through the API the CLI uses too: the export is a download (GET /workspace/export, whole or
 * `?brand_id=`), the import an upload with its progress, then the server's report — what came in,
 * what was kept, or why nothing did.
 */
export function BackupPanel({ brands }: { brands: { id: string; name: string }[] }) {
  const t = useT();
  const router = useRouter();
  const [brandId, setBrandId] = useState(brands[0]?.id ?? "");
  const [file, setFile] = useState<File | null>(null);
  const [merge, setMerge] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [outcome, setOutcome] = useState<Outcome>(null);
  const busy = phase.kind !== "idle";
  // One key per click on Import (importing the same file again on purpose is a new import, which may
  // rightly report conflicts); a second click while one is in flight is ignored.
  const importing = useRef(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file || busy || importing.current) return;
    importing.current = true;
    setOutcome(null);
    setPhase({ kind: "uploading", pct: 0 });
    const res = await uploadFile<ImportReport>(`/api/v1/workspace/import${merge ? "?merge=true" : ""}`, file, "application/gzip", (f) =>
      setPhase(f >= 1 ? { kind: "applying" } : { kind: "uploading", pct: Math.round(f * 100) }),
      actionKeys(),
    );
    importing.current = false;
    setPhase({ kind: "idle" });
    if (res.ok) {
      setOutcome({ kind: "done", report: res.data });
      router.refresh();
    } else if (res.error.status === 409) setOutcome({ kind: "conflicts", details: res.error.details, message: res.error.message });
    else setOutcome({ kind: "failed", message: t.errors.api[res.error.code] ?? res.error.message });
  }

  return (
    <section aria-labelledby="backup-title" className="card card-body space-y-5" data-testid="backup">
      <div>
        <h2 id="backup-title" className="section-title">
          {t.settings.backupTitle}
        </h2>
        <p className="muted mt-1">{t.settings.backupIntro}</p>
      </div>

      <div className="flex flex-wrap items-end gap-3">
        <a href="/api/v1/workspace/export" download className="btn-primary">
          {t.settings.exportAll}
        </a>
        {brands.length === 0 ? (
          <p className="muted">{t.settings.noBrands}</p>
        ) : (
          <div className="flex min-w-0 flex-wrap items-end gap-2">
            <div className="min-w-0">
              <label htmlFor="export-brand" className="field-label">
                {t.settings.exportBrandLabel}
              </label>
              <select id="export-brand" className="input max-w-full" value={brandId} onChange={(e) => setBrandId(e.target.value)}>
                {brands.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.name}
                  </option>
                ))}
              </select>
            </div>
            <a href={`/api/v1/workspace/export?brand_id=${encodeURIComponent(brandId)}`} download className="btn-secondary">
              {t.settings.exportBrandSubmit}
            </a>
          </div>
        )}
      </div>

      <form onSubmit={submit} className="space-y-3 border-t border-stone-100 pt-4">
        <h3 className="text-sm font-semibold">{t.settings.importTitle}</h3>
        <div>
          <p id="import-file-label" className="field-label">
            {t.settings.importFile}
          </p>
          {/* The browser's own file button speaks the browser's language: ours speaks the interface's. */}
          <div className="mt-1 flex min-w-0 flex-wrap items-center gap-3">
            <input
              id="import-file"
              type="file"
              accept=".tar.gz,.tgz,application/gzip"
              aria-labelledby="import-file-label"
              className="peer sr-only"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setOutcome(null);
              }}
            />
            <label htmlFor="import-file" className="btn-secondary cursor-pointer peer-focus-visible:ring-2 peer-focus-visible:ring-accent-500">
              {t.settings.chooseFile}
            </label>
            <span className="min-w-0 truncate text-sm text-stone-600" data-testid="import-file-name">
              {file ? file.name : t.settings.noFile}
            </span>
          </div>
        </div>
        <div className="flex items-start gap-2">
          <input id="import-merge" type="checkbox" className="mt-1" checked={merge} onChange={(e) => setMerge(e.target.checked)} aria-describedby="import-merge-hint" />
          <div>
            <label htmlFor="import-merge" className="text-sm font-medium">
              {t.settings.importMerge}
            </label>
            <p id="import-merge-hint" className="field-hint">
              {t.settings.importMergeHint}
            </p>
          </div>
        </div>
        <button type="submit" className="btn-primary" disabled={!file || busy}>
          {t.settings.importSubmit}
        </button>
        {busy && (
          <div role="status" className="space-y-1">
            <div
              role="progressbar"
              aria-label={t.settings.importTitle}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={phase.kind === "uploading" ? phase.pct : undefined}
              className="h-2 overflow-hidden rounded-full bg-stone-100"
            >
              <div className={`h-full bg-accent-600 transition-all ${phase.kind === "applying" ? "w-full animate-pulse" : ""}`} style={phase.kind === "uploading" ? { width: `${phase.pct}%` } : undefined} />
            </div>
            <p className="text-xs text-stone-600">{phase.kind === "uploading" ? t.settings.uploading(phase.pct) : t.settings.applying}</p>
          </div>
        )}
        <ImportOutcome outcome={outcome} />
      </form>
    </section>
  );
}

function ImportOutcome({ outcome }: { outcome: Outcome }) {
  const t = useT();
  if (!outcome) return null;
  if (outcome.kind === "failed") {
    return (
      <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
        {t.settings.importFailed} {outcome.message}
      </p>
    );
  }
  const items =
    outcome.kind === "done"
      ? outcome.report.conflicts.map((c) => c.path ?? `${c.table}/${c.id}`)
      : outcome.details.map((d) => d.path);
  const list = items.length > 0 && (
    <ul className="mt-2 max-h-48 list-disc overflow-auto pl-5 font-mono text-xs break-all">
      {items.slice(0, SHOWN).map((x) => (
        <li key={x}>{x}</li>
      ))}
      {items.length > SHOWN && <li>{t.settings.andMore(items.length - SHOWN)}</li>}
    </ul>
  );
  if (outcome.kind === "conflicts") {
    // The server lists at most 50 of them.
    const n = items.length >= 50 ? `${items.length}+` : String(items.length);
    return (
      <div role="alert" data-testid="import-conflicts" className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
        <p>{t.settings.importConflicts(n)}</p>
        {list}
      </div>
    );
  }
  const r = outcome.report;
  const rows = Object.values(r.imported).reduce((a, b) => a + b, 0);
  return (
    <div role="status" data-testid="import-done" className="rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-950">
      <p>{t.settings.importDone(rows, r.files)}</p>
      {r.memory && <p>{t.settings.importMemory(r.memory.chunks)}</p>}
      {items.length > 0 && (
        <>
          <p className="mt-1">{t.settings.importKept(items.length)}</p>
          {list}
        </>
      )}
    </div>
  );
}
