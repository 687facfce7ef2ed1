"use client";

import { useLang, useT } from "../../_i18n/client";
import { Markdown } from "../../_components/Markdown";
import { formatDuration, formatNumber } from "../../_components/numbers";
import { providerActivity } from "../../_components/providerActivity";
import type { LiveDraft as Draft } from "./useRunLive";

/**
 * A stage while the model writes it: what it is doing (waiting for the provider, thinking, writing),
 * for how long, and the text so far, rendered. The guard's findings come when the text is complete.
 */
export function LiveDraft({ attempt, label, draft, now }: { attempt: number; label?: string; draft: Draft | null; now: number | null }) {
  const t = useT();
  const lang = useLang();
  const elapsed = draft && now !== null ? now - Date.parse(draft.started_at) : null;
  const doing =
    (draft && providerActivity(t, lang, { retry: draft.retry, reasoningTokens: draft.tokens > 0 ? 0 : draft.reasoning_tokens }, now)) ??
    (draft && draft.tokens > 0 ? t.run.draftWriting(formatNumber(draft.tokens, lang)) : t.run.draftWaiting);

  return (
    <section aria-label={t.run.draftLabel} aria-busy="true" className="space-y-2" data-testid="live-draft">
      <div className={`flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg border px-4 py-3 text-sm ${draft?.retry ? "border-amber-300 bg-amber-50 text-amber-950" : "border-sky-200 bg-sky-50 text-sky-900"}`}>
        <span aria-hidden className="size-4 shrink-0 animate-spin rounded-full border-2 border-current border-t-transparent opacity-70" />
        <span className="font-medium">{label ?? t.run.generating(attempt)}</span>
        <span data-testid="draft-status" data-retry={draft?.retry ? "yes" : "no"}>
          {doing}
        </span>
        {elapsed !== null && <span className="ml-auto tabular-nums opacity-80">{formatDuration(elapsed, lang)}</span>}
      </div>
      {draft && draft.text && (
        <>
          <div className="max-h-[32rem] overflow-auto rounded-lg border border-dashed border-stone-300 bg-white px-4 py-3" data-testid="stage-draft">
            <Markdown source={draft.text} />
          </div>
          <p className="text-xs text-stone-500">{t.run.draftNote}</p>
        </>
      )}
    </section>
  );
}
