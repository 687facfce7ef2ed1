"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import { useT } from "../../_i18n/client";
import { actionKeys, callApi } from "../../_components/api";
import { feedbackFrom, type ChecksJson } from "../../_components/GuardFindings";
import { MarkdownEditor } from "../../_components/MarkdownEditor";
import { ProviderNotice } from "../../_components/ProviderNotice";

type Mode = "idle" | "edit" | "retry" | "override" | "skip";

/** What the reviewer has typed and not yet sent: kept by the run screen if this stage is decided elsewhere. */
export type UnsentDecision = { kind: "edit" | "retry" | "override"; text: string };
/** A decision this tab made, for the run screen to announce. */
export type Decided = "approve" | "edit" | "override" | "skip" | "retry";

/**
 * The reviewer's decisions on one stage. At a gate: approve, edit & approve, skip (confirmed), retry
 * with feedback. On a failed stage: retry (with or without feedback) or skip. Every decision is one
 * POST. A 409 means someone decided first: what the reviewer typed goes up to the run screen (which
 * outlives this component) with the conflict, and the screen re-reads the run.
 */
export function GateActions({
  runId,
  stageId,
  occasion,
  variant,
  artifact,
  checks = null,
  choice,
  onChanged,
  onUnsent,
  onDecided,
  onConflict,
}: {
  runId: string;
  stageId: string;
  /** What this gate is about (the attempts it shows): a decision on a later gate of the same stage is a new one. */
  occasion: string;
  variant: "gate" | "failed";
  /** The markdown under review (prefills the editor). */
  artifact: string | null;
  /** The brand guard's checks of it: a block turns Approve into "approve anyway, saying why". */
  checks?: ChecksJson | null;
  /** A gate with variants: the one chosen (null until the reviewer picks), which Approve and Edit act on. */
  choice?: { n: number; letter: string } | null;
  onChanged: () => void;
  /** What is typed and not sent, as it changes (null: nothing). */
  onUnsent?: (unsent: UnsentDecision | null) => void;
  /** This tab's decision went through. */
  onDecided?: (decided: Decided) => void;
  /** Someone decided first: the typed text, for the run screen to keep. */
  onConflict?: (unsent: UnsentDecision | null) => void;
}) {
  const t = useT();
  const [mode, setMode] = useState<Mode>("idle");
  const [more, setMore] = useState(false);
  const [edited, setEdited] = useState("");
  const [feedback, setFeedback] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [providerMissing, setProviderMissing] = useState(false);
  const [reason, setReason] = useState("");
  /** An edit the guard refused: its findings, shown with the editor, and the reason field that overrides them. */
  const [editBlocked, setEditBlocked] = useState<string[] | null>(null);
  const blocked = checks?.status === "block";
  // Among variants nothing is approved until one is chosen; the choice goes with every approval.
  const mustChoose = choice === null;
  const chosenBody = choice ? { attempt: choice.n } : {};
  const actionable = (checks?.findings ?? []).filter((f) => f.severity !== "info");
  const unsent: UnsentDecision | null =
    mode === "edit" && edited.trim() && edited !== (artifact ?? "") ? { kind: "edit", text: edited }
    : mode === "retry" && feedback.trim() ? { kind: "retry", text: feedback }
    : mode === "override" && reason.trim() ? { kind: "override", text: reason }
    : null;
  const unsentKey = unsent ? `${unsent.kind}:${unsent.text}` : "";
  const box = useRef<HTMLDivElement>(null);
  // One key per decision: a double click or a resent request records it once (the server replays the answer).
  const keys = useRef(actionKeys()).current;
  // On a phone the actions sit at the bottom of the screen: the form they open is brought into view.
  useEffect(() => {
    if (mode !== "idle") box.current?.scrollIntoView({ block: "nearest" });
  }, [mode]);
  useEffect(() => {
    onUnsent?.(unsent);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the key says when `unsent` changed
  }, [unsentKey]);

  async function decide(action: "approve" | "skip" | "retry", body: Record<string, unknown>, decided: Decided) {
    setBusy(true);
    setError(null);
    setProviderMissing(false);
    // Sent now: when the run changes under it, that is this decision, not someone else's.
    onUnsent?.(null);
    const res = await callApi("POST", `/api/v1/runs/${runId}/${action}`, { stage_id: stageId, ...body }, { keys, occasion });
    setBusy(false);
    if (res.ok) {
      onUnsent?.(null);
      setMode("idle");
      setFeedback("");
      setReason("");
      setEditBlocked(null);
      onDecided?.(decided);
      onChanged();
      return;
    }
    if (res.error.status !== 409 || res.error.code === "guard_blocked") onUnsent?.(unsent);
    if (res.error.code === "guard_blocked") {
      setEditBlocked(res.error.details.map((d) => d.issue));
      return;
    }
    if (res.error.code === "provider_not_configured") setProviderMissing(true);
    else if (res.error.status === 409) {
      if (onConflict) onConflict(unsent);
      else setError(t.run.conflict);
      onChanged();
    } else setError(t.errors.api[res.error.code] ?? res.error.message);
  }

  function openEdit() {
    setEdited(artifact ?? "");
    setMode("edit");
  }

  function submitEdit(e: FormEvent) {
    e.preventDefault();
    void decide("approve", { ...chosenBody, edited_markdown: edited, ...(editBlocked && reason.trim() && { override_reason: reason.trim() }) }, "edit");
  }

  function submitOverride(e: FormEvent) {
    e.preventDefault();
    void decide("approve", { ...chosenBody, override_reason: reason.trim() }, "override");
  }

  function retryFixing() {
    setFeedback(feedbackFrom(actionable, t.guard.retryFixingIntro));
    setMode("retry");
  }

  function submitRetry(e: FormEvent) {
    e.preventDefault();
    void decide("retry", feedback.trim() ? { feedback: feedback.trim() } : {}, "retry");
  }

  return (
    <div ref={box} className="space-y-3">
      {mode === "idle" && (
        <div
          id={variant === "gate" ? "gate-actions" : undefined}
          data-testid={variant === "gate" ? "gate-bar" : undefined}
          className={`flex flex-wrap gap-2 ${
            variant === "gate"
              ? // Phones: always at the bottom of the screen while the stage waits; wide screens: at the bottom of the gate.
                "fixed inset-x-0 bottom-0 z-30 border-t border-amber-300 bg-amber-50/95 px-3 py-2 shadow-[0_-4px_12px_rgba(0,0,0,0.06)] backdrop-blur lg:sticky lg:inset-x-auto lg:z-10 lg:-mx-4 lg:-mb-4 lg:rounded-b-xl lg:px-4 lg:py-3 lg:shadow-none"
              : ""
          }`}
        >
          {variant === "gate" ? (
            <>
              {/* On a phone the bar keeps one row: the first choice, the rest one tap away ("more"). */}
              {blocked ? (
                <>
                  <FixButton primary onClick={retryFixing} disabled={busy} />
                  <span className={`${more ? "contents" : "hidden"} sm:contents`}>
                    <button type="button" className="btn-secondary" disabled={busy || mustChoose} onClick={() => setMode("override")}>
                      {t.guard.approveAnyway}
                    </button>
                  </span>
                </>
              ) : (
                <>
                  <button type="button" className="btn-primary" disabled={busy || mustChoose} onClick={() => decide("approve", chosenBody, "approve")}>
                    {choice ? t.durable.approveVariant(choice.letter) : mustChoose ? t.durable.chooseFirst : t.run.approve}
                  </button>
                  {actionable.length > 0 && (
                    <span className={`${more ? "contents" : "hidden"} sm:contents`}>
                      <FixButton onClick={retryFixing} disabled={busy} />
                    </span>
                  )}
                </>
              )}
              <span className={`${more ? "contents" : "hidden"} sm:contents`}>
                <button type="button" className="btn-secondary" disabled={busy || artifact === null || mustChoose} onClick={openEdit}>
                  {t.run.editApprove}
                </button>
                <button type="button" className="btn-secondary" disabled={busy} onClick={() => setMode("retry")}>
                  {t.run.retryFeedback}
                </button>
                <button type="button" className="btn-secondary" disabled={busy} onClick={() => setMode("skip")}>
                  {t.run.skip}
                </button>
              </span>
              {!more && (
                <button type="button" className="btn-secondary sm:hidden" aria-expanded={false} onClick={() => setMore(true)}>
                  {t.run.moreActions}
                </button>
              )}
            </>
          ) : (
            <>
              <button type="button" className="btn-primary" disabled={busy} onClick={() => decide("retry", {}, "retry")}>
                {t.run.retry}
              </button>
              <button type="button" className="btn-secondary" disabled={busy} onClick={() => setMode("retry")}>
                {t.run.retryFeedback}
              </button>
              <button type="button" className="btn-secondary" disabled={busy} onClick={() => setMode("skip")}>
                {t.run.skip}
              </button>
            </>
          )}
        </div>
      )}

      {mode === "skip" && (
        <div role="group" aria-labelledby={`skip-${stageId}`} className="space-y-2 rounded-lg border border-stone-300 bg-white p-3">
          <p id={`skip-${stageId}`} className="text-sm text-stone-800">
            {t.run.skipConfirm}
          </p>
          <div className="flex flex-wrap gap-2">
            <button type="button" className="btn-primary" disabled={busy} autoFocus onClick={() => decide("skip", {}, "skip")}>
              {busy ? t.run.working : t.run.skipConfirmYes}
            </button>
            <button type="button" className="btn-secondary" disabled={busy} onClick={() => setMode("idle")}>
              {t.run.back}
            </button>
          </div>
        </div>
      )}

      {mode === "override" && (
        <form onSubmit={submitOverride} className="space-y-2">
          <p className="text-sm text-red-900">{t.guard.blockedNote}</p>
          <OverrideReason id={`override-${stageId}`} value={reason} onChange={setReason} />
          <div className="flex flex-wrap gap-2">
            <button type="submit" className="btn-danger" disabled={busy || reason.trim().length < 3}>
              {busy ? t.run.working : t.guard.overrideSubmit}
            </button>
            <button type="button" className="btn-secondary" disabled={busy} onClick={() => setMode("idle")}>
              {t.common.cancel}
            </button>
          </div>
        </form>
      )}

      {mode === "edit" && (
        <form onSubmit={submitEdit} className="space-y-3">
          <MarkdownEditor id={`edit-${stageId}`} label={t.run.editLabel} hint={t.run.editHint} value={edited} onChange={setEdited} />
          {editBlocked && (
            <div role="alert" className="space-y-2 rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-950">
              <p className="font-semibold">{t.guard.editBlocked}</p>
              <ul className="list-disc pl-5">
                {editBlocked.map((issue, i) => (
                  <li key={i}>{issue}</li>
                ))}
              </ul>
              <OverrideReason id={`edit-override-${stageId}`} value={reason} onChange={setReason} />
            </div>
          )}
          <div className="flex flex-wrap gap-2">
            <button type="submit" className="btn-primary" disabled={busy || !edited.trim() || (editBlocked !== null && reason.trim().length < 3)}>
              {busy ? t.run.working : t.run.submitEdit}
            </button>
            <button type="button" className="btn-secondary" disabled={busy} onClick={() => setMode("idle")}>
              {t.common.cancel}
            </button>
          </div>
        </form>
      )}

      {mode === "retry" && (
        <form onSubmit={submitRetry} className="space-y-2">
          <label htmlFor={`feedback-${stageId}`} className="field-label">
            {variant === "gate" ? t.run.feedbackLabel : t.run.feedbackOptional}
          </label>
          <textarea
            id={`feedback-${stageId}`}
            value={feedback}
            onChange={(e) => setFeedback(e.target.value)}
            rows={4}
            autoFocus
            aria-describedby={`feedback-${stageId}-hint`}
            className="input resize-y"
          />
          <p id={`feedback-${stageId}-hint`} className="field-hint">
            {t.run.feedbackHint}
          </p>
          <div className="flex flex-wrap gap-2">
            <button type="submit" className="btn-primary" disabled={busy || (variant === "gate" && !feedback.trim())}>
              {busy ? t.run.working : t.run.submitRetry}
            </button>
            <button type="button" className="btn-secondary" disabled={busy} onClick={() => setMode("idle")}>
              {t.common.cancel}
            </button>
          </div>
        </form>
      )}

      {providerMissing && <ProviderNotice />}
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

function OverrideReason({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  const t = useT();
  return (
    <div>
      <label htmlFor={id} className="field-label">
        {t.guard.overrideLabel}
      </label>
      <textarea id={id} value={value} onChange={(e) => onChange(e.target.value)} rows={2} autoFocus className="input resize-y" aria-describedby={`${id}-hint`} />
      <p id={`${id}-hint`} className="field-hint">
        {t.guard.overrideHint}
      </p>
    </div>
  );
}

/** "Retry fixing these": the findings become the retry's feedback (short label on a phone). */
function FixButton({ primary = false, onClick, disabled }: { primary?: boolean; onClick: () => void; disabled: boolean }) {
  const t = useT();
  return (
    <button type="button" className={primary ? "btn-primary" : "btn-secondary"} disabled={disabled} onClick={onClick} aria-label={t.guard.retryFixing}>
      <span aria-hidden className="sm:hidden">
        {t.guard.retryFixingShort}
      </span>
      <span aria-hidden className="hidden sm:inline">
        {t.guard.retryFixing}
      </span>
    </button>
  );
}
