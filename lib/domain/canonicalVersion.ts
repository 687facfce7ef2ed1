import type { BrandFields } from "./brand";
import type { ProductFields } from "./product";

export type CanonicalEntity = "brand" | "product";
export type CanonicalSource = "create" | "edit" | "promotion" | "restore" | "import";

/** One saved state of a brand's or product's canonical memory. */
export interface CanonicalVersion {
  id: string;
  entityType: CanonicalEntity;
  entityId: string;
  version: number;
  fields: BrandFields | ProductFields;
  /** soul.md (brand) or essence.md (product) as it was at this version. */
  markdown: string;
  source: CanonicalSource;
  note: string;
  createdAt: string;
}
