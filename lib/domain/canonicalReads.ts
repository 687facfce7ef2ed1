import type { Brand } from "./brand";
import type { BlobReader, BrandRecord, ProductRecord } from "./ports";
import type { Product } from "./product";
import { layout } from "./workspaceLayout";

// A brand or product is its row plus its markdown file; every reader (services, engine) joins them here.

export async function withSoul(blobs: BlobReader, record: BrandRecord): Promise<Brand> {
  return { ...record, soulMd: (await blobs.read(layout.soul(record.id))) ?? "" };
}

export async function withEssence(blobs: BlobReader, record: ProductRecord): Promise<Product> {
  return { ...record, essenceMd: (await blobs.read(layout.essence(record.brandId, record.id))) ?? "" };
}
