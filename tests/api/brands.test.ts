import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { getContainer } from "@/lib/container";
import { api, seedCampaign } from "../support/api";
import { memoryApi } from "../support/memoryApi";
import { disposeWorkspace, useTempWorkspace } from "../support/tempWorkspace";

let dir: string;
beforeEach(async () => ({ dir } = await useTempWorkspace()));
afterEach(async () => disposeWorkspace(dir));

describe("POST /api/v1/brands", () => {
  test("201 with the brand, defaults filled, server-made sortable id", async () => {
    const res = await api.createBrand({ name: "  Acme  ", taboos: ["desconto"], soul_md: "# Alma" });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      id: expect.stringMatching(/^brd_[0-9A-HJKMNP-TV-Z]{26}$/),
      name: "Acme",
      audience: "",
      tone: "",
      taboos: ["desconto"],
      promise: "",
      language: "pt-BR",
      guard_mutes: [],
      soul_md: "# Alma",
      canonical_version: 1,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const second = await api.createBrand({ name: "Beta" });
    expect(second.json.id > res.json.id).toBe(true);
    expect((await api.listBrands()).json.items.map((b: any) => b.name)).toEqual(["Acme", "Beta"]);
  });

  test("400 names every bad field; unknown fields are rejected, not dropped", async () => {
    const res = await api.createBrand({ name: "", taboos: "x", tone: 3, colour: "red" });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_input");
    const paths = res.json.error.details.map((d: any) => d.path).sort();
    expect(paths).toEqual(["colour", "name", "taboos", "tone"]);
    expect(res.json.error.details.find((d: any) => d.path === "colour").code).toBe("unknown_field");
    expect((await api.listBrands()).json.items).toEqual([]);
  });

  test("a missing name, a non-object body and a too-long name are 400", async () => {
    expect((await api.createBrand({})).json.error.details[0].path).toBe("name");
    expect((await api.createBrand([1, 2])).status).toBe(400);
    expect((await api.createBrand(null)).status).toBe(400);
    const long = await api.createBrand({ name: "x".repeat(201) });
    expect(long.status).toBe(400);
    expect(long.json.error.details[0]).toMatchObject({ path: "name", code: "too_big", limit: expect.any(Number) });
  });
});

describe("GET / PATCH / DELETE /api/v1/brands/{id}", () => {
  test("PATCH is partial and every save is a new canonical version, newest first in the history", async () => {
    const { id } = (await api.createBrand({ name: "Acme", tone: "sério", soul_md: "v1" })).json;
    const patched = await api.patchBrand(id, { soul_md: "v2", note: "mais leve" });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ name: "Acme", tone: "sério", soul_md: "v2", canonical_version: 2 });
    await api.patchBrand(id, { tone: "leve" });
    const versions = (await api.brandVersions(id)).json.items;
    expect(versions.map((v: any) => [v.version, v.source, v.markdown, v.note])).toEqual([
      [3, "edit", "v2", ""],
      [2, "edit", "v2", "mais leve"],
      [1, "create", "v1", ""],
    ]);
    expect(versions[2].fields).toMatchObject({ tone: "sério" });
    expect((await api.getBrand(id)).json).toMatchObject({ tone: "leve", soul_md: "v2", canonical_version: 3 });
  });

  test("PATCH with nothing to change, or a bad field, is 400 and saves no version", async () => {
    const { id } = (await api.createBrand({ name: "Acme" })).json;
    expect((await api.patchBrand(id, {})).status).toBe(400);
    expect((await api.patchBrand(id, { note: "only a note" })).status).toBe(400);
    const bad = await api.patchBrand(id, { name: "", id: "brd_x" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: any) => d.path).sort()).toEqual(["id", "name"]);
    expect((await api.brandVersions(id)).json.items).toHaveLength(1);
  });

  test("404 for an unknown brand on every verb", async () => {
    const ghost = "brd_01ARZ3NDEKTSV4RRFFQ69G5FAV";
    for (const res of [
      await api.getBrand(ghost),
      await api.patchBrand(ghost, { name: "x" }),
      await api.deleteBrand(ghost),
      await api.brandProducts(ghost),
      await api.brandVersions(ghost),
    ]) {
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe("not_found");
    }
  });

  test("DELETE with products is 409 and keeps everything; ?cascade=true removes the whole tree", async () => {
    const { brand, product, thread } = await seedCampaign();
    const refused = await api.deleteBrand(brand.id);
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe("conflict");
    expect((await api.getProduct(product.id)).status).toBe(200);
    expect(fs.existsSync(path.join(dir, "brands", brand.id, "soul.md"))).toBe(true);
    // Pending promotions of the brand and of its product go with them (nothing left pointing at nothing).
    expect((await memoryApi.proposeBrand(brand.id, { markdown_append: "Uma linha que funcionou." })).status).toBe(201);
    expect((await memoryApi.proposeProduct(product.id, { fields: { offer: "Nova oferta" } })).status).toBe(201);
    const promotions = () => getContainer().uow.run(async (tx) => [...(await tx.promotions.list("brand", brand.id)), ...(await tx.promotions.list("product", product.id))]);
    expect(await promotions()).toHaveLength(2);

    expect((await api.deleteBrand(brand.id, "cascade=true")).status).toBe(204);
    expect(await promotions()).toEqual([]);
    expect((await api.getBrand(brand.id)).status).toBe(404);
    expect((await api.getProduct(product.id)).status).toBe(404);
    expect((await api.getThread(thread.id)).status).toBe(404);
    expect(fs.existsSync(path.join(dir, "brands", brand.id))).toBe(false);
    expect(fs.existsSync(path.join(dir, "threads", thread.id))).toBe(false);
  });

  test("DELETE of a brand without products needs no cascade", async () => {
    const { id } = (await api.createBrand({ name: "Solo" })).json;
    expect((await api.deleteBrand(id)).status).toBe(204);
    expect((await api.listBrands()).json.items).toEqual([]);
  });
});

describe("lists", () => {
  test("brand and product lists answer from the index: no markdown in the items, no markdown file read", async () => {
    await disposeWorkspace(dir);
    const reads: string[] = [];
    ({ dir } = await useTempWorkspace({ blobs: (real) => ({ ...real, read: (p: string) => (reads.push(p), real.read(p)) }) }));
    const { brand, product } = await seedCampaign();
    await memoryApi.settle(); // the background indexing of the new brand reads its soul.md: not the list's doing
    reads.length = 0;
    const brands = (await api.listBrands()).json.items;
    const products = (await api.brandProducts(brand.id)).json.items;
    expect(brands).toEqual([expect.objectContaining({ id: brand.id, name: brand.name, canonical_version: 1 })]);
    expect(brands[0]).not.toHaveProperty("soul_md");
    expect(products).toEqual([expect.objectContaining({ id: product.id, brand_id: brand.id, price: product.price })]);
    expect(products[0]).not.toHaveProperty("essence_md");
    expect(reads).toEqual([]);
    // The entity itself still has its markdown.
    expect((await api.getBrand(brand.id)).json.soul_md).toBe(brand.soul_md);
    expect(reads.filter((p) => p.endsWith("soul.md"))).toHaveLength(1);
  });
});
