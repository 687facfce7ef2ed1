"use client";

import Link from "next/link";
import { useLang, useT } from "../../_i18n/client";
import { usageOf, type StageJson } from "../../_components/apiTypes";
import { LocalTime } from "../../_components/LocalTime";
import { formatDuration, formatNumber } from "../../_components/numbers";
import { GuardBadge } from "../../_components/GuardFindings";
import { StatusBadge } from "../../_components/StatusBadge";
import { hasFinalSnapshot } from "./runViewModel";

/** The attempt before `n` that wrote a text (what `n` is naturally compared with), or null. */
const previousWritten = (stage: StageJson, n: number) => stage.attempts.filter((a) => a.n < n && a.artifact_path).at(-1)?.n ?? null;

/** Every attempt of a stage: when, how long, tokens, the feedback it answered, and its audit. */
export function AttemptsTable({ runId, stage }: { runId: string; stage: StageJson }) {
  const t = useT();
  const lang = useLang();
  return (
    <div>
      <h3 className="text-sm font-semibold">{t.run.attemptsTitle}</h3>
      <div className="relative mt-2 overflow-x-auto rounded-lg border border-stone-200">
        <table className="w-full text-left text-sm">
          <thead className="bg-stone-50 text-xs text-stone-500">
            <tr>
              <th className="px-3 py-2 font-medium">{t.run.attempt}</th>
              <th className="px-3 py-2 font-medium">{t.run.started}</th>
              <th className="px-3 py-2 font-medium">{t.run.latency}</th>
              <th className="px-3 py-2 font-medium">{t.run.tokens}</th>
              <th className="px-3 py-2 font-medium">{t.run.withFeedback}</th>
              <th className="px-3 py-2 font-medium">
                <span className="sr-only">{t.run.audit}</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {stage.attempts.map((a) => (
              <tr key={a.n}>
                <td className="px-3 py-2 whitespace-nowrap">
                  <span className="font-mono">#{a.n}</span>
                  {a.variant && <span className="ml-1 badge bg-violet-50 text-violet-800">{t.durable.variant(a.variant)}</span>}
                  {stage.chosen_attempt === a.n && <span className="ml-1 badge bg-emerald-50 text-emerald-800">{t.durable.chosen}</span>}{" "}
                  <StatusBadge status={a.status} label={t.run.attemptStatus[a.status] ?? a.status} />{" "}
                  <GuardBadge checks={a.checks} short />
                </td>
                <td className="px-3 py-2 whitespace-nowrap text-stone-600">
                  <LocalTime iso={a.started_at} />
                </td>
                <td className="px-3 py-2 whitespace-nowrap text-stone-600 tabular-nums">
                  {a.latency_ms !== null ? formatDuration(a.latency_ms, lang) : t.common.empty}
                </td>
                <td className="px-3 py-2 whitespace-nowrap text-stone-600 tabular-nums">
                  {a.usage ? formatNumber(usageOf(a.usage)?.total ?? 0, lang) : t.common.empty}
                </td>
                <td className="max-w-56 px-3 py-2 text-stone-600">
                  <span className="line-clamp-2 break-words" title={a.feedback ?? undefined}>
                    {a.feedback ?? t.common.empty}
                  </span>
                </td>
                <td className="px-3 py-2 text-right whitespace-nowrap">
                  {hasFinalSnapshot(a) && (
                    <span className="inline-flex flex-col items-end gap-0.5">
                      <Link href={`/runs/${runId}/stages/${stage.id}/attempts/${a.n}`} className="link text-sm font-medium" aria-label={t.run.auditOf(a.n)}>
                        {t.run.audit} →
                      </Link>
                      {previousWritten(stage, a.n) !== null && a.artifact_path && (
                        <Link
                          href={`/compare?left=${runId}:${stage.id}:${previousWritten(stage, a.n)}&right=${runId}:${stage.id}:${a.n}`}
                          className="link text-xs"
                          data-testid="compare-link"
                        >
                          {t.durable.compareWith(previousWritten(stage, a.n)!)}
                        </Link>
                      )}
                      <Link
                        href={`/memory?run=${runId}&stage=${encodeURIComponent(stage.id)}&attempt=${a.n}`}
                        className="link text-xs"
                        aria-label={t.run.whatModelSawOf(a.n)}
                      >
                        {t.run.whatModelSaw}
                      </Link>
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
