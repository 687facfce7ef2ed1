import type { Brand } from "../domain/brand";
import type { BrandRecord } from "../domain/ports";
import { CANONICAL, splitPatch } from "../domain/canonical";
import { conflict } from "../domain/errors";
import { layout } from "../domain/workspaceLayout";
import type { CanonicalStore } from "./canonicalStore";
import type { ServiceDeps } from "./serviceDeps";

export type BrandService = ReturnType<typeof createBrandService>;

/** What is particular to brands: the list, creation, and the cascade of a delete. The rest is the canonical store's. */
export function createBrandService({ repos, uow, indexing, canonical }: ServiceDeps & { canonical: CanonicalStore }) {
  return {
    /** The brands without their soul.md: a list reads the index, never every markdown file. */
    listBrands: (organizationId: string | null = null): Promise<BrandRecord[]> => repos.brands.list(organizationId ?? undefined),

    getBrand: (id: string): Promise<Brand> => canonical.get("brand", id),

    /** In hosted mode the brand belongs to `organizationId` from its first row on. */
    createBrand(input: Record<string, unknown>, organizationId: string | null = null): Promise<Brand> {
      const { fields, markdown } = splitPatch(CANONICAL.brand, input);
      return canonical.create("brand", { fields, markdown, organizationId });
    },

    /** Refuses while products exist unless `cascade`, which removes them with their threads and runs. */
    async deleteBrand(id: string, { cascade = false } = {}): Promise<void> {
      await canonical.requireRecord("brand", id);
      await uow.run(async (tx) => {
        const products = await tx.products.listByBrand(id);
        if (products.length > 0 && !cascade) {
          throw conflict(`the brand still has ${products.length} product(s); delete them first or pass ?cascade=true`, [
            { path: "products", issue: `${products.length} product(s)`, code: "has_children" },
          ]);
        }
        const threads = await tx.threads.listByBrand(id);
        const { runIds } = await tx.threads.deleteMany(threads.map((t) => t.id));
        for (const p of products) await tx.products.delete(p.id);
        await tx.versions.deleteFor("product", products.map((p) => p.id));
        await tx.versions.deleteFor("brand", [id]);
        await tx.promotions.deleteFor("product", products.map((p) => p.id));
        await tx.promotions.deleteFor("brand", [id]);
        await tx.brands.delete(id);
        for (const t of threads) await tx.files.removeTree(layout.threadDir(t.id));
        for (const r of runIds) await tx.files.removeTree(layout.runDir(r));
        await tx.files.removeTree(layout.brandDir(id));
      });
      indexing.enqueue({ type: "brand-deleted", brandId: id });
    },
  };
}
