import type { CanonicalVersion } from "../domain/canonicalVersion";
import { conflict, notFound } from "../domain/errors";
import { isId, newId } from "../domain/ids";
import type { ProductRecord } from "../domain/ports";
import {
  productFields,
  type Product,
  type ProductCreateInput,
  type ProductPatchInput,
} from "../domain/product";
import { layout } from "../domain/workspaceLayout";
import { withEssence as withEssenceOf } from "../domain/canonicalReads";
import { writeProductFiles } from "./canonicalFiles";
import type { ServiceDeps } from "./serviceDeps";

export type ProductService = ReturnType<typeof createProductService>;

export function createProductService({ repos, uow, blobs, clock, indexing }: ServiceDeps) {
  const withEssence = (p: ProductRecord) => withEssenceOf(blobs, p);
  const readEssence = async (p: ProductRecord) => (await withEssence(p)).essenceMd;

  async function requireProduct(id: string): Promise<ProductRecord> {
    const record = isId("product", id) ? await repos.products.get(id) : null;
    if (!record) throw notFound("product", id);
    return record;
  }

  function versionOf(p: ProductRecord, essenceMd: string, source: CanonicalVersion["source"], note = ""): CanonicalVersion {
    return {
      id: newId("version"),
      entityType: "product",
      entityId: p.id,
      version: p.canonicalVersion,
      fields: productFields(p),
      markdown: essenceMd,
      source,
      note,
      createdAt: p.updatedAt,
    };
  }

  return {
    async listProducts(brandId: string): Promise<Product[]> {
      if (!isId("brand", brandId) || !(await repos.brands.get(brandId))) throw notFound("brand", brandId);
      return Promise.all((await repos.products.listByBrand(brandId)).map(withEssence));
    },

    async getProduct(id: string): Promise<Product> {
      return withEssence(await requireProduct(id));
    },

    async createProduct(input: ProductCreateInput): Promise<Product> {
      const now = clock.now().toISOString();
      const record: ProductRecord = {
        id: newId("product"),
        brandId: input.brand_id,
        name: input.name,
        offer: input.offer ?? "",
        price: input.price ?? "",
        differentiator: input.differentiator ?? "",
        constraints: input.constraints ?? "",
        canonicalVersion: 1,
        createdAt: now,
        updatedAt: now,
      };
      const essenceMd = input.essence_md ?? "";
      await uow.run(async (tx) => {
        if (!(await tx.brands.get(input.brand_id))) {
          throw notFound("brand", input.brand_id);
        }
        await tx.products.insert(record);
        await tx.versions.insert(versionOf(record, essenceMd, "create"));
        await writeProductFiles(tx.files, record, essenceMd);
      });
      indexing.enqueue({ type: "product", productId: record.id });
      return { ...record, essenceMd };
    },

    /** Partial update, a new canonical version; see updateBrand for `expectedVersion` and `alsoInTx`. */
    async updateProduct(
      id: string,
      patch: ProductPatchInput,
      source: CanonicalVersion["source"] = "edit",
      opts: { expectedVersion?: number; alsoInTx?: (tx: Parameters<Parameters<typeof uow.run>[0]>[0]) => Promise<void> } = {},
    ): Promise<Product> {
      const current = await requireProduct(id);
      if (opts.expectedVersion !== undefined && opts.expectedVersion !== current.canonicalVersion) {
        throw conflict(`the product is at canonical version ${current.canonicalVersion}, not ${opts.expectedVersion}`, [
          { path: "base_version", issue: "canonical memory changed since this was prepared", code: "stale_version" },
        ]);
      }
      const next: ProductRecord = {
        ...current,
        name: patch.name ?? current.name,
        offer: patch.offer ?? current.offer,
        price: patch.price ?? current.price,
        differentiator: patch.differentiator ?? current.differentiator,
        constraints: patch.constraints ?? current.constraints,
        canonicalVersion: current.canonicalVersion + 1,
        updatedAt: clock.now().toISOString(),
      };
      const essenceMd = patch.essence_md ?? (await readEssence(current));
      await uow.run(async (tx) => {
        if (!(await tx.products.update(next, current.canonicalVersion))) {
          throw conflict("the product was changed by someone else; reload and try again");
        }
        await tx.versions.insert(versionOf(next, essenceMd, source, patch.note));
        await writeProductFiles(tx.files, next, patch.essence_md);
        await opts.alsoInTx?.(tx);
      });
      indexing.enqueue({ type: "product", productId: id });
      return { ...next, essenceMd };
    },

    /** Refuses while threads exist unless `cascade`, which removes them with their runs. */
    async deleteProduct(id: string, { cascade = false } = {}): Promise<void> {
      const product = await requireProduct(id);
      await uow.run(async (tx) => {
        const threads = await tx.threads.listByProduct(id);
        if (threads.length > 0 && !cascade) {
          throw conflict(`the product still has ${threads.length} thread(s); delete them first or pass ?cascade=true`, [
            { path: "threads", issue: `${threads.length} thread(s)`, code: "has_children" },
          ]);
        }
        const { runIds } = await tx.threads.deleteMany(threads.map((t) => t.id));
        await tx.versions.deleteFor("product", [id]);
        await tx.products.delete(id);
        for (const t of threads) await tx.files.removeTree(layout.threadDir(t.id));
        for (const r of runIds) await tx.files.removeTree(layout.runDir(r));
        await tx.files.removeTree(layout.productDir(product.brandId, id));
      });
      indexing.enqueue({ type: "product-deleted", brandId: product.brandId, productId: id });
    },

    async listProductVersions(id: string): Promise<CanonicalVersion[]> {
      await requireProduct(id);
      return repos.versions.list("product", id);
    },
  };
}
