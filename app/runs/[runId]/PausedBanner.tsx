"use client";

import { useRef, useState, type FormEvent } from "react";
import { useLang, useT } from "../../_i18n/client";
import { actionKeys, callApi } from "../../_components/api";
import type { RunDetailsJson } from "../../_components/apiTypes";
import { formatDuration, formatNumber } from "../../_components/numbers";

/**
 * A run its budget paused: which budget, what was used, what the next stage was expected to take, and a
 * raise (prefilled with enough for that stage and a margin) that continues the run from where it stopped.
 */
export function PausedBanner({ run, onChanged }: { run: RunDetailsJson; onChanged: () => void }) {
  const t = useT();
  const lang = useLang();
  const pause = run.pause!;
  const tokens = pause.budget === "tokens";
  const short = Math.max(1, Math.ceil(pause.used + pause.next_estimate - pause.limit));
  // Enough for the stage it stopped at, plus a margin for the ones after it.
  const suggested = tokens ? Math.max(short, Math.ceil(pause.limit / 2)) : Math.max(short, 600);
  const [raise, setRaise] = useState(String(suggested));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const keys = useRef(actionKeys()).current;
  const stage = run.stages.find((s) => s.id === pause.stage_id)?.title ?? pause.stage_id;
  const fmt = (n: number) => (tokens ? formatNumber(Math.round(n), lang) : formatDuration(n * 1000, lang));
  const text = (tokens ? t.durable.pausedTokens : t.durable.pausedSeconds)(fmt(pause.used), fmt(pause.limit), fmt(pause.next_estimate), stage);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const n = Number(raise);
    if (!Number.isInteger(n) || n < 1) return;
    setBusy(true);
    setError(null);
    const res = await callApi("POST", `/api/v1/runs/${run.id}/resume`, tokens ? { raise_tokens: n } : { raise_seconds: n }, { keys });
    setBusy(false);
    if (res.ok) onChanged();
    else setError(res.error.details[0]?.issue ? `${res.error.message}: ${res.error.details[0].issue}` : (t.errors.api[res.error.code] ?? res.error.message));
  }

  return (
    <section role="alert" aria-labelledby="paused-title" className="mb-6 space-y-3 rounded-xl border border-violet-300 bg-violet-50 px-4 py-3 text-violet-950" data-testid="paused-banner">
      <h2 id="paused-title" className="font-semibold">
        {t.durable.pausedTitle}
      </h2>
      <p className="text-sm">{text}</p>
      <form onSubmit={submit}>
        <label htmlFor="raise" className="field-label">
          {tokens ? t.durable.raiseTokens : t.durable.raiseSeconds}
        </label>
        <div className="mt-1 flex flex-wrap items-center gap-2">
          <input id="raise" inputMode="numeric" value={raise} onChange={(e) => setRaise(e.target.value.replace(/\D/g, ""))} className="input w-40 tabular-nums" />
          <button type="submit" className="btn-primary" disabled={busy || !raise}>
            {busy ? t.durable.resuming : t.durable.resume}
          </button>
        </div>
      </form>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </section>
  );
}
