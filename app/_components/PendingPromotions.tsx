"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useT } from "../_i18n/client";
import { callApi } from "./api";
import type { PromotionJson } from "./apiTypes";
import { LocalTime } from "./LocalTime";
import { PromotionPreview, promotionBase } from "./PromotionPreview";

/**
 * The same proposal made again on the current canonical: its changed fields, and the text it appended
 * (as an append, so what changed in the meantime is kept). Null when the markdown change was not an
 * append — re-proposing a whole replacement would silently undo the newer edit.
 */
export function reproposalBody(p: PromotionJson): Record<string, unknown> | null {
  const body: Record<string, unknown> = {};
  if (p.diff.fields.length) body.fields = Object.fromEntries(p.diff.fields.map((f) => [f.field, f.after]));
  if (p.before.markdown !== p.after.markdown) {
    const base = p.before.markdown.replace(/\s+$/, "");
    if (!p.after.markdown.startsWith(base)) return null;
    const appended = p.after.markdown.slice(base.length).trim();
    if (!appended) return null;
    body.markdown_append = appended;
  }
  if (!body.fields && !body.markdown_append) return null;
  if (p.source) body.source = p.source;
  if (p.note) body.note = p.note;
  return body;
}

/**
 * Proposals waiting for a decision on a brand or product page, each with its before → after preview and
 * Confirm / Discard. A proposal made on an older version than the current one is marked stale: it would
 * be refused, so it can be proposed again on the current version (the stale one is discarded).
 */
export function PendingPromotions({ items, entityName, currentVersion }: { items: PromotionJson[]; entityName: string; currentVersion: number }) {
  const t = useT();
  const router = useRouter();
  // A proposal decided here stays on screen with its outcome after the page re-reads the server.
  const [kept, setKept] = useState<PromotionJson[]>([]);
  const [error, setError] = useState<string | null>(null);
  const shown = [...items, ...kept.filter((k) => !items.some((i) => i.id === k.id))].sort((a, b) =>
    a.created_at === b.created_at ? 0 : a.created_at < b.created_at ? 1 : -1,
  );
  if (shown.length === 0) return null;

  async function proposeAgain(p: PromotionJson, body: Record<string, unknown>) {
    setError(null);
    const res = await callApi<PromotionJson>("POST", promotionBase(p), body);
    if (!res.ok) {
      setError(t.errors.api[res.error.code] ?? res.error.message);
      return;
    }
    await callApi("POST", `${promotionBase(p)}/${p.id}/discard`);
    router.refresh();
  }

  return (
    <section aria-labelledby="pending-title" className="card card-body space-y-4 border-violet-200" data-testid="pending-promotions">
      <div>
        <h2 id="pending-title" className="section-title">
          {t.promotion.pendingTitle(items.length)}
        </h2>
        <p className="muted mt-1">{t.promotion.pendingIntro}</p>
      </div>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      <ol aria-label={t.promotion.pendingLabel} className="space-y-4">
        {shown.map((p) => {
          const stale = p.base_version !== currentVersion && !kept.some((k) => k.id === p.id);
          const again = stale ? reproposalBody(p) : null;
          return (
            <li key={p.id} className="space-y-3 rounded-lg border border-stone-200 p-4">
              <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-stone-500">
                <span className="badge bg-violet-50 text-violet-800">{p.source ? (t.promotion.sourceKind[p.source.kind] ?? p.source.kind) : t.promotion.sourceManual}</span>
                <span>
                  {t.promotion.proposedAt} <LocalTime iso={p.created_at} withDate />
                </span>
                <span>{t.promotion.baseVersion(p.base_version)}</span>
                {stale && <span className="badge bg-amber-100 text-amber-900">{t.promotion.staleBadge}</span>}
              </p>
              {p.note && <p className="text-sm break-words text-stone-700">{p.note}</p>}
              <PromotionPreview
                promotion={p}
                entityName={entityName}
                stale={stale}
                onDecided={(outcome) => {
                  if (outcome === "stale") return;
                  setKept((k) => [...k, p]);
                  router.refresh();
                }}
                onProposeAgain={again ? () => void proposeAgain(p, again) : undefined}
              />
            </li>
          );
        })}
      </ol>
    </section>
  );
}
