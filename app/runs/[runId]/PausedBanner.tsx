"use client";

import { useRef, useState, type FormEvent } from "react";
import { useLang, useT } from "../../_i18n/client";
import { actionKeys, callApi } from "../../_components/api";
import type { RunDetailsJson } from "../../_components/apiTypes";
import { formatDuration, formatNumber } from "../../_components/numbers";

type Budget = "tokens" | "seconds";

/**
 * A run its budget paused: which budget, what was used, what the next stage was expected to take, and a
 * raise (prefilled with enough for that stage and a margin) that continues the run from where it stopped.
 * If the other budget is short too, the answer says so and its field appears beside the first.
 */
export function PausedBanner({ run, onChanged }: { run: RunDetailsJson; onChanged: () => void }) {
  const t = useT();
  const lang = useLang();
  const pause = run.pause!;
  const short = Math.max(1, Math.ceil(pause.used + pause.next_estimate - pause.limit));
  // Enough for the stage it stopped at, plus a margin for the ones after it.
  const suggested = pause.budget === "tokens" ? Math.max(short, Math.ceil(pause.limit / 2)) : Math.max(short, 600);
  const [raises, setRaises] = useState<Partial<Record<Budget, string>>>({ [pause.budget]: String(suggested) });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const keys = useRef(actionKeys()).current;
  const stage = run.stages.find((s) => s.id === pause.stage_id)?.title ?? pause.stage_id;
  const fmt = (n: number) => (pause.budget === "tokens" ? formatNumber(Math.round(n), lang) : formatDuration(n * 1000, lang));
  const text = (pause.budget === "tokens" ? t.durable.pausedTokens : t.durable.pausedSeconds)(fmt(pause.used), fmt(pause.limit), fmt(pause.next_estimate), stage);
  const fields = (["tokens", "seconds"] as const).filter((b) => raises[b] !== undefined);
  const valid = fields.every((b) => /^\d+$/.test(raises[b]!) && Number(raises[b]) >= 1);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!valid) return;
    setBusy(true);
    setError(null);
    const body = Object.fromEntries(fields.map((b) => [`raise_${b}`, Number(raises[b])]));
    const res = await callApi("POST", `/api/v1/runs/${run.id}/resume`, body, { keys });
    setBusy(false);
    if (res.ok) return onChanged();
    // The other budget may be short too: the answer names it and by how much at least.
    const still = res.error.details.find((d) => d.code === "budget_still_exceeded");
    const other: Budget | null = still?.path === "raise_seconds" ? "seconds" : still?.path === "raise_tokens" ? "tokens" : null;
    if (other && raises[other] === undefined) setRaises((r) => ({ ...r, [other]: still!.issue.match(/\d+/)?.[0] ?? "" }));
    setError(still ? `${res.error.message}: ${still.issue}` : (t.errors.api[res.error.code] ?? res.error.message));
  }

  return (
    <section role="alert" aria-labelledby="paused-title" className="mb-6 space-y-3 rounded-xl border border-violet-300 bg-violet-50 px-4 py-3 text-violet-950" data-testid="paused-banner">
      <h2 id="paused-title" className="font-semibold">
        {t.durable.pausedTitle}
      </h2>
      <p className="text-sm">{text}</p>
      <form onSubmit={submit} className="space-y-2">
        {fields.map((b) => (
          <div key={b}>
            <label htmlFor={`raise-${b}`} className="field-label">
              {b === "tokens" ? t.durable.raiseTokens : t.durable.raiseSeconds}
            </label>
            <input
              id={`raise-${b}`}
              inputMode="numeric"
              value={raises[b]}
              onChange={(e) => setRaises((r) => ({ ...r, [b]: e.target.value.replace(/\D/g, "") }))}
              className="input mt-1 w-40 tabular-nums"
            />
          </div>
        ))}
        <button type="submit" className="btn-primary" disabled={busy || !valid}>
          {busy ? t.durable.resuming : t.durable.resume}
        </button>
      </form>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </section>
  );
}
