import { cache } from "react";
import { getContainer } from "@/lib/container";
import type { CanonicalVersion } from "@/lib/domain/canonicalVersion";
import type { Lang } from "../_i18n/dictionaries";
import { formatDateTime } from "../_i18n/format";
import { orNotFound } from "./orNotFound";
import type { VersionView } from "./VersionHistory";

// Reads shared by a page and its metadata within one request (React's cache() dedupes them).

export const loadBrand = cache((id: string) => orNotFound(getContainer().brands.getBrand(id)));
export const loadProduct = cache((id: string) => orNotFound(getContainer().products.getProduct(id)));
export const loadThread = cache((id: string) => orNotFound(getContainer().threads.getThread(id)));

export function versionViews(versions: CanonicalVersion[], lang: Lang): VersionView[] {
  return versions.map((v) => ({
    id: v.id,
    version: v.version,
    date: formatDateTime(v.createdAt, lang),
    source: v.source,
    note: v.note,
    fields: { ...v.fields },
    markdown: v.markdown,
  }));
}
