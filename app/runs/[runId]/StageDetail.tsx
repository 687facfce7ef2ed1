"use client";

import { useState } from "react";
import {
  isApprovedStage,
  isFailedStage,
  isPendingStage,
  isRunAtGate,
  isRunCompleted,
  isRunFailed,
  isRunningStage,
  isSkippedStage,
  isStageAtGate,
} from "@/lib/domain/runStateMachine";
import { useT } from "../../_i18n/client";
import type { FeedbackJson, RunDetailsJson, StageJson } from "../../_components/apiTypes";
import { GuardFindings } from "../../_components/GuardFindings";
import { LlmErrorBox } from "../../_components/LlmErrorBox";
import { showEvidence, useFindingHighlights } from "../../_components/useFindingHighlights";
import { Markdown } from "../../_components/Markdown";
import { PromotionPanel, type PromotionContext, type PromotionSource } from "../../_components/PromotionPanel";
import { StatusBadge } from "../../_components/StatusBadge";
import { ArtifactHistory, stageVersions } from "./ArtifactHistory";
import { AttemptsTable } from "./AttemptsTable";
import { FeedbackForm, FeedbackList } from "./Feedback";
import { GateActions, type Decided, type UnsentDecision } from "./GateActions";
import { LiveDraft } from "./LiveDraft";
import { draftKey, type LiveDrafts } from "./useRunLive";
import { artifactOf, canRerunFrom, currentArtifact, gateAttempts, lastSucceeded } from "./runViewModel";
import { RerunDialog } from "./RerunDialog";
import { VariantChoice } from "./VariantChoice";
import Link from "next/link";
import { isOpenAttempt } from "@/lib/domain/runStateMachine";
import { useSelectionIn } from "./useSelectionIn";

