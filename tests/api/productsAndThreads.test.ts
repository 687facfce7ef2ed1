import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { api, seedCampaign } from "../support/api";
import { disposeWorkspace, useTempWorkspace } from "../support/tempWorkspace";

let dir: string;
beforeEach(async () => ({ dir } = await useTempWorkspace()));
afterEach(async () => disposeWorkspace(dir));

describe("products", () => {
  test("create, list by brand, get, patch with a new version, history", async () => {
    const brand = (await api.createBrand({ name: "Acme" })).json;
    const created = await api.createProduct({
      brand_id: brand.id,
      name: "Curso",
      offer: "12 aulas",
      price: "R$ 497",
      differentiator: "ao vivo",
      constraints: "sem promessas de renda",
      essence_md: "# Essência",
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      id: expect.stringMatching(/^prd_/),
      brand_id: brand.id,
      essence_md: "# Essência",
      canonical_version: 1,
    });
    const id = created.json.id;
    expect((await api.brandProducts(brand.id)).json.items.map((p: any) => p.id)).toEqual([id]);
    const patched = await api.patchProduct(id, { price: "R$ 397" });
    expect(patched.json).toMatchObject({ price: "R$ 397", offer: "12 aulas", essence_md: "# Essência", canonical_version: 2 });
    expect((await api.productVersions(id)).json.items.map((v: any) => v.version)).toEqual([2, 1]);
    expect((await api.getProduct(id)).json.price).toBe("R$ 397");
  });

  test("a product for an unknown or malformed brand id is refused and nothing is written", async () => {
    const unknown = await api.createProduct({ brand_id: "brd_01ARZ3NDEKTSV4RRFFQ69G5FAV", name: "X" });
    expect(unknown.status).toBe(404);
    const malformed = await api.createProduct({ brand_id: "../../etc", name: "X" });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.details[0].path).toBe("brand_id");
    expect(fs.readdirSync(dir).filter((f) => f !== ".trash" && !f.startsWith("workspace.sqlite3"))).toEqual([]);
  });

  test("DELETE with threads is 409 unless cascading", async () => {
    const { product, thread } = await seedCampaign();
    expect((await api.deleteProduct(product.id)).status).toBe(409);
    expect((await api.getThread(thread.id)).status).toBe(200);
    expect((await api.deleteProduct(product.id, "cascade=true")).status).toBe(204);
    expect((await api.getThread(thread.id)).status).toBe(404);
    expect(fs.existsSync(path.join(dir, "brands", product.brand_id, "products", product.id))).toBe(false);
  });
});

describe("threads", () => {
  test("POST → 201 with product and brand ids; GET; listed newest first under the product", async () => {
    const { brand, product, thread } = await seedCampaign();
    expect(thread).toEqual({
      id: expect.stringMatching(/^thr_/),
      product_id: product.id,
      brand_id: brand.id,
      title: "Lançamento de inverno",
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const second = (await api.createThread({ product_id: product.id, title: "Black Friday" })).json;
    expect((await api.getThread(thread.id)).json).toEqual({ ...thread, messages: { items: [], has_more: false, next_before: null } });
    expect((await api.productThreads(product.id)).json.items.map((t: any) => t.id)).toEqual([second.id, thread.id]);
    expect(fs.readFileSync(path.join(dir, "threads", thread.id, "chat.jsonl"), "utf8")).toBe("");
  });

  test("400 for a missing title or unknown field, 404 for an unknown product", async () => {
    const { product } = await seedCampaign();
    const bad = await api.createThread({ product_id: product.id, title: "  ", extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: any) => d.path).sort()).toEqual(["extra", "title"]);
    expect((await api.createThread({ product_id: "prd_01ARZ3NDEKTSV4RRFFQ69G5FAV", title: "x" })).status).toBe(404);
    expect((await api.productThreads("prd_01ARZ3NDEKTSV4RRFFQ69G5FAV")).status).toBe(404);
  });
});
