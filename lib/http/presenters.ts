import type { Brand } from "../domain/brand";
import type { CanonicalVersion } from "../domain/canonicalVersion";
import type { Product } from "../domain/product";
import type { Thread } from "../domain/thread";
import type { ProviderStatus } from "../domain/llm";

// Domain objects → the API's snake_case JSON.

export const presentBrand = (b: Brand) => ({
  id: b.id,
  name: b.name,
  audience: b.audience,
  tone: b.tone,
  taboos: b.taboos,
  promise: b.promise,
  soul_md: b.soulMd,
  canonical_version: b.canonicalVersion,
  created_at: b.createdAt,
  updated_at: b.updatedAt,
});

export const presentProduct = (p: Product) => ({
  id: p.id,
  brand_id: p.brandId,
  name: p.name,
  offer: p.offer,
  price: p.price,
  differentiator: p.differentiator,
  constraints: p.constraints,
  essence_md: p.essenceMd,
  canonical_version: p.canonicalVersion,
  created_at: p.createdAt,
  updated_at: p.updatedAt,
});

export const presentThread = (t: Thread) => ({
  id: t.id,
  product_id: t.productId,
  brand_id: t.brandId,
  title: t.title,
  created_at: t.createdAt,
  updated_at: t.updatedAt,
});

export const presentVersion = (v: CanonicalVersion) => ({
  id: v.id,
  version: v.version,
  fields: v.fields,
  markdown: v.markdown,
  source: v.source,
  note: v.note,
  created_at: v.createdAt,
});

export const presentProvider = (p: ProviderStatus) => ({
  base_url: p.baseUrl,
  model: p.model,
  key_configured: p.keyConfigured,
  key_required: p.keyRequired,
  configured: p.configured,
  headers: p.headerNames,
});
