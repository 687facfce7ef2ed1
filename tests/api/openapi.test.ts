import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import * as docs from "@/app/api/docs/route";
import * as docsAsset from "@/app/api/docs/[asset]/route";
import * as openapi from "@/app/api/v1/openapi.json/route";
import { OPERATIONS } from "@/lib/http/openapi";
import { IDEMPOTENT_SCOPE } from "@/app/api/v1/_idempotent";
import { CHECKS_ORIGIN, ROUTE_PERMISSION } from "@/app/api/v1/_authorized";
import { callRoute } from "../support/callRoute";
import { disposeWorkspace, useTempWorkspace } from "../support/tempWorkspace";

let dir: string;
beforeEach(async () => ({ dir } = await useTempWorkspace()));
afterEach(() => disposeWorkspace(dir));

/** Every route file under app/api/v1 with the methods it exports, as OpenAPI paths. */
async function routeOperations(): Promise<string[]> {
  const root = path.resolve("app/api/v1");
  const out: string[] = [];
  for (const file of fs.readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith("route.ts"))) {
    if (file.startsWith("[...path]")) continue; // the catch-all of unknown paths
    const mod = await import(/* @vite-ignore */ path.join(root, file));
    const template = `/api/v1/${path.dirname(file)}`.replace(/\/\.$/, "").replace(/\[(\w+)\]/g, "{$1}");
    for (const method of ["GET", "POST", "PATCH", "PUT", "DELETE"]) if (mod[method]) out.push(`${method.toLowerCase()} ${template}`);
  }
  return out.sort();
}

test("the document lists exactly the routes the app serves, each once", async () => {
  const documented = OPERATIONS.map((o) => `${o.method} ${o.path}`).sort();
  expect(new Set(documented).size).toBe(documented.length);
  expect(documented).toEqual(await routeOperations());
});

test("every route under /api/ checks Host and Origin before anything else (the proxy does not run there)", async () => {
  const root = path.resolve("app/api");
  const handlers: string[] = [];
  for (const file of fs.readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith("route.ts"))) {
    const mod = await import(/* @vite-ignore */ path.join(root, file));
    for (const method of ["GET", "POST", "PATCH", "PUT", "DELETE"]) {
      if (!mod[method]) continue;
      handlers.push(`${method} ${file}`);
      expect(mod[method][CHECKS_ORIGIN], `${method} ${file}`).toBe(true);
    }
  }
  expect(handlers).toContain("GET docs/route.ts");
  expect(handlers).toContain("GET [...path]/route.ts");
});

test("every route declares the permission its operation documents; only the documented public ones declare none", async () => {
  const root = path.resolve("app/api/v1");
  const declared: Record<string, string | null> = {};
  for (const file of fs.readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith("route.ts"))) {
    if (file.startsWith("[...path]")) continue;
    const mod = await import(/* @vite-ignore */ path.join(root, file));
    const template = `/api/v1/${path.dirname(file)}`.replace(/\/\.$/, "").replace(/\[(\w+)\]/g, "{$1}");
    for (const method of ["GET", "POST", "PATCH", "PUT", "DELETE"]) {
      if (!mod[method]) continue;
      declared[`${method.toLowerCase()} ${template}`] = mod[method][ROUTE_PERMISSION];
    }
  }
  const documented = Object.fromEntries(OPERATIONS.map((o) => [`${o.method} ${o.path}`, o.public ? null : (o.permission ?? "undocumented")]));
  expect(declared).toEqual(documented);
  // What may be called without credentials is exactly this (hosted mode answers 401 to everything else).
  expect(Object.keys(documented).filter((k) => documented[k] === null).sort()).toEqual([
    "delete /api/v1/session", "get /api/v1/health", "get /api/v1/invitations/lookup", "get /api/v1/openapi.json", "get /api/v1/ready",
    "post /api/v1/invitations/accept", "post /api/v1/password-reset", "post /api/v1/password-reset/confirm", "post /api/v1/session", "post /api/v1/setup",
  ]);
  const doc = (await callRoute(openapi.GET, "GET", "/api/v1/openapi.json")).json;
  expect(doc.paths["/api/v1/runs/{runId}/approve"].post["x-permission"]).toBe("decide");
  expect(doc.paths["/api/v1/runs/{runId}/approve"].post.description).toContain("owner, approver");
});

