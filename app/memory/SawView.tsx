"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { useT } from "../_i18n/client";
import type { MemorySearchJson } from "../_components/apiTypes";
import { LocalTime } from "../_components/LocalTime";
import type { SawContext } from "./inspectorTypes";
import { SnippetCard } from "./SnippetCard";

/** The recorded snippets of an attempt beside the same search now, with a one-line verdict on whether they match. */
export function SawView({ saw, form, result, busy }: { saw: SawContext; form: ReactNode; result: MemorySearchJson | null; busy: boolean }) {
  const t = useT();
  const recorded = saw.retrieval?.snippets ?? [];
  const recordedIds = recorded.map((x) => x.id);
  const liveIds = result?.items.map((x) => x.id) ?? [];
  const gone = recordedIds.filter((id) => !liveIds.includes(id)).length;
  const kept = recordedIds.length - gone;
  const added = liveIds.filter((id) => !recordedIds.includes(id)).length;
  const same = result && gone === 0 && added === 0;
  const sameOrder = same && recordedIds.every((id, i) => liveIds[i] === id);

  return (
    <div className="min-w-0 space-y-6">
      <section aria-labelledby="saw-title" className="card card-body border-accent-200 bg-accent-50/40">
        <p className="text-xs font-semibold tracking-wide text-accent-700 uppercase">{t.memory.sawKind}</p>
        <h2 id="saw-title" className="mt-1 text-lg font-semibold break-words">
          {t.memory.sawTitle(saw.stageTitle, saw.attempt)}
        </h2>
        <p className="muted mt-1">
          {t.memory.sawIntro}
          {saw.startedAt && (
            <>
              {" "}
              {t.memory.sawWhen} <LocalTime iso={saw.startedAt} withDate />.
            </>
          )}
        </p>
        <p className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <Link href={`/runs/${saw.runId}/stages/${saw.stageId}/attempts/${saw.attempt}`} className="link font-medium">
            ← {t.memory.sawAudit}
          </Link>
          <Link href={`/runs/${saw.runId}?stage=${encodeURIComponent(saw.stageId)}`} className="link font-medium">
            {t.memory.sawRun(saw.stack)}
          </Link>
        </p>
      </section>

      {form}

      <section aria-labelledby="compare-title" className="card card-body space-y-4" aria-busy={busy}>
        <h2 id="compare-title" className="section-title">
          {t.memory.compareTitle}
        </h2>
        {result && (
          <div
            role="status"
            data-testid="saw-verdict"
            data-match={sameOrder ? "same" : same ? "reordered" : "differs"}
            className={`rounded-lg border px-3 py-2 text-sm ${sameOrder ? "border-emerald-200 bg-emerald-50 text-emerald-900" : "border-amber-200 bg-amber-50 text-amber-900"}`}
          >
            <p className="font-medium">
              {sameOrder ? t.memory.matchSame(recorded.length) : same ? t.memory.matchReordered : t.memory.matchDiffers(kept, recordedIds.length, added)}
            </p>
            {!sameOrder && <p className="mt-1 text-xs">{t.memory.matchWhy}</p>}
          </div>
        )}
        <div className="grid items-start gap-4 lg:grid-cols-2">
          <div className="min-w-0">
            <h3 className="text-sm font-semibold">{t.memory.recorded}</h3>
            <p className="text-xs text-stone-500">{t.memory.recordedHint}</p>
            {saw.retrieval?.error && (
              <p role="alert" className="mt-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-900">
                {t.memory.retrievalError} <span className="font-mono">{saw.retrieval.error}</span>
              </p>
            )}
            {!saw.retrieval ? (
              <p className="muted mt-2">{t.memory.noRetrieval}</p>
            ) : recorded.length === 0 ? (
              <p className="muted mt-2">{t.memory.noRecorded}</p>
            ) : (
              <ol aria-label={t.memory.recorded} data-testid="memory-recorded" className="mt-2 space-y-3">
                {recorded.map((item, i) => (
                  <SnippetCard
                    key={item.id}
                    snippet={item}
                    rank={i + 1}
                    marker={result && !liveIds.includes(item.id) ? <Marker tone="amber">{t.memory.notAnymore}</Marker> : undefined}
                  />
                ))}
              </ol>
            )}
          </div>
          <div className="min-w-0">
            <h3 className="text-sm font-semibold">{t.memory.live}</h3>
            <p className="text-xs text-stone-500">{result ? t.memory.resultsMeta(result.items.length, t.memory.usedMode[result.mode] ?? result.mode) : t.memory.liveHint}</p>
            {!result ? (
              <p className="muted mt-2">{busy ? t.memory.searching : t.memory.notSearched}</p>
            ) : result.items.length === 0 ? (
              <p className="muted mt-2">{t.memory.noResults}</p>
            ) : (
              <ol aria-label={t.memory.live} data-testid="memory-live" className="mt-2 space-y-3">
                {result.items.map((item, i) => (
                  <SnippetCard
                    key={item.id}
                    snippet={item}
                    rank={i + 1}
                    marker={
                      recordedIds.includes(item.id) ? (
                        <Marker tone="green">{t.memory.inRecord}</Marker>
                      ) : (
                        <Marker tone="amber">{t.memory.newSince}</Marker>
                      )
                    }
                  />
                ))}
              </ol>
            )}
          </div>
        </div>
      </section>
    </div>
  );
}

function Marker({ tone, children }: { tone: "green" | "amber"; children: ReactNode }) {
  return (
    <span className={`rounded-full px-2 py-0.5 text-[11px] font-medium ${tone === "green" ? "bg-emerald-100 text-emerald-800" : "bg-amber-100 text-amber-900"}`}>
      {children}
    </span>
  );
}
