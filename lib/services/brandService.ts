import { brandFields, type Brand, type BrandCreateInput, type BrandPatchInput } from "../domain/brand";
import type { CanonicalVersion } from "../domain/canonicalVersion";
import { conflict, notFound } from "../domain/errors";
import { isId, newId } from "../domain/ids";
import type { BrandRecord } from "../domain/ports";
import { layout } from "../domain/workspaceLayout";
import { withSoul as withSoulOf } from "../domain/canonicalReads";
import { writeBrandFiles } from "./canonicalFiles";
import type { ServiceDeps } from "./serviceDeps";

export type BrandService = ReturnType<typeof createBrandService>;

export function createBrandService({ repos, uow, blobs, clock, indexing }: ServiceDeps) {
  const readSoul = async (id: string) => (await blobs.read(layout.soul(id))) ?? "";
  const withSoul = (record: BrandRecord) => withSoulOf(blobs, record);

  async function requireBrand(id: string): Promise<BrandRecord> {
    const record = isId("brand", id) ? await repos.brands.get(id) : null;
    if (!record) throw notFound("brand", id);
    return record;
  }

  function versionOf(brand: BrandRecord, soulMd: string, source: CanonicalVersion["source"], note = ""): CanonicalVersion {
    return {
      id: newId("version"),
      entityType: "brand",
      entityId: brand.id,
      version: brand.canonicalVersion,
      fields: brandFields(brand),
      markdown: soulMd,
      source,
      note,
      createdAt: brand.updatedAt,
    };
  }

  return {
    async listBrands(): Promise<Brand[]> {
      return Promise.all((await repos.brands.list()).map(withSoul));
    },

    async getBrand(id: string): Promise<Brand> {
      return withSoul(await requireBrand(id));
    },

    async createBrand(input: BrandCreateInput): Promise<Brand> {
      const now = clock.now().toISOString();
      const record: BrandRecord = {
        id: newId("brand"),
        name: input.name,
        audience: input.audience ?? "",
        tone: input.tone ?? "",
        taboos: input.taboos ?? [],
        promise: input.promise ?? "",
        canonicalVersion: 1,
        createdAt: now,
        updatedAt: now,
      };
      const soulMd = input.soul_md ?? "";
      await uow.run(async (tx) => {
        await tx.brands.insert(record);
        await tx.versions.insert(versionOf(record, soulMd, "create"));
        await writeBrandFiles(tx.files, record, soulMd);
      });
      indexing.enqueue({ type: "brand", brandId: record.id });
      return { ...record, soulMd };
    },

    /**
     * Partial update; every save is a new canonical version. `expectedVersion` makes it a
     * compare-and-set on the version the caller saw; `alsoInTx` joins more work to the same unit.
     */
    async updateBrand(
      id: string,
      patch: BrandPatchInput,
      source: CanonicalVersion["source"] = "edit",
      opts: { expectedVersion?: number; alsoInTx?: (tx: Parameters<Parameters<typeof uow.run>[0]>[0]) => Promise<void> } = {},
    ): Promise<Brand> {
      const current = await requireBrand(id);
      if (opts.expectedVersion !== undefined && opts.expectedVersion !== current.canonicalVersion) {
        throw conflict(`the brand is at canonical version ${current.canonicalVersion}, not ${opts.expectedVersion}`, [
          { path: "base_version", issue: "canonical memory changed since this was prepared", code: "stale_version" },
        ]);
      }
      const next: BrandRecord = {
        ...current,
        name: patch.name ?? current.name,
        audience: patch.audience ?? current.audience,
        tone: patch.tone ?? current.tone,
        taboos: patch.taboos ?? current.taboos,
        promise: patch.promise ?? current.promise,
        canonicalVersion: current.canonicalVersion + 1,
        updatedAt: clock.now().toISOString(),
      };
      const soulMd = patch.soul_md ?? (await readSoul(id));
      await uow.run(async (tx) => {
        if (!(await tx.brands.update(next, current.canonicalVersion))) {
          throw conflict("the brand was changed by someone else; reload and try again");
        }
        await tx.versions.insert(versionOf(next, soulMd, source, patch.note));
        await writeBrandFiles(tx.files, next, patch.soul_md);
        await opts.alsoInTx?.(tx);
      });
      indexing.enqueue({ type: "brand", brandId: id });
      return { ...next, soulMd };
    },

    /** Refuses while products exist unless `cascade`, which removes them with their threads and runs. */
    async deleteBrand(id: string, { cascade = false } = {}): Promise<void> {
      await requireBrand(id);
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
        await tx.brands.delete(id);
        for (const t of threads) await tx.files.removeTree(layout.threadDir(t.id));
        for (const r of runIds) await tx.files.removeTree(layout.runDir(r));
        await tx.files.removeTree(layout.brandDir(id));
      });
      indexing.enqueue({ type: "brand-deleted", brandId: id });
    },

    async listBrandVersions(id: string): Promise<CanonicalVersion[]> {
      await requireBrand(id);
      return repos.versions.list("brand", id);
    },
  };
}
