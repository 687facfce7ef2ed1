"use client";

import { useEffect, useRef, useState } from "react";
import { isRunAtGate, isRunPaused, isRunCancelled, isRunCompleted, isRunFailed, isRunningStage, isStageAtGate, isFailedStage, isPendingStage } from "@/lib/domain/runStateMachine";
import { useT } from "../../_i18n/client";
import type { RunDetailsJson } from "../../_components/apiTypes";
import { LlmErrorBox } from "../../_components/LlmErrorBox";
import { PromotionPanel, type PromotionContext, type PromotionSource } from "../../_components/PromotionPanel";
import { CancelRun } from "./CancelRun";
import { DecisionConflict, type Conflict } from "./DecisionConflict";
import { EventLog } from "./EventLog";
import type { Decided, UnsentDecision } from "./GateActions";
import { FeedbackForm, FeedbackList } from "./Feedback";
import { PackageView } from "./PackageView";
import { PausedBanner } from "./PausedBanner";
import { RunHeader, type RunContext } from "./RunHeader";
import { focusStage, isActiveRun } from "./runViewModel";
import { StageDetail } from "./StageDetail";
import { StageStepper } from "./StageStepper";
import { useNow } from "../../_components/useNow";
import { useArtifactContents, usePackage, useRunLive } from "./useRunLive";

interface Props {
  initial: RunDetailsJson;
  contents: Record<string, string>;
  packageContent: string | null;
  stackTitle: string;
  context: RunContext;
  startedLabel: string;
  /** The stage to open first (?stage=… in the URL), instead of the one that needs attention. */
  initialStage?: string;
  /** The brand and product a promotion from this run goes to. */
  promotion: PromotionContext;
  /** Hosted mode: why this reader cannot decide the gates (their role, or four eyes); null when they can. */
  decisionBlocked?: string | null;
}

