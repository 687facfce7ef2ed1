import { CANONICAL, splitPatch } from "../domain/canonical";
import { conflict, notFound } from "../domain/errors";
import { isId } from "../domain/ids";
import type { Product } from "../domain/product";
import type { ProductRecord } from "../domain/ports";
import { layout } from "../domain/workspaceLayout";
import type { CanonicalStore } from "./canonicalStore";
import type { ServiceDeps } from "./serviceDeps";

export type ProductService = ReturnType<typeof createProductService>;

/** What is particular to products: their brand, creation under it, and the cascade of a delete. */
export function createProductService({ repos, uow, indexing, canonical }: ServiceDeps & { canonical: CanonicalStore }) {
  return {
    /** A brand's products without their essence.md: a list reads the index, never every markdown file. */
    async listProducts(brandId: string): Promise<ProductRecord[]> {
      if (!isId("brand", brandId) || !(await repos.brands.get(brandId))) throw notFound("brand", brandId);
      return repos.products.listByBrand(brandId);
    },

    getProduct: (id: string): Promise<Product> => canonical.get("product", id),

    createProduct(input: Record<string, unknown> & { brand_id: string }): Promise<Product> {
      const { fields, markdown } = splitPatch(CANONICAL.product, input);
      return canonical.create("product", { fields, markdown, brandId: input.brand_id }, async (tx) => {
        if (!(await tx.brands.get(input.brand_id))) throw notFound("brand", input.brand_id);
      });
    },

    /** Refuses while threads exist unless `cascade`, which removes them with their runs. */
    async deleteProduct(id: string, { cascade = false } = {}): Promise<void> {
      const product = await canonical.requireRecord("product", id);
      await uow.run(async (tx) => {
        const threads = await tx.threads.listByProduct(id);
        if (threads.length > 0 && !cascade) {
          throw conflict(`the product still has ${threads.length} thread(s); delete them first or pass ?cascade=true`, [
            { path: "threads", issue: `${threads.length} thread(s)`, code: "has_children" },
          ]);
        }
        const { runIds } = await tx.threads.deleteMany(threads.map((t) => t.id));
        await tx.versions.deleteFor("product", [id]);
        await tx.promotions.deleteFor("product", [id]);
        await tx.products.delete(id);
        for (const t of threads) await tx.files.removeTree(layout.threadDir(t.id));
        for (const r of runIds) await tx.files.removeTree(layout.runDir(r));
        await tx.files.removeTree(layout.productDir(product.brandId!, id));
      });
      indexing.enqueue({ type: "product-deleted", brandId: product.brandId!, productId: id });
    },
  };
}
