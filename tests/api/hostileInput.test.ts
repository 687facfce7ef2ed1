import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import * as brand from "@/app/api/v1/brands/[brandId]/route";
import * as product from "@/app/api/v1/products/[productId]/route";
import * as thread from "@/app/api/v1/threads/[threadId]/route";
import * as unknownPath from "@/app/api/v1/[...path]/route";
import { api, seedCampaign } from "../support/api";
import { callRoute } from "../support/callRoute";
import { disposeWorkspace, listFiles, useTempWorkspace } from "../support/tempWorkspace";

let dir: string;
beforeEach(async () => ({ dir } = await useTempWorkspace()));
afterEach(async () => disposeWorkspace(dir));

describe("request bodies", () => {
  test("415 when the body is not declared JSON", async () => {
    const res = await api.createBrand(undefined, { raw: '{"name":"x"}', headers: { "content-type": "text/plain" } });
    expect(res.status).toBe(415);
    expect(res.json.error.code).toBe("unsupported_media_type");
  });

  test("400 invalid_json for malformed JSON", async () => {
    const res = await api.createBrand(undefined, { raw: '{"name": "x",', headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_json");
  });

  test("413 for a body over http.max_body_bytes, whether or not Content-Length says so", async () => {
    const huge = JSON.stringify({ name: "x", soul_md: "a".repeat(1024 * 1024 + 10) });
    const declared = await api.createBrand(undefined, {
      raw: huge,
      headers: { "content-type": "application/json", "content-length": String(huge.length) },
    });
    expect(declared.status).toBe(413);
    const undeclared = await api.createBrand(undefined, { raw: huge, headers: { "content-type": "application/json" } });
    expect(undeclared.status).toBe(413);
    expect(undeclared.json.error.code).toBe("payload_too_large");
    expect((await api.listBrands()).json.items).toEqual([]);
  });

  test("unknown API paths answer with the JSON envelope", async () => {
    const res = await callRoute(unknownPath.GET, "GET", "/api/v1/nope");
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("not_found");
  });
});

describe("crafted ids never reach the filesystem", () => {
  const crafted = [
    "..",
    "../..",
    "../../etc/passwd",
    "/etc/passwd",
    "%2F..%2F..%2Fetc",
    "..%2F..%2Fsecret",
    "brd_..",
    "brd_01ARZ3NDEKTSV4RRFFQ69G5FAV/../../x",
    "brd_01ARZ3NDEKTSV4RRFFQ69G5FA\u0000",
    "C:\\Windows",
    "brd_01arz3ndektsv4rrffq69g5fav",
  ];

  test.each(crafted)("%j is a 404 on every resource, and nothing outside the workspace changes", async (id) => {
    await seedCampaign();
    const parent = path.dirname(dir);
    // Where a path built from these ids would land if it escaped the workspace (other tests share tmp, so
    // the exact places are checked rather than the whole folder).
    const escapes = ["etc", "secret", "x", "brd_..", "C:\\Windows"].map((n) => path.join(parent, n)).concat(path.join(dir, "..", "..", "x"));
    const passwd = fs.statSync("/etc/passwd").mtimeMs;
    const filesBefore = listFiles(dir);
    const at = (collection: string) => `/api/v1/${collection}/${encodeURIComponent(id)}`;
    for (const [handler, key, collection] of [
      [brand, "brandId", "brands"],
      [product, "productId", "products"],
      [thread, "threadId", "threads"],
    ] as const) {
      const get = await callRoute(handler.GET, "GET", at(collection), { params: { [key]: id } });
      expect(get.status).toBe(404);
      expect(get.json.error.code).toBe("not_found");
    }
    expect((await callRoute(brand.PATCH, "PATCH", at("brands"), { params: { brandId: id }, body: { soul_md: "pwned" } })).status).toBe(404);
    expect((await callRoute(brand.DELETE, "DELETE", at("brands"), { params: { brandId: id }, query: "cascade=true" })).status).toBe(404);
    expect((await callRoute(product.PATCH, "PATCH", at("products"), { params: { productId: id }, body: { essence_md: "pwned" } })).status).toBe(404);
    for (const p of escapes) expect(fs.existsSync(p), p).toBe(false);
    expect(fs.statSync("/etc/passwd").mtimeMs).toBe(passwd);
    expect(listFiles(dir)).toEqual(filesBefore);
  });

  test.each(crafted)("%j as a body reference is a 400 naming the field", async (id) => {
    const res = await api.createThread({ product_id: id, title: "x" });
    expect(res.status).toBe(400);
    expect(res.json.error.details[0].path).toBe("product_id");
  });
});
