"use client";

import { useRef, useState } from "react";
import { useT } from "../../_i18n/client";
import { actionKeys, callApi } from "../../_components/api";

/**
 * Cancelling a run: after the stages in the page (and the tab order), so the keyboard reaches the
 * gate's decision before it.
 */
export function CancelRun({ runId, onChanged }: { runId: string; onChanged: () => void }) {
  const t = useT();
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const keys = useRef(actionKeys()).current;

  async function cancel() {
    if (!window.confirm(t.run.cancelConfirm)) return;
    setCancelling(true);
    setError(null);
    const res = await callApi("POST", `/api/v1/runs/${runId}/cancel`, undefined, { keys });
    setCancelling(false);
    if (!res.ok) setError(res.error.status === 409 ? t.run.conflict : (t.errors.api[res.error.code] ?? res.error.message));
    onChanged();
  }

  return (
    <section aria-labelledby="cancel-run-title" className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-red-200 bg-white px-4 py-3">
      <div className="min-w-0">
        <h2 id="cancel-run-title" className="text-sm font-semibold text-red-900">
          {t.run.cancelTitle}
        </h2>
        <p className="text-xs text-stone-600">{t.run.cancelIntro}</p>
      </div>
      <button type="button" className="btn-danger" onClick={cancel} disabled={cancelling}>
        {cancelling ? t.run.cancelling : t.run.cancel}
      </button>
      {error && (
        <p role="alert" className="field-error basis-full">
          {error}
        </p>
      )}
    </section>
  );
}
