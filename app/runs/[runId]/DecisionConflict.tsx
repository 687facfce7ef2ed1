"use client";

import { useState } from "react";
import { useT } from "../../_i18n/client";
import type { UnsentDecision } from "./GateActions";

export interface Conflict {
  stageTitle: string;
  /** What this tab had typed (null: nothing was lost, the decision simply came from elsewhere). */
  unsent: UnsentDecision | null;
}

/** A decision taken elsewhere first: said at run level, with what this tab had typed, ready to copy. */
export function DecisionConflict({ conflict, onDismiss }: { conflict: Conflict; onDismiss: () => void }) {
  const t = useT();
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const text = conflict.unsent?.text ?? "";

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }

  return (
    <section role="alert" data-testid="decision-conflict" className="mb-6 space-y-3 rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950">
      <p className="font-semibold">
        {t.run.conflictTitle} <span className="font-normal">({conflict.stageTitle})</span>
      </p>
      {text ? (
        <>
          <p>{t.run.conflictKept}</p>
          <label htmlFor="conflict-text" className="sr-only">
            {t.run.conflictKept}
          </label>
          <textarea id="conflict-text" readOnly value={text} rows={Math.min(10, text.split("\n").length + 1)} className="input resize-y bg-white font-mono text-xs" />
        </>
      ) : (
        <p>{t.run.conflict}</p>
      )}
      <div className="flex flex-wrap items-center gap-2">
        {text && (
          <button type="button" className="btn-primary" onClick={copy}>
            {t.run.copyText}
          </button>
        )}
        <button type="button" className="btn-secondary" onClick={onDismiss}>
          {t.run.dismiss}
        </button>
        {copied && <span role="status">{copied === "yes" ? t.run.copied : t.run.copyFailed}</span>}
      </div>
    </section>
  );
}
