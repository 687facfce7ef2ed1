"use client";

import type { z } from "zod";
import type * as api from "@/lib/http/apiSchemas";
import { useT } from "../_i18n/client";

export type ChecksJson = z.infer<typeof api.checksJson>;
export type FindingJson = ChecksJson["findings"][number];

const TONE: Record<string, string> = {
  block: "border-red-300 bg-red-50 text-red-950",
  warn: "border-amber-300 bg-amber-50 text-amber-950",
  info: "border-stone-200 bg-stone-50 text-stone-800",
  pass: "border-emerald-200 bg-emerald-50 text-emerald-900",
};
const PILL: Record<string, string> = {
  block: "bg-red-600 text-white",
  warn: "bg-amber-400 text-amber-950",
  info: "bg-stone-200 text-stone-700",
  pass: "bg-emerald-600 text-white",
};

export function countsOf(c: ChecksJson) {
  const n = { block: 0, warn: 0, info: 0 };
  for (const f of c.findings) n[f.severity]++;
  return n;
}

/** A small badge with a text's guard verdict (stage lists, runs, chat). */
export function GuardBadge({ checks, short = false }: { checks: ChecksJson | null | undefined; short?: boolean }) {
  const t = useT();
  if (!checks) return null;
  const n = countsOf(checks);
  const count = checks.status === "block" ? n.block : checks.status === "warn" ? n.warn : 0;
  return (
    <span
      data-testid="guard-badge"
      data-guard={checks.status}
      title={t.guard.counts(n.block, n.warn, n.info) || t.guard.passed}
      className={`inline-flex items-center gap-1 rounded-full px-1.5 py-0.5 text-[11px] font-medium ${PILL[checks.status]}`}
    >
      {short ? t.guard.badgeShort[checks.status] : t.guard.badge[checks.status]}
      {count > 0 && <span className="tabular-nums">{count}</span>}
    </span>
  );
}

/**
 * The findings of a text: counts by severity, then each finding with its rule, message, line and what
 * to do. `onShow` scrolls to the evidence in the rendered text (the gate passes it).
 */
export function GuardFindings({ checks, onShow, compact = false }: { checks: ChecksJson; onShow?: (f: FindingJson) => void; compact?: boolean }) {
  const t = useT();
  const n = countsOf(checks);
  return (
    <section aria-label={t.guard.panelTitle} data-testid="guard-findings" data-guard={checks.status} className={`rounded-lg border px-3 py-2 text-sm ${TONE[checks.status]}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="font-semibold">{t.guard.panelTitle}</p>
        <p className="text-xs">{t.guard.counts(n.block, n.warn, n.info) || t.guard.passed}</p>
      </div>
      {checks.judge && <p className="mt-1 text-xs opacity-80">{t.guard.judge[checks.judge.status]}{checks.judge.error ? `: ${checks.judge.error}` : ""}</p>}
      {checks.findings.length > 0 && (
        <ol className={`mt-2 space-y-2 ${compact ? "max-h-48 overflow-auto" : ""}`}>
          {checks.findings.map((f) => (
            <li key={f.id} data-finding={f.id} data-rule={f.rule} className="rounded-md bg-white/70 px-2 py-1.5">
              <p className="flex flex-wrap items-center gap-1.5">
                <span className={`rounded px-1.5 py-0.5 text-[11px] font-semibold ${PILL[f.severity]}`}>{t.guard.severity[f.severity]}</span>
                <span className="text-xs font-semibold">{t.guard.rules[f.rule] ?? f.rule}</span>
                {f.line > 0 && <span className="text-[11px] opacity-70">{t.guard.line(f.line)}</span>}
              </p>
              <p className="mt-1 break-words">{f.message}</p>
              {!compact && (
                <p className="mt-0.5 text-xs opacity-80">
                  <span className="font-medium">{t.guard.suggestion}:</span> {f.suggestion}
                </p>
              )}
              {onShow && f.evidence && (
                <button type="button" className="link mt-1 text-xs" onClick={() => onShow(f)}>
                  {t.guard.showInText}
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The retry feedback a set of findings suggests: each quote and what to change (editable before sending). */
export function feedbackFrom(findings: FindingJson[], intro: string): string {
  return [intro, ...findings.map((f) => `- ${f.message} → ${f.suggestion}`)].join("\n");
}
