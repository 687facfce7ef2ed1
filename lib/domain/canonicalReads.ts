import type { Brand } from "./brand";
import { CANONICAL, type CanonicalKind, type CanonicalRecord } from "./canonical";
import type { BlobReader } from "./ports";
import type { Product } from "./product";

/** A canonical record joined with its markdown (soulMd, essenceMd): the entity every reader works with. */
export type EntityOf<K extends CanonicalKind> = K extends "brand" ? Brand : Product;

// A brand or product is its row plus its markdown file; every reader (services, engine) joins them here.
export async function withMarkdown<K extends CanonicalKind>(blobs: BlobReader, kind: K, record: CanonicalRecord): Promise<EntityOf<K>> {
  const spec = CANONICAL[kind];
  const markdown = (await blobs.read(spec.paths(record).markdown)) ?? "";
  return { ...record, [spec.markdown.key]: markdown } as unknown as EntityOf<K>;
}
