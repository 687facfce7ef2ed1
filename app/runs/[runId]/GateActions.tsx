"use client";

import { useState, type FormEvent } from "react";
import { useT } from "../../_i18n/client";
import { callApi } from "../../_components/api";
import { feedbackFrom, type ChecksJson } from "../../_components/GuardFindings";
import { MarkdownEditor } from "../../_components/MarkdownEditor";
import { ProviderNotice } from "../../_components/ProviderNotice";

type Mode = "idle" | "edit" | "retry" | "override";

/**
 * The reviewer's decisions on one stage. At a gate: approve, edit & approve, skip, retry with feedback.
 * On a failed stage: retry (with or without feedback) or skip. Every decision is one POST; a 409 means
 * someone decided first, and the screen re-reads the run.
 */
export function GateActions({
  runId,
  stageId,
  variant,
  artifact,
  checks = null,
  onChanged,
}: {
  runId: string;
  stageId: string;
  variant: "gate" | "failed";
  /** The markdown under review (prefills the editor). */
  artifact: string | null;
  /** The brand guard's checks of it: a block turns Approve into "approve anyway, saying why". */
  checks?: ChecksJson | null;
  onChanged: () => void;
}) {
  const t = useT();
  const [mode, setMode] = useState<Mode>("idle");
  const [edited, setEdited] = useState("");
  const [feedback, setFeedback] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [providerMissing, setProviderMissing] = useState(false);
  const [reason, setReason] = useState("");
  /** An edit the guard refused: its findings, shown with the editor, and the reason field that overrides them. */
  const [editBlocked, setEditBlocked] = useState<string[] | null>(null);
  const blocked = checks?.status === "block";
  const actionable = (checks?.findings ?? []).filter((f) => f.severity !== "info");

  async function decide(action: "approve" | "skip" | "retry", body: Record<string, unknown>) {
    setBusy(true);
    setError(null);
    setProviderMissing(false);
    const res = await callApi("POST", `/api/v1/runs/${runId}/${action}`, { stage_id: stageId, ...body });
    setBusy(false);
    if (res.ok) {
      setMode("idle");
      setFeedback("");
      setReason("");
      setEditBlocked(null);
      onChanged();
      return;
    }
    if (res.error.code === "guard_blocked") {
      setEditBlocked(res.error.details.map((d) => d.issue));
      return;
    }
    if (res.error.code === "provider_not_configured") setProviderMissing(true);
    else if (res.error.status === 409) {
      setError(t.run.conflict);
      onChanged();
    } else setError(t.errors.api[res.error.code] ?? res.error.message);
  }

  function openEdit() {
    setEdited(artifact ?? "");
    setMode("edit");
  }

  function submitEdit(e: FormEvent) {
    e.preventDefault();
    void decide("approve", { edited_markdown: edited, ...(editBlocked && reason.trim() && { override_reason: reason.trim() }) });
  }

  function submitOverride(e: FormEvent) {
    e.preventDefault();
    void decide("approve", { override_reason: reason.trim() });
  }

  function retryFixing() {
    setFeedback(feedbackFrom(actionable, t.guard.retryFixingIntro));
    setMode("retry");
  }

  function submitRetry(e: FormEvent) {
    e.preventDefault();
    void decide("retry", feedback.trim() ? { feedback: feedback.trim() } : {});
  }

  return (
    <div className="space-y-3">
      {mode === "idle" && (
        <div className={`flex flex-wrap gap-2 ${variant === "gate" ? "sticky bottom-0 z-10 -mx-4 -mb-4 rounded-b-xl border-t border-amber-200 bg-amber-50/95 px-4 py-3 backdrop-blur" : ""}`}>
          {variant === "gate" ? (
            <>
              {blocked ? (
                <button type="button" className="btn-secondary" disabled={busy} onClick={() => setMode("override")}>
                  {t.guard.approveAnyway}
                </button>
              ) : (
                <button type="button" className="btn-primary" disabled={busy} onClick={() => decide("approve", {})}>
                  {t.run.approve}
                </button>
              )}
              {actionable.length > 0 && (
                <button type="button" className={blocked ? "btn-primary" : "btn-secondary"} disabled={busy} onClick={retryFixing}>
                  {t.guard.retryFixing}
                </button>
              )}
              <button type="button" className="btn-secondary" disabled={busy || artifact === null} onClick={openEdit}>
                {t.run.editApprove}
              </button>
              <button type="button" className="btn-secondary" disabled={busy} onClick={() => setMode("retry")}>
                {t.run.retryFeedback}
              </button>
              <button type="button" className="btn-secondary" disabled={busy} onClick={() => decide("skip", {})}>
                {t.run.skip}
              </button>
            </>
          ) : (
            <>
              <button type="button" className="btn-primary" disabled={busy} onClick={() => decide("retry", {})}>
                {t.run.retry}
              </button>
              <button type="button" className="btn-secondary" disabled={busy} onClick={() => setMode("retry")}>
                {t.run.retryFeedback}
              </button>
              <button type="button" className="btn-secondary" disabled={busy} onClick={() => decide("skip", {})}>
                {t.run.skip}
              </button>
            </>
          )}
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
      <textarea id={id} value={value} onChange={(e) => onChange(e.target.value)} rows={2} className="input resize-y" aria-describedby={`${id}-hint`} />
      <p id={`${id}-hint`} className="field-hint">
        {t.guard.overrideHint}
      </p>
    </div>
  );
}
