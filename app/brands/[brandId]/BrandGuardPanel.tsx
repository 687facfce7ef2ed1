"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { z } from "zod";
import type * as api from "@/lib/http/apiSchemas";
import { useLang, useT } from "../../_i18n/client";
import { callApi } from "../../_components/api";

type Stats = z.infer<typeof api.guardStatsJson>;
const MUTABLE = ["taboo", "price", "claim", "section", "preamble", "length", "language", "voice", "constraint"];

/**
 * "Guarda da marca": how each rule fares with this brand's reviewer (fixed vs approved anyway), the
 * judge against the reviewer, and the rules or terms muted for the brand — a canonical change, so it
 * is versioned, restorable and exported like the rest of the canon.
 */
export function BrandGuardPanel({ brandId, stats }: { brandId: string; stats: Stats }) {
  const t = useT();
  const lang = useLang();
  const router = useRouter();
  const [rule, setRule] = useState("claim");
  const [term, setTerm] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pct = (x: number | null) => (x === null ? "—" : new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0 }).format(x));
  const label = (mute: string) => {
    const [r, ...rest] = mute.split(":");
    return rest.length ? `${t.guard.rules[r] ?? r}: “${rest.join(":")}”` : (t.guard.rules[r] ?? r);
  };

  async function save(mutes: string[], note: string) {
    setBusy(true);
    setError(null);
    const res = await callApi("PATCH", `/api/v1/brands/${brandId}`, { guard_mutes: mutes, note });
    setBusy(false);
    if (!res.ok) setError(t.errors.api[res.error.code] ?? res.error.message);
    else router.refresh();
  }

  function mute(e: FormEvent) {
    e.preventDefault();
    const entry = term.trim() ? `${rule}:${term.trim()}` : rule;
    if (stats.mutes.includes(entry)) return;
    setTerm("");
    void save([...stats.mutes, entry], t.guard.muteNote(label(entry)));
  }

  const j = stats.judge;
  const decided = j.flagged_changed + j.flagged_kept + j.clean_changed + j.clean_kept;
  return (
    <section aria-labelledby="guard-title" className="card card-body space-y-4" data-testid="brand-guard">
      <div>
        <h2 id="guard-title" className="section-title">
          {t.guard.title}
        </h2>
        <p className="muted mt-1">{t.guard.statsIntro}</p>
      </div>
      {stats.rules.length === 0 ? (
        <p className="muted">{t.guard.statsEmpty}</p>
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-stone-200">
          <table className="w-full text-left text-sm">
            <thead className="bg-stone-50 text-xs text-stone-500">
              <tr>
                <th className="px-3 py-2 font-medium">{t.guard.statsRule}</th>
                <th className="px-3 py-2 text-right font-medium">{t.guard.statsFindings}</th>
                <th className="px-3 py-2 text-right font-medium">{t.guard.statsFixed}</th>
                <th className="px-3 py-2 text-right font-medium">{t.guard.statsOverridden}</th>
                <th className="px-3 py-2 text-right font-medium">{t.guard.statsRate}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-100">
              {stats.rules.map((r) => (
                <tr key={r.rule} data-rule={r.rule}>
                  <td className="px-3 py-2">{t.guard.rules[r.rule] ?? r.rule}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{r.findings}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{r.fixed}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{r.overridden}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{pct(r.override_rate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <div>
        <h3 className="text-sm font-semibold">{t.guard.judgeTitle}</h3>
        {decided === 0 ? (
          <p className="muted mt-1">{t.guard.judgeNone}</p>
        ) : (
          <p className="mt-1 text-sm text-stone-700">
            {t.guard.judgeIntro(j.flagged_changed, j.flagged_kept, j.clean_changed, j.clean_kept)}{" "}
            <strong>{t.guard.judgeAgreement(pct(j.agreement), j.kappa === null ? "—" : new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(j.kappa))}</strong>
          </p>
        )}
      </div>

      <div className="space-y-2">
        <h3 className="text-sm font-semibold">{t.guard.mutesTitle}</h3>
        {stats.mutes.length === 0 ? (
          <p className="muted">{t.guard.noMutes}</p>
        ) : (
          <ul aria-label={t.guard.mutesTitle} className="flex flex-wrap gap-2">
            {stats.mutes.map((m) => (
              <li key={m} className="inline-flex items-center gap-1 rounded-full bg-stone-100 px-2 py-1 text-xs text-stone-800">
                {label(m)}
                <button
                  type="button"
                  className="rounded-full px-1 text-stone-500 hover:bg-stone-200 hover:text-stone-900"
                  aria-label={t.guard.unmute(label(m))}
                  disabled={busy}
                  onClick={() => void save(stats.mutes.filter((x) => x !== m), t.guard.unmuteNote(label(m)))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <form onSubmit={mute} className="flex flex-wrap items-end gap-2">
          <div>
            <label htmlFor="mute-rule" className="field-label">
              {t.guard.muteRule}
            </label>
            <select id="mute-rule" className="input" value={rule} onChange={(e) => setRule(e.target.value)}>
              {MUTABLE.map((r) => (
                <option key={r} value={r}>
                  {t.guard.rules[r]}
                </option>
              ))}
            </select>
          </div>
          <div className="min-w-48 flex-1">
            <label htmlFor="mute-term" className="field-label">
              {t.guard.muteTerm}
            </label>
            <input id="mute-term" className="input" value={term} onChange={(e) => setTerm(e.target.value)} aria-describedby="mute-term-hint" maxLength={150} />
          </div>
          <button type="submit" className="btn-secondary" disabled={busy}>
            {t.guard.mute}
          </button>
        </form>
        <p id="mute-term-hint" className="field-hint">
          {t.guard.muteTermHint}
        </p>
        {error && (
          <p role="alert" className="field-error">
            {error}
          </p>
        )}
      </div>
    </section>
  );
}
