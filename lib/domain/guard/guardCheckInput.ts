import { z } from "zod";
import { idPattern } from "../ids";

/** POST /api/v1/guard/check: any text, checked against a brand (and product) canon, optionally as a stack's stage. */
export const guardCheckInput = z
  .strictObject({
    brand_id: z.string().regex(idPattern("brand"), "not a brand id"),
    product_id: z.string().regex(idPattern("product"), "not a product id").optional(),
    markdown: z.string().min(1, "must not be empty").max(400_000),
    stack: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "not a stack name").optional(),
    stage_id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "not a stage id").optional(),
  })
  .refine((b) => !b.stage_id || b.stack, { message: "stage_id needs stack", path: ["stage_id"] });
export type GuardCheckInput = z.infer<typeof guardCheckInput>;