test("every route that honours Idempotency-Key is documented so, under its own path, and only those", async () => {
  const root = path.resolve("app/api/v1");
  const wrapped: string[] = [];
  for (const file of fs.readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith("route.ts"))) {
    const mod = await import(/* @vite-ignore */ path.join(root, file));
    const template = `/api/v1/${path.dirname(file)}`.replace(/\/\.$/, "").replace(/\[(\w+)\]/g, "{$1}");
    for (const method of ["POST", "PATCH", "PUT", "DELETE"]) {
      const scope = mod[method]?.[IDEMPOTENT_SCOPE];
      if (scope === undefined) continue;
      // The scope a key is kept under is the operation it was sent to: a copy-pasted scope would mix two routes' keys.
      expect(scope, file).toBe(`${method} ${template}`);
      wrapped.push(`${method.toLowerCase()} ${template}`);
    }
  }
  const documented = OPERATIONS.filter((o) => o.idempotent).map((o) => `${o.method} ${o.path}`);
  expect(wrapped.sort()).toEqual(documented.sort());
  expect(documented).toEqual(
    expect.arrayContaining(["post /api/v1/runs", "post /api/v1/runs/{runId}/rerun", "post /api/v1/runs/{runId}/approve", "post /api/v1/runs/{runId}/resume", "post /api/v1/chat", "post /api/v1/workspace/import", "post /api/v1/brands/{brandId}/promotions"]),
  );
  const doc = (await callRoute(openapi.GET, "GET", "/api/v1/openapi.json")).json;
  const approve = doc.paths["/api/v1/runs/{runId}/approve"].post;
  expect(approve.parameters.find((p: any) => p.in === "header")?.name).toBe("Idempotency-Key");
  expect(approve.responses["422"].description).toContain("idempotency_key_reused");
});

test("GET /api/v1/openapi.json serves the OpenAPI 3.1 document with the error envelope and every status code", async () => {
  const res = await callRoute(openapi.GET, "GET", "/api/v1/openapi.json");
  expect(res.status).toBe(200);
  expect(res.json.openapi).toBe("3.1.0");
  expect(Object.keys(res.json.components.schemas)).toEqual(expect.arrayContaining(["Error", "Brand", "Product", "Run", "RunEventMessage", "ChatStreamEvent", "AttemptSnapshot"]));
  const patch = res.json.paths["/api/v1/brands/{brandId}"].patch;
  expect(Object.keys(patch.responses)).toEqual(expect.arrayContaining(["200", "400", "403", "404", "409", "413", "415", "500", "507"]));
  expect(patch.responses["409"].description).toContain("conflict");
  expect(patch.requestBody.content["application/json"].schema.properties).toHaveProperty("soul_md");
});

test("/api/docs renders the document with assets this app serves (no CDN)", async () => {
  const page = await docs.GET(new Request("http://127.0.0.1/api/docs"), { params: Promise.resolve({}) });
  const html = await page.text();
  expect(page.headers.get("content-type")).toMatch(/text\/html/);
  const srcs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  expect(srcs.every((s) => s.startsWith("/api/docs/"))).toBe(true);
  const call = (asset: string) => docsAsset.GET(new Request(`http://127.0.0.1/api/docs/${asset}`), { params: Promise.resolve({ asset }) });
  for (const asset of srcs.map((s) => s.slice("/api/docs/".length))) {
    const res = await call(asset);
    expect(res.status, asset).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(20);
  }
  expect(await (await call("init.js")).text()).toContain("/api/v1/openapi.json");
  expect((await call("..%2Fpackage.json")).status).toBe(404);
  expect((await call("index.html")).status).toBe(404);
});
