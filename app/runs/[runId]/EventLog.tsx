"use client";

import { useLang, useT } from "../../_i18n/client";
import type { Dictionary, EventWords } from "../../_i18n/pt-BR";
import { usageOf, type RunEventJson, type RunJson, type UsageLike } from "../../_components/apiTypes";
import { LocalTime } from "../../_components/LocalTime";
import { formatDuration, formatNumber } from "../../_components/numbers";

const str = (v: unknown) => (typeof v === "string" ? v : "");
const num = (v: unknown) => (typeof v === "number" ? v : null);

/** One event as a sentence in the reader's language. */
export function describeEvent(e: RunEventJson, run: RunJson, t: Dictionary, lang: string): string {
  const d = e.data ?? {};
  const stageId = e.stage_id ?? str(d.stage_id);
  const stage = run.stages.find((s) => s.id === stageId)?.title ?? stageId;
  const error = (d.error ?? {}) as { code?: string; message?: string };
  const usage = usageOf(d.usage as UsageLike | null);
  const estimate = num(d.token_estimate);
  const action = str(d.action) || str(d.after) || str(d.verdict);
  const words: EventWords = {
    stage,
    attempt: e.attempt ?? null,
    model: str(d.model),
    tokens: formatNumber(usage?.total ?? estimate ?? 0, lang),
    latency: formatDuration(num(d.latency_ms) ?? 0, lang),
    bytes: formatNumber(num(d.bytes) ?? 0, lang),
    code: error.code ?? "",
    message: error.message ?? "",
    action: t.run.actions[action] ?? action,
    comment: str(d.comment),
    edited: d.edited === true,
    automatic: d.automatic === true,
    feedback: typeof d.feedback === "string" && d.feedback.length > 0,
    count: Array.isArray(d.stages) ? d.stages.length : 0,
  };
  const say = t.run.events[e.type];
  return say ? say(words) : t.run.unknownEvent(e.type);
}

/** The run's event log, oldest first, newest last; closed by default. */
export function EventLog({ events, run }: { events: RunEventJson[]; run: RunJson }) {
  const t = useT();
  const lang = useLang();
  return (
    <details className="card group" data-testid="event-log">
      <summary className="card-body cursor-pointer list-none py-4 select-none sm:py-4">
        <span className="flex items-center justify-between gap-3">
          <span className="section-title">{t.run.eventsTitle(events.length)}</span>
          <span aria-hidden className="text-stone-400 transition-transform group-open:rotate-180">
            ▾
          </span>
        </span>
      </summary>
      <div className="border-t border-stone-100 px-5 py-3 sm:px-6">
        {events.length === 0 ? (
          <p className="muted">{t.run.eventsEmpty}</p>
        ) : (
          <ol className="max-h-[28rem] space-y-1 overflow-auto font-mono text-xs">
            {events.map((e) => {
              const bad = e.type.endsWith("failed");
              return (
                <li key={e.seq} className="grid grid-cols-[2.5rem_5.5rem_minmax(0,1fr)] gap-2">
                  <span className="text-right text-stone-400">#{e.seq}</span>
                  <LocalTime iso={e.ts} className="text-stone-500" />
                  <span className={`font-sans text-[13px] ${bad ? "text-red-700" : "text-stone-800"}`}>{describeEvent(e, run, t, lang)}</span>
                </li>
              );
            })}
          </ol>
        )}
      </div>
    </details>
  );
}
