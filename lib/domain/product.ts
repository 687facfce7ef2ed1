import { z } from "zod";
import { idPattern } from "./ids";
import { markdownField, nameField, noteField, textField } from "./fieldRules";

/** A product's canonical fields: always injected into its generations, changed only by the user. */
export interface ProductFields {
  name: string;
  offer: string;
  price: string;
  differentiator: string;
  constraints: string;
}

export interface Product extends ProductFields {
  id: string;
  brandId: string;
  /** essence.md: the product's free-form nuance, in markdown. */
  essenceMd: string;
  canonicalVersion: number;
  createdAt: string;
  updatedAt: string;
}

export const productCreateInput = z.strictObject({
  brand_id: z.string().regex(idPattern("brand"), "not a brand id"),
  name: nameField,
  offer: textField.optional(),
  price: textField.optional(),
  differentiator: textField.optional(),
  constraints: textField.optional(),
  essence_md: markdownField.optional(),
});
export type ProductCreateInput = z.infer<typeof productCreateInput>;

export const productPatchInput = z
  .strictObject({
    name: nameField.optional(),
    offer: textField.optional(),
    price: textField.optional(),
    differentiator: textField.optional(),
    constraints: textField.optional(),
    essence_md: markdownField.optional(),
    note: noteField.optional(),
  })
  .refine((p) => Object.keys(p).some((k) => k !== "note"), { message: "nothing to change" });
export type ProductPatchInput = z.infer<typeof productPatchInput>;

export function productFields(p: ProductFields): ProductFields {
  return {
    name: p.name,
    offer: p.offer,
    price: p.price,
    differentiator: p.differentiator,
    constraints: p.constraints,
  };
}
