import { z } from "zod";
import { idPattern } from "./ids";
import { nameField } from "./fieldRules";

/** A campaign of one product: its chat and its runs. */
export interface Thread {
  id: string;
  productId: string;
  brandId: string;
  title: string;
  createdAt: string;
  updatedAt: string;
}

export const threadCreateInput = z.strictObject({
  product_id: z.string().regex(idPattern("product"), "not a product id"),
  title: nameField,
});
export type ThreadCreateInput = z.infer<typeof threadCreateInput>;