/** The run screen: header, outcome banners, the stages and the one open, run feedback, the event log. */
export function RunView({ initial, contents: initialContents, packageContent, stackTitle, context, startedLabel, initialStage, promotion, decisionBlocked = null }: Props) {
  const t = useT();
  const { run, events, connection, refresh, drafts } = useRunLive(initial);
  const contents = useArtifactContents(run, initialContents);
  const pkg = usePackage(run, packageContent);
  const now = useNow(isActiveRun(run) || run.stages.some((s) => isRunningStage(s.status)));

  const auto = focusStage(run);
  const [pick, setPick] = useState<{ id: string; auto: string } | null>(() =>
    initialStage && initial.stages.some((s) => s.id === initialStage) ? { id: initialStage, auto: focusStage(initial) } : null,
  );
  const [promoting, setPromoting] = useState<{ key: string; source: PromotionSource; text: string } | null>(null);
  const stageTitle = (id: string | null) => (id ? (run.stages.find((s) => s.id === id)?.title ?? id) : t.feedback.wholeRun);
  // A stage the reader opened stays open until the run moves to another stage that needs attention.
  const selectedId = pick && pick.auto === auto ? pick.id : auto;
  const selected = run.stages.find((s) => s.id === selectedId) ?? run.stages[0];

  const failedStage = run.error?.stage_id ? run.stages.find((s) => s.id === run.error?.stage_id) : undefined;

  // What the reviewer typed at a gate and has not sent. If the stage is decided elsewhere (another tab,
  // a colleague) the gate goes away with the text: it is kept here, outside it, with the reason.
  const unsent = useRef<{ stageId: string; value: UnsentDecision } | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [announcement, setAnnouncement] = useState<string | null>(null);
  const focusAfterDecision = useRef(false);
  useEffect(() => {
    const u = unsent.current;
    if (!u) return;
    const stage = run.stages.find((s) => s.id === u.stageId);
    const stillOpen = stage && ((isStageAtGate(stage.status) && isRunAtGate(run.status)) || (isFailedStage(stage.status) && isRunFailed(run.status)));
    if (!stillOpen) {
      unsent.current = null;
      setConflict({ stageTitle: stage?.title ?? u.stageId, unsent: u.value });
    }
  }, [run]);
  useEffect(() => {
    if (!focusAfterDecision.current) return;
    focusAfterDecision.current = false;
    document.getElementById("stage-title")?.focus();
  }, [run, selectedId]);
  useEffect(() => {
    if (!announcement) return;
    const id = setTimeout(() => setAnnouncement(null), 12_000);
    return () => clearTimeout(id);
  }, [announcement]);

  function decided(stageId: string, what: Decided) {
    unsent.current = null;
    const i = run.stages.findIndex((s) => s.id === stageId);
    const stage = run.stages[i];
    const next = run.stages.slice(i + 1).find((s) => isPendingStage(s.status));
    const then = what === "retry" ? t.run.then.again((stage.attempts.at(-1)?.n ?? 0) + 1) : next ? t.run.then.next(next.title) : t.run.then.last;
    setAnnouncement(`${t.run.decided[what](stage.title)}${then}`);
    setConflict(null);
    focusAfterDecision.current = true;
  }

  return (
    <>
      <RunHeader run={run} stackTitle={stackTitle} context={context} startedLabel={startedLabel} connection={connection} now={now} />

      {conflict && <DecisionConflict conflict={conflict} onDismiss={() => setConflict(null)} />}
      {/* Always in the page, so a screen reader hears each change; the visible copy sits by the stage's heading. */}
      <p role="status" aria-live="polite" data-testid="run-announcement" className="sr-only">
        {announcement}
      </p>

      {isRunCompleted(run.status) && (
        <div className="mb-6">
          <PackageView runId={run.id} content={pkg} />
        </div>
      )}
      {isRunFailed(run.status) && run.error && (
        <div className="mb-6">
          <LlmErrorBox error={run.error} title={t.run.failedTitle} role="alert">
            {failedStage && <p className="mt-3 text-sm font-medium text-red-900">{t.run.failedIn(failedStage.title)}</p>}
          </LlmErrorBox>
        </div>
      )}
      {isRunPaused(run.status) && run.pause && <PausedBanner key={run.pause.at} run={run} onChanged={() => void refresh()} />}
      {isRunCancelled(run.status) && (
        <p className="mb-6 rounded-lg border border-stone-200 bg-stone-100 px-4 py-3 text-sm text-stone-700">{t.run.cancelledText}</p>
      )}

      <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-6 lg:grid-cols-[18rem_minmax(0,1fr)]">
        <StageStepper run={run} selectedId={selected?.id} now={now} onPick={(id) => setPick({ id, auto })} />

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
            drafts={drafts}
            now={now}
            announcement={announcement}
            decisionBlocked={decisionBlocked}
            onUnsent={(value) => {
              // Only this stage's gate can clear what it reported: a newly opened gate must not erase another's text.
              if (value) unsent.current = { stageId: selected.id, value };
              else if (unsent.current?.stageId === selected.id) unsent.current = null;
            }}
            onDecided={(what) => decided(selected.id, what)}
            onConflict={(value) => {
              unsent.current = null;
              setConflict({ stageTitle: selected.title, unsent: value });
            }}
          />
        )}
      </div>

      {isActiveRun(run) && (
        <div className="mt-6">
          <CancelRun runId={run.id} onChanged={() => void refresh()} />
        </div>
      )}
      {/* On phones the gate's actions are fixed to the bottom of the screen: leave room for them. */}
      {run.stages.some((s) => isStageAtGate(s.status)) && <div aria-hidden className="h-28 lg:hidden" />}

      {(isRunCompleted(run.status) || run.feedback.length > 0) && (
      <section aria-labelledby="run-feedback-title" className="card card-body mt-6 space-y-4" data-testid="run-feedback">
        <div>
          <h2 id="run-feedback-title" className="section-title">
            {t.feedback.runTitle}
          </h2>
          <p className="muted mt-1">{t.feedback.runIntro}</p>
        </div>
        {isRunCompleted(run.status) && <FeedbackForm runId={run.id} onSaved={() => void refresh()} />}
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
      )}

      <div className="mt-6">
        <EventLog events={events} run={run} />
      </div>
    </>
  );
}
