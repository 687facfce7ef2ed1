"use client";

import type { StageStatus } from "@/lib/domain/run";
import { useLang, useT } from "../../_i18n/client";
import type { RunDetailsJson } from "../../_components/apiTypes";
import { formatDuration, formatNumber } from "../../_components/numbers";
import { StatusBadge } from "../../_components/StatusBadge";
import { GuardBadge } from "../../_components/GuardFindings";
import { isActiveRun, lastSucceeded, stageElapsed, stageTokens } from "./runViewModel";

/** The run's stages in order, each with its status, attempts, time and tokens; picking one opens it. */
export function StageStepper({ run, selectedId, now, onPick }: { run: RunDetailsJson; selectedId: string | undefined; now: number | null; onPick: (id: string) => void }) {
  const t = useT();
  const lang = useLang();
  return (
    <nav aria-label={t.run.stepperLabel} className="card card-body lg:sticky lg:top-20">
      <ol className="relative">
        {run.stages.map((s, i) => {
          const tokens = stageTokens(s);
          const took = stageElapsed(s, now);
          const meta = [
            s.attempts.length ? t.run.attempts(s.attempts.length) : null,
            took !== null ? formatDuration(took, lang) : null,
            tokens ? t.run.tokensValue(formatNumber(tokens, lang)) : null,
          ].filter(Boolean);
          return (
            <li key={s.id} className="relative pb-4 last:pb-0" data-testid={`stage-${s.id}`}>
              {i < run.stages.length - 1 && <span aria-hidden className="absolute top-8 bottom-0 left-[0.9375rem] w-px bg-stone-200" />}
              <button
                type="button"
                onClick={() => onPick(s.id)}
                aria-pressed={s.id === selectedId}
                aria-current={run.current_stage === s.id && isActiveRun(run) ? "step" : undefined}
                className={`relative flex w-full items-start gap-3 rounded-lg p-1 text-left transition-colors ${
                  s.id === selectedId ? "bg-accent-50 ring-1 ring-accent-200" : "hover:bg-stone-50"
                }`}
              >
                <StepDot status={s.status} index={i + 1} />
                <span className="min-w-0 flex-1">
                  <span className="block text-sm font-medium break-words text-stone-900">{s.title}</span>
                  <span className="mt-1 flex flex-wrap items-center gap-1">
                    <StatusBadge status={s.status} label={t.run.stageStatus[s.status] ?? s.status} />
                    <GuardBadge checks={lastSucceeded(s)?.checks} short />
                  </span>
                  {meta.length > 0 && <span className="mt-1 block text-[11px] text-stone-500">{meta.join(" · ")}</span>}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

const DOT = "relative z-10 grid size-7 shrink-0 place-items-center rounded-full text-xs font-semibold ring-4 ring-white";
const DOTS: Record<StageStatus, { tone: string; mark: string | null; spinning?: boolean }> = {
  approved: { tone: "bg-emerald-600 text-white", mark: "✓" },
  skipped: { tone: "bg-stone-200 text-stone-500", mark: "↷" },
  failed: { tone: "bg-red-600 text-white", mark: "!" },
  waiting_approval: { tone: "bg-amber-400 text-amber-950", mark: "?" },
  running: { tone: "bg-sky-100 text-sky-700", mark: null, spinning: true },
  pending: { tone: "border border-stone-300 bg-white text-stone-500", mark: null },
};

function StepDot({ status, index }: { status: StageStatus; index: number }) {
  const { tone, mark, spinning } = DOTS[status];
  return (
    <span aria-hidden className={`${DOT} ${tone}`}>
      {spinning ? <span className="size-3.5 animate-spin rounded-full border-2 border-sky-600 border-t-transparent" /> : (mark ?? index)}
    </span>
  );
}
