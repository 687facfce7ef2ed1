import { beforeEach, describe, expect, test } from "vitest";
import { createBrandService } from "@/lib/services/brandService";
import { createCanonicalStore } from "@/lib/services/canonicalStore";
import { createProductService } from "@/lib/services/productService";
import { createThreadService } from "@/lib/services/threadService";
import { DomainError } from "@/lib/domain/errors";
import type { MemorySourceRef } from "@/lib/domain/memory";
import { fixedClock, memoryStore } from "../../fakes/memoryStore";

let store: ReturnType<typeof memoryStore>;
let deps: Parameters<typeof createCanonicalStore>[0];
let indexed: MemorySourceRef[];
let svc: {
  canonical: ReturnType<typeof createCanonicalStore>;
  brands: ReturnType<typeof createBrandService>;
  products: ReturnType<typeof createProductService>;
  threads: ReturnType<typeof createThreadService>;
};

beforeEach(() => {
  indexed = [];
  store = memoryStore();
  deps = { repos: store.repos, uow: store.uow, blobs: store.blobs, clock: fixedClock(), indexing: { enqueue: (ref) => void indexed.push(ref) } };
  const canonical = createCanonicalStore(deps);
  svc = {
    canonical,
    brands: createBrandService({ ...deps, canonical }),
    products: createProductService({ ...deps, canonical }),
    threads: createThreadService(deps),
  };
});

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return (err as DomainError).code;
  }
  return "no error";
};

describe("brands", () => {
  test("a new brand starts at canonical version 1 with its soul in soul.md and a history entry", async () => {
    const b = await svc.brands.createBrand({ name: "Acme", taboos: ["cheap"], soul_md: "# Alma" });
    expect(b.canonicalVersion).toBe(1);
    expect(store.files().get(`brands/${b.id}/soul.md`)).toBe("# Alma");
    expect(JSON.parse(store.files().get(`brands/${b.id}/brand.json`)!)).toMatchObject({ name: "Acme", taboos: ["cheap"] });
    const versions = await svc.canonical.versions("brand", b.id);
    expect(versions.map((v) => [v.version, v.source, v.markdown])).toEqual([[1, "create", "# Alma"]]);
  });

  test("a partial update keeps untouched fields and soul, bumps the version, records the note", async () => {
    const b = await svc.brands.createBrand({ name: "Acme", tone: "warm", soul_md: "keep me" });
    const u = await svc.canonical.update("brand", b.id, { fields: { promise: "fast" }, note: "clarified promise" });
    expect(u).toMatchObject({ name: "Acme", tone: "warm", promise: "fast", soulMd: "keep me", canonicalVersion: 2 });
    const versions = await svc.canonical.versions("brand", b.id);
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions[0]).toMatchObject({ note: "clarified promise", markdown: "keep me", source: "edit" });
    expect(versions[1].fields).toMatchObject({ promise: "" });
  });

  test("a save that lost the race to a concurrent save is a conflict and does not clobber it", async () => {
    const b = await svc.brands.createBrand({ name: "Acme" });
    const record = (await store.repos.brands.get(b.id))!;
    // Another writer saves version 2 after this update read version 1 but before it writes.
    const racingUow = {
      run: async <T>(work: Parameters<typeof store.uow.run<T>>[0], opts?: Parameters<typeof store.uow.run<T>>[1]) => {
        await store.uow.run((tx) => tx.brands.update({ ...record, name: "Other", canonicalVersion: 2 }, 1));
        return store.uow.run(work, opts);
      },
    };
    const canonical = createCanonicalStore({ ...deps, uow: racingUow });
    expect(await codeOf(canonical.update("brand", b.id, { fields: { tone: "dry" } }))).toBe("conflict");
    expect(await svc.brands.getBrand(b.id)).toMatchObject({ name: "Other", tone: "", canonicalVersion: 2 });
    expect((await svc.canonical.versions("brand", b.id)).map((v) => v.version)).toEqual([1]);
  });

  test("deleting a brand with products is refused unless cascading, which removes everything under it", async () => {
    const b = await svc.brands.createBrand({ name: "Acme", soul_md: "s" });
    const p = await svc.products.createProduct({ brand_id: b.id, name: "Widget", essence_md: "e" });
    const t = await svc.threads.createThread({ product_id: p.id, title: "Launch" });
    expect(await codeOf(svc.brands.deleteBrand(b.id))).toBe("conflict");
    expect((await svc.brands.listBrands()).length).toBe(1);
    await svc.brands.deleteBrand(b.id, { cascade: true });
    expect(await svc.brands.listBrands()).toEqual([]);
    expect(await codeOf(svc.products.getProduct(p.id))).toBe("not_found");
    expect(await codeOf(svc.threads.getThread(t.id))).toBe("not_found");
    expect([...store.files().keys()]).toEqual([]);
  });

  test("unknown and malformed ids are not_found", async () => {
    expect(await codeOf(svc.brands.getBrand("brd_01ARZ3NDEKTSV4RRFFQ69G5FAV"))).toBe("not_found");
    expect(await codeOf(svc.brands.getBrand("../etc"))).toBe("not_found");
    expect(await codeOf(svc.canonical.update("brand", "brd_../../x", { fields: { name: "x" } }))).toBe("not_found");
  });
});

describe("products and threads", () => {
  test("a product needs an existing brand; its essence lives under the brand folder", async () => {
    expect(await codeOf(svc.products.createProduct({ brand_id: "brd_01ARZ3NDEKTSV4RRFFQ69G5FAV", name: "W" }))).toBe("not_found");
    const b = await svc.brands.createBrand({ name: "Acme" });
    const p = await svc.products.createProduct({ brand_id: b.id, name: "Widget", price: "R$ 97", essence_md: "# Essência" });
    expect(store.files().get(`brands/${b.id}/products/${p.id}/essence.md`)).toBe("# Essência");
    expect((await svc.products.listProducts(b.id)).map((x) => x.name)).toEqual(["Widget"]);
    const u = await svc.canonical.update("product", p.id, { fields: {}, markdown: "nova" });
    expect(u).toMatchObject({ price: "R$ 97", essenceMd: "nova", canonicalVersion: 2 });
  });

  test("a thread belongs to its product's brand and starts with an empty chat log", async () => {
    const b = await svc.brands.createBrand({ name: "Acme" });
    const p = await svc.products.createProduct({ brand_id: b.id, name: "Widget" });
    const t = await svc.threads.createThread({ product_id: p.id, title: "Black Friday" });
    expect(t).toMatchObject({ brandId: b.id, productId: p.id, title: "Black Friday" });
    expect(store.files().get(`threads/${t.id}/chat.jsonl`)).toBe("");
    expect(await codeOf(svc.products.deleteProduct(p.id))).toBe("conflict");
    store.addRun(t.id, "run_01ARZ3NDEKTSV4RRFFQ69G5FAV");
    await svc.products.deleteProduct(p.id, { cascade: true });
    expect(await svc.threads.listBrandThreads(b.id)).toEqual([]);
  });
});
