import { createTwoFilesPatch } from "diff";
import { z } from "zod";
import { CANONICAL, type CanonicalFields, type CanonicalKind, type CanonicalSpec } from "./canonical";
import { fieldsShape } from "./canonicalInput";
import { idPattern } from "./ids";
import { markdownField, noteField } from "./fieldRules";

// A proposed change to canonical memory, from something that worked (an artifact, an approved edit, a
// piece of feedback). Nothing changes until the user confirms the previewed before → after.

export interface Promotion {
  id: string;
  entityType: CanonicalKind;
  entityId: string;
  status: "proposed" | "confirmed" | "discarded";
  /** The canonical state the preview was computed from, and the one it proposes. */
  proposal: { before: CanonicalState; after: CanonicalState };
  baseVersion: number;
  sourceKind: string | null;
  sourceId: string | null;
  note: string;
  createdAt: string;
  decidedAt: string | null;
}

/** Still waiting for the user to confirm or discard it. */
export const isPendingPromotion = (p: Pick<Promotion, "status">) => p.status === "proposed";

export interface CanonicalState {
  fields: CanonicalFields;
  markdown: string;
}

const source = z.strictObject({
  kind: z.enum(["artifact", "edit", "feedback", "decision", "chat"]),
  id: z.string().regex(/^(art|fbk|dec|msg)_[0-9A-HJKMNP-TV-Z]{26}$/, "not an artifact, feedback, decision or message id"),
});

/** A promotion proposal for one canonical kind: fields and/or markdown (appended or replaced). */
export function promotionInputOf(spec: CanonicalSpec) {
  return z
    .strictObject({
      fields: z.strictObject(fieldsShape(spec)).optional(),
      /** Text added at the end of soul.md / essence.md (the usual promotion: a line that worked). */
      markdown_append: markdownField.refine((s) => s.trim().length > 0, "must not be empty").optional(),
      /** Or a whole new soul.md / essence.md. */
      markdown: markdownField.optional(),
      source: source.optional(),
      note: noteField.optional(),
    })
    .refine((p) => p.fields || p.markdown_append !== undefined || p.markdown !== undefined, { message: "propose fields, markdown or markdown_append" })
    .refine((p) => !(p.markdown_append !== undefined && p.markdown !== undefined), { message: "give markdown or markdown_append, not both" });
}

export const promotionInputs = { brand: promotionInputOf(CANONICAL.brand), product: promotionInputOf(CANONICAL.product) };
export type PromotionInput = z.infer<ReturnType<typeof promotionInputOf>>;

/** The markdown after a promotion: appended as its own paragraph, or replaced whole. */
export function promotedMarkdown(before: string, p: { markdown?: string; markdown_append?: string }): string {
  if (p.markdown !== undefined) return p.markdown;
  if (p.markdown_append === undefined) return before;
  const base = before.replace(/\s+$/, "");
  return `${base}${base ? "\n\n" : ""}${p.markdown_append.trim()}\n`;
}

export const restoreParams = z.strictObject({ version: z.coerce.number().int().min(1) });

/** The before → after of a promotion, field by field and as a unified diff of the markdown. */
export function promotionDiff(p: Promotion) {
  const fields = Object.keys(p.proposal.after.fields)
    .map((field) => ({ field, before: p.proposal.before.fields[field], after: p.proposal.after.fields[field] }))
    .filter((f) => JSON.stringify(f.before) !== JSON.stringify(f.after));
  const file = CANONICAL[p.entityType].markdown.file;
  const markdown =
    p.proposal.before.markdown === p.proposal.after.markdown
      ? ""
      : createTwoFilesPatch(file, file, p.proposal.before.markdown, p.proposal.after.markdown, `v${p.baseVersion}`, "proposta");
  return { fields, markdown };
}
