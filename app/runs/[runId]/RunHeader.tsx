"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { useLang, useT } from "../../_i18n/client";
import { usageOf, type RunDetailsJson } from "../../_components/apiTypes";
import { LocalTime } from "../../_components/LocalTime";
import { formatDuration, formatNumber } from "../../_components/numbers";
import { StatusBadge } from "../../_components/StatusBadge";
import { stagesDone } from "./runViewModel";
import type { Connection } from "./useRunLive";

export interface RunContext {
  brand: { id: string; name: string };
  product: { id: string; name: string };
  thread: { id: string; title: string };
}

/** Where the run belongs, its stack and status, the live connection, and the run's totals. */
export function RunHeader(props: { run: RunDetailsJson; stackTitle: string; context: RunContext; startedLabel: string; connection: Connection; now: number | null }) {
  const { run, stackTitle, context, startedLabel, connection, now } = props;
  const t = useT();
  const lang = useLang();
  const total = usageOf(run.usage_total)?.total ?? 0;
  const end = run.finished_at ? Date.parse(run.finished_at) : now;
  const elapsed = end === null ? null : end - Date.parse(run.created_at);

  return (
    <header className="mb-6">
      <p className="flex flex-wrap items-center gap-1.5 text-sm text-stone-500">
        <Link href={`/brands/${context.brand.id}`} className="link">
          {context.brand.name}
        </Link>
        <span aria-hidden>→</span>
        <Link href={`/products/${context.product.id}`} className="link">
          {context.product.name}
        </Link>
        <span aria-hidden>→</span>
        <Link href={`/threads/${context.thread.id}`} className="link">
          {context.thread.title}
        </Link>
        <span aria-hidden>→</span>
        <span>{t.run.kind}</span>
      </p>
      <div className="mt-1 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="flex flex-wrap items-center gap-3 text-2xl font-semibold tracking-tight">
            <span className="break-words">{stackTitle}</span>
            <StatusBadge status={run.status} label={t.run.status[run.status] ?? run.status} className="text-sm" />
          </h1>
          <p className="muted mt-1">
            <span className="font-mono">{run.stack}</span> · {startedLabel}
          </p>
        </div>
        <LiveIndicator connection={connection} />
      </div>
      <dl className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Stat label={t.run.stagesDone} value={`${stagesDone(run)}/${run.stages.length}`} />
        <Stat
          label={run.budget.tokens === null ? t.run.tokens : t.durable.budgetTokens}
          value={run.budget.tokens === null ? formatNumber(total, lang) : t.durable.budgetOf(formatNumber(total, lang), formatNumber(run.budget.tokens, lang))}
          testId="run-tokens"
        />
        <Stat label={t.run.elapsed} value={elapsed === null ? t.common.empty : formatDuration(elapsed, lang)} />
        <Stat label={t.run.started} value={<LocalTime iso={run.created_at} />} />
      </dl>
      {run.rerun && (
        <p className="mt-3 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-stone-700" data-testid="rerun-origin">
          <span>
            {t.durable.rerunOf}{" "}
            <Link href={`/runs/${run.rerun.of}`} className="link">
              {t.durable.anotherRun}
            </Link>{" "}
            {t.durable.fromStage(run.stages.find((s) => s.id === run.rerun!.from_stage)?.title ?? run.rerun.from_stage)}
          </span>
          {run.stages.find((s) => s.id === run.rerun!.from_stage)?.attempts.some((a) => a.artifact_path) && (
            <Link
              href={`/compare?left=${run.rerun.of}:${run.rerun.from_stage}&right=${run.id}:${run.rerun.from_stage}`}
              className="btn-secondary btn-sm"
              data-testid="compare-original"
            >
              {t.durable.compareWithOriginal}
            </Link>
          )}
        </p>
      )}
      <div className="mt-3 rounded-lg border border-stone-200 bg-white px-4 py-3">
        <p className="text-xs font-semibold tracking-wide text-stone-500 uppercase">{t.run.request}</p>
        <p data-testid="run-request" className="mt-1 max-h-40 overflow-auto text-sm break-words whitespace-pre-wrap text-stone-800">
          {run.request}
        </p>
      </div>
    </header>
  );
}

function Stat({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div className="rounded-lg border border-stone-200 bg-white px-3 py-2">
      <dt className="text-xs text-stone-500">{label}</dt>
      <dd data-testid={testId} className="mt-0.5 text-sm font-semibold text-stone-900 tabular-nums">
        {value}
      </dd>
    </div>
  );
}

function LiveIndicator({ connection }: { connection: Connection }) {
  const t = useT();
  const label = { connecting: t.run.connecting, live: t.run.live, reconnecting: t.run.reconnecting, ended: t.run.ended }[connection];
  const tone = {
    connecting: "bg-stone-400",
    live: "bg-emerald-500 animate-pulse",
    reconnecting: "bg-amber-500 animate-pulse",
    ended: "bg-stone-300",
  }[connection];
  return (
    <span role="status" data-testid="live-indicator" data-connection={connection} className="inline-flex items-center gap-1.5 text-xs font-medium text-stone-600">
      <span aria-hidden className={`size-2 rounded-full ${tone}`} />
      {label}
    </span>
  );
}
