import { z } from "zod";
import { CANONICAL, type CanonicalSpec } from "./canonical";
import { fieldsShape } from "./canonicalInput";
import { markdownField, noteField } from "./fieldRules";

// The request schemas of promotions and restores (apart from promotion.ts so the screens can import it without zod).

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

export const restoreParams = z.strictObject({ version: z.coerce.number().int().min(1) });
