"use client";

import { useId, useState, type FormEvent } from "react";
import { useT } from "../../_i18n/client";
import { callApi } from "../../_components/api";
import type { FeedbackJson } from "../../_components/apiTypes";
import { LocalTime } from "../../_components/LocalTime";

type Verdict = "worked" | "did_not_work";

/**
 * "Worked / did not work" on a stage or on the whole run, with an optional comment (POST /api/v1/feedback).
 * The verdict opens the comment box; nothing is sent until "Register".
 */
export function FeedbackForm({ runId, stageId, onSaved }: { runId: string; stageId?: string; onSaved: () => void }) {
  const t = useT();
  const uid = useId();
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!verdict) return;
    setBusy(true);
    setError(null);
    const res = await callApi("POST", "/api/v1/feedback", {
      run_id: runId,
      ...(stageId && { stage_id: stageId }),
      verdict,
      ...(comment.trim() && { comment: comment.trim() }),
    });
    setBusy(false);
    if (!res.ok) {
      setError(t.errors.api[res.error.code] ?? res.error.message);
      return;
    }
    setVerdict(null);
    setComment("");
    setSaved(true);
    onSaved();
  }

  function choose(v: Verdict) {
    setVerdict(verdict === v ? null : v);
    setSaved(false);
  }

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          aria-pressed={verdict === "worked"}
          onClick={() => choose("worked")}
          className="btn-secondary btn-sm aria-pressed:border-emerald-400 aria-pressed:bg-emerald-50 aria-pressed:text-emerald-900"
        >
          <span aria-hidden>✓</span> {t.feedback.worked}
        </button>
        <button
          type="button"
          aria-pressed={verdict === "did_not_work"}
          onClick={() => choose("did_not_work")}
          className="btn-secondary btn-sm aria-pressed:border-red-300 aria-pressed:bg-red-50 aria-pressed:text-red-900"
        >
          <span aria-hidden>✗</span> {t.feedback.didNotWork}
        </button>
        {saved && (
          <span role="status" className="text-xs font-medium text-emerald-700">
            {t.feedback.saved}
          </span>
        )}
      </div>
      {verdict && (
        <form onSubmit={submit} className="space-y-2">
          <label htmlFor={`${uid}-comment`} className="field-label">
            {t.feedback.commentLabel(t.feedback.verdict[verdict])} <span className="font-normal text-stone-500">({t.common.optional})</span>
          </label>
          <textarea
            id={`${uid}-comment`}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            rows={3}
            autoFocus
            className="input resize-y"
            aria-describedby={`${uid}-hint`}
          />
          <p id={`${uid}-hint`} className="field-hint">
            {t.feedback.commentHint}
          </p>
          <div className="flex flex-wrap gap-2">
            <button type="submit" className="btn-primary btn-sm" disabled={busy}>
              {busy ? t.feedback.saving : t.feedback.submit}
            </button>
            <button type="button" className="btn-secondary btn-sm" disabled={busy} onClick={() => setVerdict(null)}>
              {t.common.cancel}
            </button>
          </div>
        </form>
      )}
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** Feedback given on a run, newest first: verdict, where (stage or whole run), when, the comment. */
export function FeedbackList({
  items,
  stageTitle,
  onPromote,
  label,
}: {
  items: FeedbackJson[];
  stageTitle: (id: string | null) => string;
  onPromote?: (f: FeedbackJson) => void;
  label: string;
}) {
  const t = useT();
  if (items.length === 0) return <p className="muted">{t.feedback.empty}</p>;
  const newestFirst = [...items].sort((a, b) => (a.created_at < b.created_at ? 1 : -1));
  return (
    <ul aria-label={label} className="divide-y divide-stone-100 rounded-lg border border-stone-200 bg-white" data-testid="feedback-list">
      {newestFirst.map((f) => (
        <li key={f.id} className="space-y-1 px-3 py-2" data-verdict={f.verdict}>
          <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-stone-500">
            <span
              className={`inline-flex items-center rounded-full px-2 py-0.5 font-medium ring-1 ring-inset ${
                f.verdict === "worked" ? "bg-emerald-50 text-emerald-800 ring-emerald-200" : "bg-red-50 text-red-800 ring-red-200"
              }`}
            >
              {t.feedback.verdict[f.verdict] ?? f.verdict}
            </span>
            <span className="font-medium text-stone-700">{stageTitle(f.stage_id)}</span>
            <LocalTime iso={f.created_at} withDate />
            {onPromote && f.comment && (
              <button type="button" className="link ml-auto text-xs font-medium" onClick={() => onPromote(f)}>
                {t.feedback.promote}
              </button>
            )}
          </p>
          {f.comment ? (
            <p className="text-sm break-words whitespace-pre-wrap text-stone-800">{f.comment}</p>
          ) : (
            <p className="text-xs text-stone-400 italic">{t.feedback.noComment}</p>
          )}
        </li>
      ))}
    </ul>
  );
}
