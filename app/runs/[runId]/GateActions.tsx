"use client";

import { useState, type FormEvent } from "react";
import { useT } from "../../_i18n/client";
import { callApi } from "../../_components/api";
import { MarkdownEditor } from "../../_components/MarkdownEditor";
import { ProviderNotice } from "../../_components/ProviderNotice";

type Mode = "idle" | "edit" | "retry";

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
  onChanged,
}: {
  runId: string;
  stageId: string;
  variant: "gate" | "failed";
  /** The markdown under review (prefills the editor). */
  artifact: string | null;
  onChanged: () => void;
}) {
  const t = useT();
  const [mode, setMode] = useState<Mode>("idle");
  const [edited, setEdited] = useState("");
  const [feedback, setFeedback] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [providerMissing, setProviderMissing] = useState(false);

  async function decide(action: "approve" | "skip" | "retry", body: Record<string, unknown>) {
    setBusy(true);
    setError(null);
    setProviderMissing(false);
    const res = await callApi("POST", `/api/v1/runs/${runId}/${action}`, { stage_id: stageId, ...body });
    setBusy(false);
    if (res.ok) {
      setMode("idle");
      setFeedback("");
      onChanged();
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
    void decide("approve", { edited_markdown: edited });
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
              <button type="button" className="btn-primary" disabled={busy} onClick={() => decide("approve", {})}>
                {t.run.approve}
              </button>
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

      {mode === "edit" && (
        <form onSubmit={submitEdit} className="space-y-3">
          <MarkdownEditor id={`edit-${stageId}`} label={t.run.editLabel} hint={t.run.editHint} value={edited} onChange={setEdited} />
          <div className="flex flex-wrap gap-2">
            <button type="submit" className="btn-primary" disabled={busy || !edited.trim()}>
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
