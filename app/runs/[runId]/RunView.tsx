"use client";

import Link from "next/link";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useLang, useT } from "../../_i18n/client";
import { callApi } from "../../_components/api";
import { usageOf, type ArtifactJson, type FeedbackJson, type RunDetailsJson, type StageJson } from "../../_components/apiTypes";
import { LlmErrorBox } from "../../_components/LlmErrorBox";
import { LocalTime } from "../../_components/LocalTime";
import { Markdown } from "../../_components/Markdown";
import { formatDuration, formatNumber } from "../../_components/numbers";
import { PromotionPanel, type PromotionContext, type PromotionSource } from "../../_components/PromotionPanel";
import { StatusBadge } from "../../_components/StatusBadge";
import { ArtifactHistory, stageVersions } from "./ArtifactHistory";
import { EventLog } from "./EventLog";
import { FeedbackForm, FeedbackList } from "./Feedback";
import { GateActions } from "./GateActions";
import { PackageView } from "./PackageView";
import { useArtifactContents, useNow, usePackage, useRunLive, type Connection } from "./useRunLive";

interface Props {
  initial: RunDetailsJson;
  contents: Record<string, string>;
  packageContent: string | null;
  stackTitle: string;
  context: { brand: { id: string; name: string }; product: { id: string; name: string }; thread: { id: string; title: string } };
  startedLabel: string;
  /** The stage to open first (?stage=… in the URL), instead of the one that needs attention. */
  initialStage?: string;
  /** The brand and product a promotion from this run goes to. */
  promotion: PromotionContext;
}

const ACTIVE = new Set(["running", "waiting_approval"]);

/** The stage the screen should show unless the reader picked another: where the run needs attention. */
function focusStage(run: RunDetailsJson): string {
  const by = (status: string) => run.stages.find((s) => s.status === status)?.id;
  return (
    by("waiting_approval") ??
    by("failed") ??
    by("running") ??
    run.current_stage ??
    [...run.stages].reverse().find((s) => s.attempts.length > 0)?.id ??
    run.stages[0]?.id ??
    ""
  );
}

function stageTokens(stage: StageJson): number {
  return stage.attempts.reduce((n, a) => n + (usageOf(a.usage)?.total ?? 0), 0);
}

function stageElapsed(stage: StageJson, now: number | null): number | null {
  if (stage.attempts.length === 0) return null;
  let total = 0;
  for (const a of stage.attempts) {
    const end = a.finished_at ? Date.parse(a.finished_at) : now;
    if (end === null) return null;
    total += Math.max(0, end - Date.parse(a.started_at));
  }
  return total;
}

/** The artifact a stage stands for now: the reviewer's edit if any, else its latest successful attempt's. */
function currentArtifact(artifacts: ArtifactJson[], stage: StageJson): ArtifactJson | null {
  const own = artifacts.filter((a) => a.stage_id === stage.id);
  const edit = own.filter((a) => a.kind === "edit").at(-1);
  if (edit) return edit;
  const last = stage.attempts.filter((a) => a.status === "succeeded").at(-1);
  return own.find((a) => a.kind === "stage" && a.attempt === last?.n) ?? null;
}

