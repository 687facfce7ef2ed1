"use client";

import Link from "next/link";
import { useLang, useT } from "../_i18n/client";
import { usageOf, type ComparisonJson } from "../_components/apiTypes";
import { DiffView } from "../_components/DiffView";
import { GuardBadge, GuardFindings } from "../_components/GuardFindings";
import { Markdown } from "../_components/Markdown";
import { formatDuration, formatNumber } from "../_components/numbers";

type Side = ComparisonJson["left"];

/** Two versions of a stage side by side: what each is, cost and found; what separated them; the diff. */
export function CompareView({ comparison, thread }: { comparison: ComparisonJson; thread: { id: string; title: string } }) {
  const t = useT();
  const { left, right } = comparison;
  const finalText = (s: Side) => s.edited_markdown ?? s.markdown;
  return (
    <div className="space-y-6" data-testid="compare-page">
      <header>
        <p className="text-sm text-stone-500">
          <Link href={`/threads/${thread.id}`} className="link">
            {thread.title}
          </Link>{" "}
          <span aria-hidden>→</span> {left.stage_title}
        </p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">{t.durable.compareTitle}</h1>
        <p className="muted mt-1">{t.durable.compareIntro}</p>
      </header>

      <section aria-labelledby="separated-title" className="card card-body" data-testid="separated-by">
        <h2 id="separated-title" className="section-title">
          {t.durable.separatedBy}
        </h2>
        {comparison.separated_by.length === 0 ? (
          <p className="muted mt-1 text-sm">{t.durable.separatedNothing}</p>
        ) : (
          <ul className="mt-2 space-y-2 text-sm">
            {comparison.separated_by.map((s, i) => (
              <li key={i}>
                <span className="font-semibold">{t.durable.sep[s.kind] ?? s.kind}:</span>{" "}
                <span className="break-words whitespace-pre-wrap text-stone-700">{s.kind === "stack" ? "" : s.text}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <div className="grid grid-cols-[minmax(0,1fr)] gap-4 lg:grid-cols-2">
        <SideCard side={left} label={t.durable.side.left} testId="compare-left" />
        <SideCard side={right} label={t.durable.side.right} testId="compare-right" />
      </div>

      <section aria-labelledby="diff-title" className="card card-body space-y-2">
        <h2 id="diff-title" className="section-title">
          {t.durable.diffTitle}
        </h2>
        {(left.edited_markdown !== null || right.edited_markdown !== null) && <p className="muted text-sm">{t.durable.editedNote}</p>}
        <DiffView before={finalText(left)} after={finalText(right)} testId="compare-diff" label={t.durable.diffTitle} />
      </section>
    </div>
  );
}

function SideCard({ side, label, testId }: { side: Side; label: string; testId: string }) {
  const t = useT();
  const lang = useLang();
  const tokens = usageOf(side.usage)?.total ?? null;
  return (
    <section aria-label={label} className="card card-body min-w-0 space-y-3" data-testid={testId}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="font-semibold">
          {label}: {t.durable.attemptLabel(side.attempt, side.variant)}
        </h2>
        <Link href={`/runs/${side.run_id}?stage=${encodeURIComponent(side.stage_id)}`} className="link text-sm">
          {t.run.kind} →
        </Link>
      </div>
      <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
        <Stat label={t.durable.tokens} value={tokens === null ? t.common.empty : formatNumber(tokens, lang)} />
        <Stat label={t.durable.latency} value={side.latency_ms === null ? t.common.empty : formatDuration(side.latency_ms, lang)} />
        <Stat label={t.durable.findings} value={side.checks ? <GuardBadge checks={side.checks} short /> : t.durable.noFindings} />
        <Stat label={t.durable.decision} value={side.decision ? (t.run.actions[side.decision.action] ?? side.decision.action) : t.common.empty} />
      </dl>
      {side.reused_from && <p className="text-sm text-sky-900">{t.durable.reusedFrom}</p>}
      {side.feedback && (
        <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm break-words text-amber-950">
          <span className="font-semibold">{t.durable.sep.feedback}:</span> {side.feedback}
        </p>
      )}
      {side.checks && side.checks.findings.length > 0 && <GuardFindings checks={side.checks} compact />}
      <div className="max-h-[32rem] overflow-auto rounded-lg border border-stone-200 bg-white px-4 py-3">
        <Markdown source={side.edited_markdown ?? side.markdown} />
      </div>
    </section>
  );
}

function Stat({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div className="rounded-lg border border-stone-200 bg-white px-2 py-1.5">
      <dt className="text-xs text-stone-500">{label}</dt>
      <dd className="mt-0.5 font-semibold tabular-nums">{value}</dd>
    </div>
  );
}
