"use client";

import { useState } from "react";
import { useLang, useT } from "../_i18n/client";
import { callApi } from "../_components/api";
import type { LlmErrorJson } from "../_components/apiTypes";
import { LlmErrorBox } from "../_components/LlmErrorBox";
import { formatDuration } from "../_components/numbers";

type Check = { ok: true; latency_ms: number; model: string; note: string | null } | { ok: false; error: LlmErrorJson };

/** One tiny call through POST /api/v1/provider/check: URL, key and model tested together. */
export function TestConnection() {
  const t = useT();
  const lang = useLang();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Check | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  async function test() {
    setBusy(true);
    setResult(null);
    setFailure(null);
    const res = await callApi<Check>("POST", "/api/v1/provider/check");
    setBusy(false);
    if (res.ok) setResult(res.data);
    else setFailure(t.errors.api[res.error.code] ?? res.error.message);
  }

  return (
    <div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" className="btn-primary" onClick={test} disabled={busy}>
          {busy ? t.settings.testing : t.settings.test}
        </button>
        <p className="text-xs text-stone-500">{t.settings.testIntro}</p>
      </div>
      <div aria-live="polite" className="mt-3 empty:hidden">
        {result?.ok && (
          <div role="status" data-testid="check-ok" className="rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
            <p className="font-medium">✓ {t.settings.testOk(formatDuration(result.latency_ms, lang), result.model)}</p>
            {result.note && <p className="mt-1 text-xs">{result.note}</p>}
          </div>
        )}
        {result && !result.ok && <LlmErrorBox error={result.error} />}
        {failure && (
          <p role="alert" className="field-error">
            {failure}
          </p>
        )}
      </div>
    </div>
  );
}