export function RunView({ initial, contents: initialContents, packageContent, stackTitle, context, startedLabel, initialStage, promotion }: Props) {
  const t = useT();
  const lang = useLang();
  const { run, events, connection, refresh } = useRunLive(initial);
  const contents = useArtifactContents(run, initialContents);
  const pkg = usePackage(run, packageContent);
  const active = ACTIVE.has(run.status);
  const now = useNow(active || run.stages.some((s) => s.status === "running"));
  const [cancelling, setCancelling] = useState(false);
  const [cancelError, setCancelError] = useState<string | null>(null);

  const auto = focusStage(run);
  const [pick, setPick] = useState<{ id: string; auto: string } | null>(() =>
    initialStage && initial.stages.some((s) => s.id === initialStage) ? { id: initialStage, auto: focusStage(initial) } : null,
  );
  const [promoting, setPromoting] = useState<{ key: string; source: PromotionSource; text: string } | null>(null);
  const stageTitle = (id: string | null) => (id ? (run.stages.find((s) => s.id === id)?.title ?? id) : t.feedback.wholeRun);
  // A stage the reader opened stays open until the run moves to another stage that needs attention.
  const selectedId = pick && pick.auto === auto ? pick.id : auto;
  const selected = run.stages.find((s) => s.id === selectedId) ?? run.stages[0];

  const total = usageOf(run.usage_total)?.total ?? 0;
  const end = run.finished_at ? Date.parse(run.finished_at) : now;
  const elapsed = end === null ? null : end - Date.parse(run.created_at);
  const done = run.stages.filter((s) => s.status === "approved" || s.status === "skipped").length;

  async function cancel() {
    if (!window.confirm(t.run.cancelConfirm)) return;
    setCancelling(true);
    setCancelError(null);
    const res = await callApi("POST", `/api/v1/runs/${run.id}/cancel`);
    setCancelling(false);
    if (!res.ok) setCancelError(res.error.status === 409 ? t.run.conflict : (t.errors.api[res.error.code] ?? res.error.message));
    void refresh();
  }

  const failedStage = run.error?.stage_id ? run.stages.find((s) => s.id === run.error?.stage_id) : undefined;

  return (
    <>
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
          <div className="flex flex-wrap items-center gap-3">
            <LiveIndicator connection={connection} />
            {active && (
              <button type="button" className="btn-danger" onClick={cancel} disabled={cancelling}>
                {cancelling ? t.run.cancelling : t.run.cancel}
              </button>
            )}
          </div>
        </div>
        {cancelError && (
          <p role="alert" className="field-error">
            {cancelError}
          </p>
        )}
        <dl className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-4">
          <Stat label={t.run.stagesDone} value={`${done}/${run.stages.length}`} />
          <Stat label={t.run.tokens} value={formatNumber(total, lang)} testId="run-tokens" />
          <Stat label={t.run.elapsed} value={elapsed === null ? t.common.empty : formatDuration(elapsed, lang)} />
          <Stat label={t.run.started} value={<LocalTime iso={run.created_at} />} />
        </dl>
        <div className="mt-3 rounded-lg border border-stone-200 bg-white px-4 py-3">
          <p className="text-xs font-semibold tracking-wide text-stone-500 uppercase">{t.run.request}</p>
          <p data-testid="run-request" className="mt-1 max-h-40 overflow-auto text-sm break-words whitespace-pre-wrap text-stone-800">
            {run.request}
          </p>
        </div>
      </header>

      {run.status === "completed" && (
        <div className="mb-6">
          <PackageView runId={run.id} content={pkg} />
        </div>
      )}
      {run.status === "failed" && run.error && (
        <div className="mb-6">
          <LlmErrorBox error={run.error} title={t.run.failedTitle} role="alert">
            {failedStage && <p className="mt-3 text-sm font-medium text-red-900">{t.run.failedIn(failedStage.title)}</p>}
          </LlmErrorBox>
        </div>
      )}
      {run.status === "cancelled" && (
        <p className="mb-6 rounded-lg border border-stone-200 bg-stone-100 px-4 py-3 text-sm text-stone-700">{t.run.cancelledText}</p>
      )}

      <div className="grid items-start gap-6 lg:grid-cols-[18rem_minmax(0,1fr)]">
        <nav aria-label={t.run.stepperLabel} className="card card-body lg:sticky lg:top-20">
          <ol className="relative">
            {run.stages.map((s, i) => {
              const isSelected = s.id === selected?.id;
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
                    onClick={() => setPick({ id: s.id, auto })}
                    aria-pressed={isSelected}
                    aria-current={run.current_stage === s.id && ACTIVE.has(run.status) ? "step" : undefined}
                    className={`relative flex w-full items-start gap-3 rounded-lg p-1 text-left transition-colors ${
                      isSelected ? "bg-accent-50 ring-1 ring-accent-200" : "hover:bg-stone-50"
                    }`}
                  >
                    <StepDot status={s.status} index={i + 1} />
                    <span className="min-w-0 flex-1">
                      <span className="block text-sm font-medium break-words text-stone-900">{s.title}</span>
                      <StatusBadge status={s.status} label={t.run.stageStatus[s.status] ?? s.status} className="mt-1" />
                      {meta.length > 0 && <span className="mt-1 block text-[11px] text-stone-500">{meta.join(" · ")}</span>}
                    </span>
                  </button>
                </li>
              );
            })}
          </ol>
        </nav>

        {selected && (
          <StageDetail
            key={selected.id}
            run={run}
            stage={selected}
            index={run.stages.indexOf(selected)}
            contents={contents}
            onChanged={() => void refresh()}
            promotion={promotion}
            stageTitle={stageTitle}
          />
        )}
      </div>

      <section aria-labelledby="run-feedback-title" className="card card-body mt-6 space-y-4" data-testid="run-feedback">
        <div>
          <h2 id="run-feedback-title" className="section-title">
            {t.feedback.runTitle}
          </h2>
          <p className="muted mt-1">{t.feedback.runIntro}</p>
        </div>
        <FeedbackForm runId={run.id} onSaved={() => void refresh()} />
        <div className="space-y-2">
          <h3 className="text-sm font-semibold">{t.feedback.listTitle(run.feedback.length)}</h3>
          <FeedbackList
            items={run.feedback}
            label={t.feedback.listLabel}
            stageTitle={stageTitle}
            onPromote={(f) => setPromoting({ key: f.id, source: { kind: "feedback", id: f.id }, text: f.comment ?? "" })}
          />
        </div>
        {promoting && (
          <PromotionPanel key={promoting.key} context={promotion} source={promoting.source} initialText={promoting.text} onClose={() => setPromoting(null)} />
        )}
      </section>

      <div className="mt-6">
        <EventLog events={events} run={run} />
      </div>
    </>
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

function StepDot({ status, index }: { status: string; index: number }) {
  const base = "relative z-10 grid size-7 shrink-0 place-items-center rounded-full text-xs font-semibold ring-4 ring-white";
  switch (status) {
    case "approved":
      return <span aria-hidden className={`${base} bg-emerald-600 text-white`}>✓</span>;
    case "skipped":
      return <span aria-hidden className={`${base} bg-stone-200 text-stone-500`}>↷</span>;
    case "failed":
      return <span aria-hidden className={`${base} bg-red-600 text-white`}>!</span>;
    case "waiting_approval":
      return <span aria-hidden className={`${base} bg-amber-400 text-amber-950`}>?</span>;
    case "running":
      return (
        <span aria-hidden className={`${base} bg-sky-100 text-sky-700`}>
          <span className="size-3.5 animate-spin rounded-full border-2 border-sky-600 border-t-transparent" />
        </span>
      );
    default:
      return <span aria-hidden className={`${base} border border-stone-300 bg-white text-stone-500`}>{index}</span>;
  }
}

function StageDetail({
  run,
  stage,
  index,
  contents,
  onChanged,
  promotion,
  stageTitle,
}: {
  run: RunDetailsJson;
  stage: StageJson;
  index: number;
  contents: Record<string, string>;
  onChanged: () => void;
  promotion: PromotionContext;
  stageTitle: (id: string | null) => string;
}) {
  const t = useT();
  const lang = useLang();
  const artifact = currentArtifact(run.artifacts, stage);
  const body = artifact ? contents[artifact.id] : undefined;
  const versions = stageVersions(run.artifacts, stage.id, { attempt: t.run.versionAttempt, edit: t.run.versionEdit });
  const lastAttempt = stage.attempts.at(-1);
  const atGate = stage.status === "waiting_approval" && run.status === "waiting_approval";
  const failedHere = stage.status === "failed" && run.status === "failed";
  const approved = stage.status === "approved" && artifact !== null && body !== undefined;
  const stageFeedback = run.feedback.filter((f) => f.stage_id === stage.id);
  const [promoting, setPromoting] = useState<{ key: string; source: PromotionSource; text: string } | null>(null);
  const selection = useSelectionIn();

  function promoteArtifact() {
    if (!artifact) return;
    setPromoting({ key: `${artifact.id}-${Date.now()}`, source: { kind: artifact.kind === "edit" ? "edit" : "artifact", id: artifact.id }, text: selection.take() });
  }

  const rendered = (
    <div ref={selection.ref} className="rounded-lg border border-stone-200 bg-white px-4 py-3" data-testid="stage-artifact">
      {!artifact ? <p className="muted">{t.run.noArtifact}</p> : body === undefined ? <p className="muted">{t.run.loadingArtifact}</p> : <Markdown source={body} />}
    </div>
  );

  return (
    <section aria-labelledby="stage-title" className="card card-body space-y-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="text-xs font-semibold tracking-wide text-accent-700 uppercase">
            {t.run.stageOf(index + 1, run.stages.length)} · <span className="font-mono normal-case">{stage.output}</span>
          </p>
          <h2 id="stage-title" className="mt-1 text-lg font-semibold break-words">
            {stage.title}
          </h2>
        </div>
        <StatusBadge status={stage.status} label={t.run.stageStatus[stage.status] ?? stage.status} />
      </div>

      {atGate && (
        <div className="space-y-3 rounded-xl border border-amber-300 bg-amber-50/50 p-4" data-testid="gate">
          <div>
            <h3 className="font-semibold text-amber-950">{t.run.gateTitle}</h3>
            <p className="text-sm text-amber-900">{t.run.gateIntro}</p>
          </div>
          {rendered}
          <GateActions runId={run.id} stageId={stage.id} variant="gate" artifact={body ?? null} onChanged={onChanged} />
        </div>
      )}

      {failedHere && (
        <div className="space-y-3 rounded-xl border border-red-200 bg-red-50/40 p-4">
          <p className="text-sm text-red-900">{t.run.failedActions}</p>
          <GateActions runId={run.id} stageId={stage.id} variant="failed" artifact={null} onChanged={onChanged} />
        </div>
      )}
      {stage.status === "failed" && !failedHere && lastAttempt?.error && <LlmErrorBox error={lastAttempt.error} />}

      {stage.status === "running" && (
        <p className="flex items-center gap-2 rounded-lg border border-sky-200 bg-sky-50 px-4 py-3 text-sm text-sky-900">
          <span aria-hidden className="size-4 animate-spin rounded-full border-2 border-sky-600 border-t-transparent" />
          {t.run.generating(lastAttempt?.n ?? 1)}
        </p>
      )}
      {stage.status === "pending" && <p className="muted">{t.run.waitingTurn}</p>}
      {stage.status === "skipped" && <p className="muted">{t.run.skippedStage}</p>}

      {(stage.status === "approved" || (stage.status === "waiting_approval" && !atGate)) && (
        <div className="space-y-2">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 className="text-sm font-semibold">{artifact?.kind === "edit" ? t.run.resultEdited : t.run.result}</h3>
            {approved && (
              <button
                type="button"
                className="btn-secondary btn-sm"
                // Read the selection before the click can move it.
                onMouseDown={selection.remember}
                onClick={promoteArtifact}
                aria-expanded={promoting !== null && promoting.source.kind !== "feedback"}
              >
                {t.promotion.button}
              </button>
            )}
          </div>
          {approved && !promoting && <p className="text-xs text-stone-500">{t.promotion.selectHint}</p>}
          {rendered}
        </div>
      )}
      {promoting && (
        <PromotionPanel key={promoting.key} context={promotion} source={promoting.source} initialText={promoting.text} onClose={() => setPromoting(null)} />
      )}

      {artifact && (stage.status === "approved" || stage.status === "waiting_approval") && (
        <section aria-labelledby={`feedback-${stage.id}`} className="space-y-3 rounded-lg border border-stone-200 bg-stone-50/60 p-4" data-testid="stage-feedback">
          <h3 id={`feedback-${stage.id}`} className="text-sm font-semibold">
            {t.feedback.stageTitle}
          </h3>
          <FeedbackForm runId={run.id} stageId={stage.id} onSaved={onChanged} />
          {stageFeedback.length > 0 && (
            <FeedbackList
              items={stageFeedback}
              label={t.feedback.stageListLabel(stage.title)}
              stageTitle={stageTitle}
              onPromote={(f: FeedbackJson) => setPromoting({ key: f.id, source: { kind: "feedback", id: f.id }, text: f.comment ?? "" })}
            />
          )}
        </section>
      )}

      <ArtifactHistory versions={versions} contents={contents} />

      {stage.attempts.length > 0 && (
        <div>
          <h3 className="text-sm font-semibold">{t.run.attemptsTitle}</h3>
          <div className="mt-2 overflow-x-auto rounded-lg border border-stone-200">
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
                      <span className="font-mono">#{a.n}</span>{" "}
                      <StatusBadge status={a.status} label={t.run.attemptStatus[a.status] ?? a.status} />
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
                      {a.snapshot_path && a.status !== "running" && (
                        <span className="inline-flex flex-col items-end gap-0.5">
                          <Link
                            href={`/runs/${run.id}/stages/${stage.id}/attempts/${a.n}`}
                            className="link text-sm font-medium"
                            aria-label={t.run.auditOf(a.n)}
                          >
                            {t.run.audit} →
                          </Link>
                          <Link
                            href={`/memory?run=${run.id}&stage=${encodeURIComponent(stage.id)}&attempt=${a.n}`}
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
      )}
    </section>
  );
}

/**
 * The text the reader has selected inside one element (the rendered artifact). Tracked on every
 * selection change and re-read just before the click, so pressing a button cannot lose it.
 */
function useSelectionIn() {
  const ref = useRef<HTMLDivElement | null>(null);
  const last = useRef("");
  // Pressing the button may collapse the selection before its click: keep what was read at mousedown.
  const pressing = useRef(false);
  const read = () => {
    const sel = typeof window === "undefined" ? null : window.getSelection();
    const el = ref.current;
    if (!sel || sel.isCollapsed || !el || sel.rangeCount === 0) return "";
    const range = sel.getRangeAt(0);
    return el.contains(range.commonAncestorContainer) ? sel.toString().trim() : "";
  };
  useEffect(() => {
    const onChange = () => {
      const text = read();
      if (text) last.current = text;
      else if (!pressing.current && window.getSelection()?.isCollapsed) last.current = "";
    };
    document.addEventListener("selectionchange", onChange);
    return () => document.removeEventListener("selectionchange", onChange);
  }, []);
  return {
    ref,
    remember: () => {
      pressing.current = true;
      const text = read();
      if (text) last.current = text;
    },
    take: () => {
      const text = read() || last.current;
      last.current = "";
      pressing.current = false;
      return text;
    },
  };
}
