import type { BrandRecord, FileChanges, ProductRecord } from "../domain/ports";
import { layout } from "../domain/workspaceLayout";

// brand.json / product.json mirror the canonical fields next to the markdown, so the workspace folder
// reads on its own (and survives a lost database well enough to be recovered by hand).
const json = (value: unknown) => JSON.stringify(value, null, 2) + "\n";

export async function writeBrandFiles(files: FileChanges, brand: BrandRecord, soulMd: string | undefined) {
  await files.put(
    layout.brandJson(brand.id),
    json({
      id: brand.id,
      name: brand.name,
      audience: brand.audience,
      tone: brand.tone,
      taboos: brand.taboos,
      promise: brand.promise,
      canonical_version: brand.canonicalVersion,
      created_at: brand.createdAt,
      updated_at: brand.updatedAt,
    }),
  );
  if (soulMd !== undefined) await files.put(layout.soul(brand.id), soulMd);
}

export async function writeProductFiles(files: FileChanges, product: ProductRecord, essenceMd: string | undefined) {
  await files.put(
    layout.productJson(product.brandId, product.id),
    json({
      id: product.id,
      brand_id: product.brandId,
      name: product.name,
      offer: product.offer,
      price: product.price,
      differentiator: product.differentiator,
      constraints: product.constraints,
      canonical_version: product.canonicalVersion,
      created_at: product.createdAt,
      updated_at: product.updatedAt,
    }),
  );
  if (essenceMd !== undefined) await files.put(layout.essence(product.brandId, product.id), essenceMd);
}
