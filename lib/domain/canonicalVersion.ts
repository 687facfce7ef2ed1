import type { CanonicalFields, CanonicalKind } from "./canonical";

export type CanonicalSource = "create" | "edit" | "promotion" | "restore" | "import";

/** One saved state of a brand's or product's canonical memory. */
export interface CanonicalVersion {
  id: string;
  entityType: CanonicalKind;
  entityId: string;
  version: number;
  fields: CanonicalFields;
  /** soul.md (brand) or essence.md (product) as it was at this version. */
  markdown: string;
  source: CanonicalSource;
  note: string;
  createdAt: string;
}
