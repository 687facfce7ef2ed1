"use client";

import { isPendingPromotion } from "@/lib/domain/promotion";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { useT } from "../_i18n/client";
import { actionKeys, callApi } from "./api";
import type { PromotionJson } from "./apiTypes";
import { kindSpec } from "./canonicalFields";
import { PromotionPreview, promotionBase, type PromotionOutcome } from "./PromotionPreview";

export interface PromotionContext {
  brand: { id: string; name: string; taboos: string[] };
  product: { id: string; name: string };
}

export type PromotionSource = { kind: "artifact" | "edit" | "feedback" | "decision" | "chat"; id: string };

/** Where the text goes: appended to soul.md / essence.md, or as the new value of one canonical field. */
type Target = "soul" | "essence" | `brand:${string}` | `product:${string}`;

const BRAND_FIELDS = ["promise", "audience", "tone", "taboos"];
const PRODUCT_FIELDS = ["differentiator", "offer", "price", "constraints"];

/**
 * Promote a piece of text that worked (a line of an approved artifact or edit, a feedback comment) into
 * canonical memory: choose where it goes, see the preview (POST …/promotions), then Confirm or Discard.
 */
export function PromotionPanel({
  context,
  source,
  initialText,
  onClose,
}: {
  context: PromotionContext;
  source: PromotionSource | null;
  initialText: string;
  onClose: () => void;
}) {
  const t = useT();
  const router = useRouter();
  const uid = useId();
  const brandSpec = kindSpec("brand", t);
  const productSpec = kindSpec("product", t);
  const [text, setText] = useState(initialText);
  const [target, setTarget] = useState<Target>("soul");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<PromotionJson | null>(null);
  const [decided, setDecided] = useState<PromotionOutcome | null>(null);

  const labelOf = (spec: typeof brandSpec, name: string) => spec.fields.find((f) => f.name === name)?.label ?? name;

  function request(): { url: string; body: Record<string, unknown>; entity: string } {
    const value = text.trim();
    const common = { ...(source && { source }), ...(note.trim() && { note: note.trim() }) };
    if (target === "soul") return { url: promotionBase({ entity_type: "brand", entity_id: context.brand.id }), body: { markdown_append: value, ...common }, entity: context.brand.name };
    if (target === "essence") return { url: promotionBase({ entity_type: "product", entity_id: context.product.id }), body: { markdown_append: value, ...common }, entity: context.product.name };
    const [kind, field] = target.split(":");
    if (kind === "brand") {
      // Taboos are a list: the promoted lines join it rather than replace it.
      const fieldValue =
        field === "taboos"
          ? [...context.brand.taboos, ...value.split("\n").map((l) => l.replace(/^[-*•]\s*/, "").trim()).filter((l) => l && !context.brand.taboos.includes(l))]
          : value;
      return { url: promotionBase({ entity_type: "brand", entity_id: context.brand.id }), body: { fields: { [field]: fieldValue }, ...common }, entity: context.brand.name };
    }
    return { url: promotionBase({ entity_type: "product", entity_id: context.product.id }), body: { fields: { [field]: value }, ...common }, entity: context.product.name };
  }

  async function propose(e?: FormEvent) {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    setDecided(null);
    // A stale preview is cleared away before the fresh one is made, so it does not linger as pending.
    if (preview && isPendingPromotion(preview)) await callApi("POST", `${promotionBase(preview)}/${preview.id}/discard`);
    const { url, body } = request();
    // A key per proposal: proposing the same text again (after discarding the preview) is a new proposal.
    const res = await callApi<PromotionJson>("POST", url, body, { keys: actionKeys() });
    setBusy(false);
    if (res.ok) setPreview(res.data);
    else {
      const details = res.error.details.map((d) => `${d.path}: ${d.issue}`).join("; ");
      setError(`${t.errors.api[res.error.code] ?? res.error.message}${details ? ` (${details})` : ""}`);
    }
  }

  // Confirmed: the canon moved to the next version (a confirm only applies on the version it previewed).
  const promoted = decided === "confirmed";
  const entityName = preview ? (preview.entity_type === "brand" ? context.brand.name : context.product.name) : "";

  return (
    <section aria-labelledby={`${uid}-title`} className="space-y-4 rounded-xl border border-accent-200 bg-accent-50/40 p-4" data-testid="promotion-panel">
      <div className="flex items-start justify-between gap-3">
        <div>
          <h3 id={`${uid}-title`} className="font-semibold text-stone-900" data-testid="promotion-title">
            {promoted ? t.promotion.promotedTitle : preview ? t.promotion.previewTitle : t.promotion.title}
          </h3>
          <p className="text-sm text-stone-600">{promoted && preview ? t.promotion.promotedIntro(preview.base_version + 1) : preview ? t.promotion.previewIntro : t.promotion.intro}</p>
        </div>
        <button type="button" className="btn-secondary btn-sm" onClick={onClose}>
          {t.common.close}
        </button>
      </div>

      {!preview ? (
        <form onSubmit={propose} className="space-y-3">
          <div>
            <label htmlFor={`${uid}-text`} className="field-label">
              {t.promotion.textLabel}
            </label>
            <textarea
              id={`${uid}-text`}
              value={text}
              onChange={(e) => setText(e.target.value)}
              rows={4}
              className="input resize-y bg-white"
              aria-describedby={`${uid}-text-hint`}
              autoFocus
            />
            <p id={`${uid}-text-hint`} className="field-hint">
              {initialText ? t.promotion.fromSelection : t.promotion.selectionHint}
            </p>
          </div>
          <div className="grid gap-3 sm:grid-cols-2">
            <div>
              <label htmlFor={`${uid}-target`} className="field-label">
                {t.promotion.target}
              </label>
              <select id={`${uid}-target`} className="input bg-white" value={target} onChange={(e) => setTarget(e.target.value as Target)}>
                <optgroup label={t.promotion.appendGroup}>
                  <option value="soul">{t.promotion.targetSoul(context.brand.name)}</option>
                  <option value="essence">{t.promotion.targetEssence(context.product.name)}</option>
                </optgroup>
                <optgroup label={t.promotion.brandFields(context.brand.name)}>
                  {BRAND_FIELDS.map((f) => (
                    <option key={f} value={`brand:${f}`}>
                      {f === "taboos" ? t.promotion.listTarget(labelOf(brandSpec, f)) : t.promotion.fieldTarget(labelOf(brandSpec, f))}
                    </option>
                  ))}
                </optgroup>
                <optgroup label={t.promotion.productFields(context.product.name)}>
                  {PRODUCT_FIELDS.map((f) => (
                    <option key={f} value={`product:${f}`}>
                      {t.promotion.fieldTarget(labelOf(productSpec, f))}
                    </option>
                  ))}
                </optgroup>
              </select>
            </div>
            <div>
              <label htmlFor={`${uid}-note`} className="field-label">
                {t.promotion.noteLabel} <span className="font-normal text-stone-500">({t.common.optional})</span>
              </label>
              <input id={`${uid}-note`} type="text" className="input bg-white" value={note} onChange={(e) => setNote(e.target.value)} placeholder={t.promotion.noteHint} />
            </div>
          </div>
          <div className="flex flex-wrap gap-2">
            <button type="submit" className="btn-primary" disabled={busy || !text.trim()}>
              {busy ? t.promotion.previewing : t.promotion.preview}
            </button>
            <button type="button" className="btn-secondary" onClick={onClose} disabled={busy}>
              {t.common.cancel}
            </button>
          </div>
        </form>
      ) : (
        <>
          <PromotionPreview
            key={preview.id}
            promotion={preview}
            entityName={entityName}
            onDecided={(outcome) => {
              setDecided(outcome);
              // The page's copy of the canon (taboos, versions, pending proposals) is now old.
              if (outcome === "confirmed") router.refresh();
            }}
            onProposeAgain={() => void propose()}
          />
          {(decided === "discarded" || decided === "decided") && (
            <button type="button" className="btn-secondary btn-sm" onClick={() => setPreview(null)}>
              {t.promotion.editAgain}
            </button>
          )}
        </>
      )}
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </section>
  );
}
