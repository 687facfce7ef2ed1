"use client";

import { isPendingPromotion } from "@/lib/domain/promotion";
import { CANONICAL } from "@/lib/domain/canonical";
import Link from "next/link";
import { useRef, useState } from "react";
import { useT } from "../_i18n/client";
import { actionKeys, callApi } from "./api";
import type { PromotionJson } from "./apiTypes";
import { kindSpec } from "./canonicalFields";
import { UnifiedDiff } from "./DiffView";

export type PromotionOutcome = "confirmed" | "discarded" | "stale" | "decided";

const show = (v: unknown) => (Array.isArray(v) ? v.join(" · ") : typeof v === "string" ? v : v == null ? "" : JSON.stringify(v));

export function promotionBase(p: Pick<PromotionJson, "entity_type" | "entity_id">) {
  return `/api/v1/${CANONICAL[p.entity_type].collection}/${p.entity_id}/promotions`;
}

/**
 * A promotion's before → after (changed fields, then the unified diff of soul.md / essence.md) with
 * Confirm and Discard. Nothing changes before Confirm; a 409 on confirm means the canonical moved since
 * the preview (stale) or someone decided first.
 */
export function PromotionPreview({
  promotion: p,
  entityName,
  stale: knownStale = false,
  onDecided,
  onProposeAgain,
}: {
  promotion: PromotionJson;
  /** Name of the brand / product (for the success message and the link). */
  entityName: string;
  /** The page knows the canonical has moved past the preview's base version. */
  stale?: boolean;
  onDecided?: (outcome: PromotionOutcome, p: PromotionJson) => void;
  /** Offered when the preview is stale: make a fresh proposal from the same input. */
  onProposeAgain?: () => void;
}) {
  const t = useT();
  const spec = kindSpec(p.entity_type === "brand" ? "brand" : "product", t);
  const label = (field: string) => spec.fields.find((f) => f.name === field)?.label ?? field;
  const file = p.entity_type === "brand" ? "soul.md" : "essence.md";
  const href = `/${CANONICAL[p.entity_type].collection}/${p.entity_id}`;
  const [busy, setBusy] = useState<"confirm" | "discard" | null>(null);
  const [outcome, setOutcome] = useState<PromotionOutcome | null>(isPendingPromotion(p) ? null : (p.status as PromotionOutcome));
  const [error, setError] = useState<string | null>(null);
  // A double-clicked confirm changes the canon once.
  const keys = useRef(actionKeys()).current;
  const stale = outcome === "stale" || (knownStale && outcome === null);

  async function decide(action: "confirm" | "discard") {
    setBusy(action);
    setError(null);
    const res = await callApi<PromotionJson>("POST", `${promotionBase(p)}/${p.id}/${action}`, undefined, { keys });
    setBusy(null);
    let next: PromotionOutcome;
    if (res.ok) next = action === "confirm" ? "confirmed" : "discarded";
    else if (res.error.status === 409) next = res.error.details.some((d) => d.code === "stale_version") ? "stale" : "decided";
    else {
      setError(t.errors.api[res.error.code] ?? res.error.message);
      return;
    }
    setOutcome(next);
    onDecided?.(next, res.ok ? res.data : p);
  }

  const empty = p.diff.fields.length === 0 && !p.diff.markdown;

  return (
    <div className="space-y-3" data-testid="promotion-preview" data-promotion={p.id}>
      {p.diff.fields.length > 0 && (
        <div>
          <h4 className="text-xs font-semibold tracking-wide text-stone-500 uppercase">{t.promotion.fieldsChanged}</h4>
          <div className="relative mt-1 overflow-x-auto rounded-md border border-stone-200">
            <table className="w-full text-left text-sm">
              <thead className="bg-stone-50 text-xs text-stone-500">
                <tr>
                  <th className="px-3 py-1.5 font-medium">{t.promotion.field}</th>
                  <th className="px-3 py-1.5 font-medium">{t.promotion.before}</th>
                  <th className="px-3 py-1.5 font-medium">{t.promotion.after}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-100 align-top">
                {p.diff.fields.map((f) => (
                  <tr key={f.field} data-field={f.field}>
                    <td className="px-3 py-2 font-medium whitespace-nowrap text-stone-700">{label(f.field)}</td>
                    <td className="px-3 py-2 break-words whitespace-pre-wrap text-red-800">
                      <del className="bg-red-50 decoration-red-300">{show(f.before) || t.common.empty}</del>
                    </td>
                    <td className="px-3 py-2 break-words whitespace-pre-wrap text-emerald-900">
                      <ins className="bg-emerald-50 no-underline">{show(f.after) || t.common.empty}</ins>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      {p.diff.markdown && (
        <div>
          <h4 className="text-xs font-semibold tracking-wide text-stone-500 uppercase">{t.promotion.markdownDiff(file)}</h4>
          <div className="mt-1">
            <UnifiedDiff patch={p.diff.markdown} label={t.promotion.markdownDiff(file)} testId="promotion-diff" />
          </div>
        </div>
      )}
      {empty && <p className="muted">{t.promotion.noChange}</p>}

      {outcome === "confirmed" ? (
        <p role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          {t.promotion.confirmed(entityName)}{" "}
          <Link href={href} className="font-medium underline underline-offset-2">
            {p.entity_type === "brand" ? t.promotion.openBrand : t.promotion.openProduct} →
          </Link>
        </p>
      ) : outcome === "discarded" ? (
        <p role="status" className="rounded-lg border border-stone-200 bg-stone-50 px-3 py-2 text-sm text-stone-700">
          {t.promotion.discarded}
        </p>
      ) : outcome === "decided" ? (
        <p role="alert" className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t.promotion.alreadyDecided}
        </p>
      ) : (
        <>
          {stale && (
            <div role="alert" className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
              <p>{t.promotion.stale}</p>
              {onProposeAgain && (
                <button type="button" className="btn-secondary btn-sm mt-2" onClick={onProposeAgain}>
                  {t.promotion.proposeAgain}
                </button>
              )}
            </div>
          )}
          <div className="flex flex-wrap gap-2">
            <button type="button" className="btn-primary" disabled={busy !== null || stale || empty} onClick={() => void decide("confirm")}>
              {busy === "confirm" ? t.promotion.confirming : t.promotion.confirm}
            </button>
            <button type="button" className="btn-secondary" disabled={busy !== null} onClick={() => void decide("discard")}>
              {busy === "discard" ? t.promotion.discarding : t.promotion.discard}
            </button>
          </div>
        </>
      )}
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
