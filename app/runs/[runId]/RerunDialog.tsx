"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useLang, useT } from "../../_i18n/client";
import { actionKeys, callApi, getJson } from "../../_components/api";
import type { RerunPlanJson, RunJson } from "../../_components/apiTypes";
import { formatNumber } from "../../_components/numbers";

/**
 * "Re-run from here" (or, at a gate, "try another direction from here"): before anything starts, what
 * will be reused at no cost, what will run and what it is expected to cost; then a new run of the campaign.
 */
export function RerunDialog({ runId, stageId, stageTitle, request, atGate }: { runId: string; stageId: string; stageTitle: string; request: string; atGate: boolean }) {
  const t = useT();
  const lang = useLang();
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [stackVersion, setStackVersion] = useState<"same" | "current">("same");
  const [plan, setPlan] = useState<RerunPlanJson | null>(null);
  const [text, setText] = useState(request);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const keys = useRef(actionKeys()).current;

  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    setPlan(null);
    setError(null);
    void getJson<RerunPlanJson>(`/api/v1/runs/${runId}/rerun?from_stage_id=${encodeURIComponent(stageId)}&stack_version=${stackVersion}`).then((res) => {
      if (cancelled) return;
      if (res.ok) setPlan(res.data);
      else setError(t.errors.api[res.error.code] ?? res.error.message);
    });
    return () => {
      cancelled = true;
    };
  }, [open, runId, stageId, stackVersion, t]);

  async function start() {
    setBusy(true);
    setError(null);
    const body = { from_stage_id: stageId, stack_version: stackVersion, ...(text.trim() !== request.trim() && text.trim() && { request: text.trim() }) };
    const res = await callApi<RunJson>("POST", `/api/v1/runs/${runId}/rerun`, body, { keys });
    if (res.ok) {
      router.push(`/runs/${res.data.id}`);
      return;
    }
    setBusy(false);
    setError(t.errors.api[res.error.code] ?? res.error.message);
  }

  const n = (x: number) => formatNumber(x, lang);
  return (
    <>
      <button
        type="button"
        className="btn-secondary btn-sm"
        data-testid="rerun-button"
        onClick={() => {
          setOpen(true);
          dialog.current?.showModal();
        }}
      >
        {atGate ? t.durable.fork : t.durable.rerun}
      </button>
      <dialog
        ref={dialog}
        onClose={() => setOpen(false)}
        aria-labelledby="rerun-title"
        className="m-auto w-[min(40rem,calc(100vw-1.5rem))] max-w-none rounded-xl border border-stone-200 p-0 shadow-xl backdrop:bg-stone-900/40"
      >
        {open && (
          <div className="max-h-[90vh] space-y-4 overflow-auto p-4 sm:p-6" data-testid="rerun-dialog">
            <div className="flex items-start justify-between gap-3">
              <h2 id="rerun-title" className="section-title">
                {t.durable.rerunTitle(stageTitle)}
              </h2>
              <button type="button" className="btn-secondary btn-sm" onClick={() => dialog.current?.close()}>
                {t.common.close}
              </button>
            </div>
            <p className="text-sm text-stone-700">{t.durable.rerunIntro}</p>
            {!plan && !error && <p className="muted">{t.durable.loadingPlan}</p>}
            {plan && (
              <>
                {plan.changed_stages.length > 0 && (
                  <fieldset className="space-y-1 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
                    <legend>{t.durable.stackChanged(plan.changed_stages.join(", "))}</legend>
                    {(["same", "current"] as const).map((v) => (
                      <label key={v} className="flex items-center gap-2">
                        <input type="radio" name="stack-version" checked={stackVersion === v} onChange={() => setStackVersion(v)} />
                        {v === "same" ? t.durable.stackSame : t.durable.stackCurrent}
                      </label>
                    ))}
                  </fieldset>
                )}
                <div className="grid gap-3 sm:grid-cols-2">
                  <div>
                    <h3 className="text-sm font-semibold">{t.durable.reusedTitle}</h3>
                    {plan.reused.length === 0 ? (
                      <p className="muted mt-1 text-sm">{t.durable.nothingReused}</p>
                    ) : (
                      <ul className="mt-1 space-y-1 text-sm" data-testid="rerun-reused">
                        {plan.reused.map((r) => (
                          <li key={r.stage_id} className="flex items-baseline gap-2">
                            <span aria-hidden className="text-emerald-600">✓</span>
                            <span className="min-w-0 break-words">{r.title}</span>
                            {r.as === "skipped" && <span className="text-xs text-stone-500">({t.durable.reusedSkipped})</span>}
                          </li>
                        ))}
                      </ul>
                    )}
                  </div>
                  <div>
                    <h3 className="text-sm font-semibold">{t.durable.toRunTitle}</h3>
                    <ul className="mt-1 space-y-1 text-sm" data-testid="rerun-to-run">
                      {plan.to_run.map((s) => (
                        <li key={s.stage_id} className="flex flex-wrap items-baseline justify-between gap-x-2">
                          <span className="min-w-0 break-words">
                            {s.title}
                            {s.variants > 1 && <span className="text-xs text-stone-500"> · {t.durable.variantsCount(s.variants)}</span>}
                          </span>
                          <span className="text-xs text-stone-500 tabular-nums">
                            {s.estimated_tokens === null ? t.durable.estimateUnknown : t.durable.estimate(n(s.estimated_tokens))}
                          </span>
                        </li>
                      ))}
                    </ul>
                  </div>
                </div>
                <p className="rounded-lg bg-stone-50 px-3 py-2 text-sm font-medium text-stone-800" data-testid="rerun-estimate">
                  {plan.estimated_tokens === null ? t.durable.estimateNone : t.durable.estimateTotal(n(plan.estimated_tokens))}
                </p>
                <div>
                  <label htmlFor="rerun-request" className="field-label">
                    {t.durable.newRequest}
                  </label>
                  <textarea id="rerun-request" rows={3} value={text} onChange={(e) => setText(e.target.value)} className="input resize-y" />
                </div>
                <div className="flex flex-wrap gap-2">
                  <button type="button" className="btn-primary" disabled={busy} onClick={() => void start()}>
                    {busy ? t.durable.starting : t.durable.confirm}
                  </button>
                  <button type="button" className="btn-secondary" disabled={busy} onClick={() => dialog.current?.close()}>
                    {t.common.cancel}
                  </button>
                </div>
              </>
            )}
            {error && (
              <p role="alert" className="field-error">
                {error}
              </p>
            )}
          </div>
        )}
      </dialog>
    </>
  );
}