/** One stage: its gate (or failure) with the actions, its progress, its result, feedback, history and attempts. */
export function StageDetail({
  run,
  stage,
  index,
  contents,
  onChanged,
  promotion,
  stageTitle,
  drafts,
  now,
  announcement,
  onUnsent,
  onDecided,
  onConflict,
  decisionBlocked = null,
}: {
  run: RunDetailsJson;
  stage: StageJson;
  index: number;
  contents: Record<string, string>;
  onChanged: () => void;
  promotion: PromotionContext;
  stageTitle: (id: string | null) => string;
  /** The texts of the run's attempts being written (this tab's copy). */
  drafts: LiveDrafts;
  now: number | null;
  /** What the reader's last decision did, shown next to the heading the focus moved to. */
  announcement: string | null;
  onUnsent: (unsent: UnsentDecision | null) => void;
  onDecided: (decided: Decided) => void;
  onConflict: (unsent: UnsentDecision | null) => void;
  /** Hosted mode: why this reader cannot decide the gates (their role, or four eyes); null when they can. */
  decisionBlocked?: string | null;
}) {
  const t = useT();
  const artifact = currentArtifact(run.artifacts, stage);
  const body = artifact ? contents[artifact.id] : undefined;
  const versions = stageVersions(run.artifacts, stage.id, {
    attempt: (n) => {
      const letter = stage.attempts.find((a) => a.n === n)?.variant;
      return letter ? `${t.run.versionAttempt(n)} · ${t.durable.variant(letter)}` : t.run.versionAttempt(n);
    },
    edit: t.run.versionEdit,
    reused: t.durable.reusedVersion,
  });
  const lastAttempt = stage.attempts.at(-1);
  const atGate = isStageAtGate(stage.status) && isRunAtGate(run.status);
  const failedHere = isFailedStage(stage.status) && isRunFailed(run.status);
  const approved = isApprovedStage(stage.status) && artifact !== null && body !== undefined;
  const hasResult = isApprovedStage(stage.status) || isStageAtGate(stage.status);
  const stageFeedback = run.feedback.filter((f) => f.stage_id === stage.id);
  const [promoting, setPromoting] = useState<{ key: string; source: PromotionSource; text: string } | null>(null);
  const selection = useSelectionIn();
  // A gate with variants shows them side by side; Approve and Edit act on the one the reviewer chose.
  const candidates = atGate ? gateAttempts(stage) : [];
  const variantGate = candidates.length > 1;
  const [chosenN, setChosenN] = useState<number | null>(null);
  const chosen = variantGate ? (candidates.find((a) => a.n === chosenN) ?? null) : null;
  const textOf = (n: number) => {
    const a = artifactOf(run.artifacts, stage, n);
    return a ? contents[a.id] : undefined;
  };
  // The guard's verdict on what the stage stands for now: the reviewer's edit, else the attempt under review.
  const reviewed = variantGate ? chosen : (stage.chosen_attempt !== null ? stage.attempts.find((a) => a.n === stage.chosen_attempt) : undefined) ?? lastSucceeded(stage);
  const checks = (artifact?.kind === "edit" ? artifact.checks : null) ?? reviewed?.checks ?? null;
  const writing = stage.attempts.filter((a) => isOpenAttempt(a.status));
  const reusedFrom = artifact?.reused_from ?? null;
  useFindingHighlights(selection.ref, checks?.findings ?? [], body);
  const overridden = (run.decisions ?? []).findLast((d) => d.stage_id === stage.id && d.override_reason);

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
      {announcement && (
        <p aria-hidden data-testid="decision-note" className="rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-2.5 text-sm font-medium text-emerald-900">
          {announcement}
        </p>
      )}
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="text-xs font-semibold tracking-wide text-accent-700 uppercase">
            {t.run.stageOf(index + 1, run.stages.length)} · <span className="font-mono normal-case">{stage.output}</span>
          </p>
          {/* Focus lands here after a decision moves the run on (tabIndex -1: focusable, not in the tab order). */}
          <h2 id="stage-title" tabIndex={-1} className="mt-1 text-lg font-semibold break-words outline-none focus-visible:ring-2 focus-visible:ring-accent-500">
            {stage.title}
          </h2>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {canRerunFrom(run, stage) && !isRunningStage(stage.status) && !isPendingStage(stage.status) && (
            <RerunDialog runId={run.id} stageId={stage.id} stageTitle={stage.title} request={run.request} atGate={atGate} />
          )}
          <StatusBadge status={stage.status} label={t.run.stageStatus[stage.status] ?? stage.status} />
        </div>
      </div>

      {atGate && (
        <div className="space-y-3 rounded-xl border border-amber-300 bg-amber-50/50 p-4" data-testid="gate">
          <div>
            <h3 className="font-semibold text-amber-950">{t.run.gateTitle}</h3>
            <p className="text-sm text-amber-900">{t.run.gateIntro}</p>
            {!decisionBlocked && (
            <a
              href="#gate-actions"
              className="sr-only rounded bg-white px-2 py-1 text-sm font-medium text-accent-800 focus:not-sr-only focus:mt-2 focus:inline-block focus:ring-2 focus:ring-accent-500"
              onClick={(e) => {
                e.preventDefault();
                document.querySelector<HTMLButtonElement>("#gate-actions button:not(:disabled)")?.focus();
              }}
            >
              {t.run.goToDecision}
            </a>
            )}
          </div>
          {variantGate && <VariantChoice stageId={stage.id} variants={candidates} texts={Object.fromEntries(candidates.map((a) => [a.n, textOf(a.n)]))} chosen={chosenN} onChoose={setChosenN} />}
          {checks && (!variantGate || chosen) && <GuardFindings checks={checks} onShow={(f) => showEvidence(selection.ref.current, f.evidence)} />}
          {!variantGate && rendered}
          {decisionBlocked ? (
            <p role="note" data-testid="gate-blocked" className="rounded-lg border border-stone-300 bg-stone-50 p-3 text-sm text-stone-700">{decisionBlocked}</p>
          ) : (
          <GateActions
            runId={run.id}
            stageId={stage.id}
            occasion={`${stage.id}:${candidates.map((a) => a.n).join(",")}`}
            variant="gate"
            artifact={variantGate ? (chosen ? (textOf(chosen.n) ?? null) : null) : (body ?? null)}
            checks={checks}
            choice={variantGate ? (chosen ? { n: chosen.n, letter: chosen.variant ?? String(chosen.n) } : null) : undefined}
            onChanged={onChanged}
            onUnsent={onUnsent}
            onDecided={onDecided}
            onConflict={onConflict}
          />
          )}
        </div>
      )}

      {failedHere && (
        <div className="space-y-3 rounded-xl border border-red-200 bg-red-50/40 p-4">
          <p className="text-sm text-red-900">{t.run.failedActions}</p>
          {decisionBlocked ? (
            <p role="note" className="text-sm text-stone-700">{decisionBlocked}</p>
          ) : (
          <GateActions
            runId={run.id}
            stageId={stage.id}
            occasion={`${stage.id}:failed:${lastAttempt?.n ?? 0}`}
            variant="failed"
            artifact={null}
            onChanged={onChanged}
            onUnsent={onUnsent}
            onDecided={onDecided}
            onConflict={onConflict}
          />
          )}
        </div>
      )}
      {isFailedStage(stage.status) && !failedHere && lastAttempt?.error && <LlmErrorBox error={lastAttempt.error} />}

      {isRunningStage(stage.status) &&
        (writing.length > 1 ? (
          <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-3">
            {writing.map((a) => (
              <LiveDraft key={a.n} attempt={a.n} label={t.durable.writingVariant(a.variant ?? String(a.n))} draft={drafts[draftKey(stage.id, a.n)] ?? null} now={now} />
            ))}
          </div>
        ) : (
          <LiveDraft attempt={lastAttempt?.n ?? 1} draft={drafts[draftKey(stage.id, lastAttempt?.n ?? 1)] ?? null} now={now} />
        ))}
      {isPendingStage(stage.status) && <p className="muted">{t.run.waitingTurn}</p>}
      {isSkippedStage(stage.status) && <p className="muted">{t.run.skippedStage}</p>}

      {hasResult && !atGate && (
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
          {isApprovedStage(stage.status) && overridden && (
            <p className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-950" data-testid="override-reason">
              <span className="font-semibold">{t.guard.approvedAnyway}</span> {overridden.override_reason}
            </p>
          )}
          {reusedFrom && (
            <p className="rounded-lg border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-950" data-testid="reused-note">
              {t.durable.reusedFrom}{" "}
              <Link href={`/runs/${reusedFrom.run_id}?stage=${encodeURIComponent(reusedFrom.stage_id)}`} className="link">
                {t.durable.openOriginal}
              </Link>
            </p>
          )}
          {checks && checks.findings.length > 0 && <GuardFindings checks={checks} compact onShow={(f) => showEvidence(selection.ref.current, f.evidence)} />}
          {rendered}
        </div>
      )}
      {promoting && (
        <PromotionPanel key={promoting.key} context={promotion} source={promoting.source} initialText={promoting.text} onClose={() => setPromoting(null)} />
      )}

      {/* "Did it work in practice?" only makes sense once the work is out: asked when the run is complete. */}
      {artifact && isApprovedStage(stage.status) && (isRunCompleted(run.status) || stageFeedback.length > 0) && (
        <section aria-labelledby={`feedback-${stage.id}`} className="space-y-3 rounded-lg border border-stone-200 bg-stone-50/60 p-4" data-testid="stage-feedback">
          <h3 id={`feedback-${stage.id}`} className="text-sm font-semibold">
            {t.feedback.stageTitle}
          </h3>
          {isRunCompleted(run.status) && <FeedbackForm runId={run.id} stageId={stage.id} onSaved={onChanged} />}
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

      {stage.attempts.length > 0 && <AttemptsTable runId={run.id} stage={stage} />}
    </section>
  );
}
