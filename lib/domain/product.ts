import { z } from "zod";
import { CANONICAL } from "./canonical";
import { createShapeOf, patchInputOf } from "./canonicalInput";
import { idPattern } from "./ids";

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
  ...createShapeOf(CANONICAL.product),
});
export type ProductCreateInput = Partial<Omit<ProductFields, "name">> & { brand_id: string; name: string; essence_md?: string };

export const productPatchInput = patchInputOf(CANONICAL.product);
export type ProductPatchInput = Partial<ProductFields> & { essence_md?: string; note?: string };
