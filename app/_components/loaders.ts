import type { Metadata } from "next";
import { cache } from "react";
import { getContainer } from "@/lib/container";
import type { CanonicalVersion } from "@/lib/domain/canonicalVersion";
import type { Lang } from "../_i18n/dictionaries";
import { formatDateTime } from "../_i18n/format";
import { requireOwnedPage } from "./currentActor";
import { orNotFound } from "./orNotFound";
import type { VersionView } from "./VersionHistory";

// Reads shared by a page and its metadata within one request (React's cache() dedupes them).

export const loadBrand = cache(async (id: string) => (await requireOwnedPage("brand", id), orNotFound(getContainer().brands.getBrand(id))));
export const loadProduct = cache(async (id: string) => (await requireOwnedPage("product", id), orNotFound(getContainer().products.getProduct(id))));
export const loadThread = cache(async (id: string) => (await requireOwnedPage("thread", id), orNotFound(getContainer().threads.getThread(id))));
export const loadRun = cache(async (id: string) => (await requireOwnedPage("run", id), orNotFound(getContainer().runs.getRun(id))));

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

/** A page's `generateMetadata`: the title of the entity its URL names. */
export function titleFrom<K extends string>(param: K, load: (id: string) => Promise<{ name: string } | { title: string }>) {
  return async ({ params }: { params: Promise<Record<K, string>> }): Promise<Metadata> => {
    const entity = await load((await params)[param]);
    return { title: "name" in entity ? entity.name : entity.title };
  };
}
