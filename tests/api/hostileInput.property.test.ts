import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import * as brands from "@/app/api/v1/brands/route";
import * as brand from "@/app/api/v1/brands/[brandId]/route";
import * as brandPromotions from "@/app/api/v1/brands/[brandId]/promotions/route";
import * as brandConfirm from "@/app/api/v1/brands/[brandId]/promotions/[promotionId]/confirm/route";
import * as brandRestore from "@/app/api/v1/brands/[brandId]/versions/[version]/restore/route";
import * as products from "@/app/api/v1/products/route";
import * as product from "@/app/api/v1/products/[productId]/route";
import * as threads from "@/app/api/v1/threads/route";
import * as thread from "@/app/api/v1/threads/[threadId]/route";
import * as chat from "@/app/api/v1/chat/route";
import * as runs from "@/app/api/v1/runs/route";
import * as run from "@/app/api/v1/runs/[runId]/route";
import * as approve from "@/app/api/v1/runs/[runId]/approve/route";
import * as skip from "@/app/api/v1/runs/[runId]/skip/route";
import * as retry from "@/app/api/v1/runs/[runId]/retry/route";
import * as cancel from "@/app/api/v1/runs/[runId]/cancel/route";
import * as attempt from "@/app/api/v1/runs/[runId]/stages/[stageId]/attempts/[n]/route";
import * as artifact from "@/app/api/v1/runs/[runId]/artifacts/[artifactId]/route";
import * as feedback from "@/app/api/v1/feedback/route";
import * as search from "@/app/api/v1/memory/search/route";
import * as events from "@/app/api/v1/events/route";
import * as exportRoute from "@/app/api/v1/workspace/export/route";
import * as importRoute from "@/app/api/v1/workspace/import/route";
import { getContainer } from "@/lib/container";
import { seedCampaign } from "../support/api";
import { startFakeLlmServer, type FakeLlmServer } from "../support/fakeLlmServer";
import { studioResponder } from "../support/studioResponder";
import { runApi } from "../support/runApi";
import { disposeWorkspace, listFiles, useTempWorkspace } from "../support/tempWorkspace";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
interface Endpoint {
  name: string;
  method: string;
  handler: Handler;
  params: () => Record<string, string>;
}

let fake: FakeLlmServer;
let dir: string;
let ids: { brandId: string; productId: string; threadId: string; runId: string };

beforeAll(async () => {
  fake = await startFakeLlmServer();
  fake.setResponder(studioResponder);
  process.env.VM_LLM_BASE_URL = fake.baseUrl;
  process.env.VM_LLM_API_KEY = "sk-hostile";
  ({ dir } = await useTempWorkspace());
  const seeded = await seedCampaign();
  const runId = (await runApi.start({ thread_id: seeded.thread.id, stack: "foundation", request: "x" })).json.id;
  await runApi.settle();
  await getContainer().memory.idle();
  ids = { brandId: seeded.brand.id, productId: seeded.product.id, threadId: seeded.thread.id, runId };
}, 60_000);

afterAll(async () => {
  delete process.env.VM_LLM_BASE_URL;
  delete process.env.VM_LLM_API_KEY;
  await disposeWorkspace(dir);
  await fake.close();
});

const endpoints = (): Endpoint[] => [
  { name: "POST /brands", method: "POST", handler: brands.POST, params: () => ({}) },
  { name: "PATCH /brands/{id}", method: "PATCH", handler: brand.PATCH, params: () => ({ brandId: ids.brandId }) },
  { name: "POST /brands/{id}/promotions", method: "POST", handler: brandPromotions.POST, params: () => ({ brandId: ids.brandId }) },
  { name: "POST /products", method: "POST", handler: products.POST, params: () => ({}) },
  { name: "PATCH /products/{id}", method: "PATCH", handler: product.PATCH, params: () => ({ productId: ids.productId }) },
  { name: "POST /threads", method: "POST", handler: threads.POST, params: () => ({}) },
  { name: "POST /chat", method: "POST", handler: chat.POST, params: () => ({}) },
  { name: "POST /runs", method: "POST", handler: runs.POST, params: () => ({}) },
  { name: "POST /runs/{id}/approve", method: "POST", handler: approve.POST, params: () => ({ runId: ids.runId }) },
  { name: "POST /runs/{id}/skip", method: "POST", handler: skip.POST, params: () => ({ runId: ids.runId }) },
  { name: "POST /runs/{id}/retry", method: "POST", handler: retry.POST, params: () => ({ runId: ids.runId }) },
  { name: "POST /feedback", method: "POST", handler: feedback.POST, params: () => ({}) },
  { name: "POST /memory/search", method: "POST", handler: search.POST, params: () => ({}) },
];

/** Everything that must not change: every table, every file, the memory index. */
async function state() {
  const c = getContainer();
  const tables = await c.uow.run((tx) => tx.tables.dump());
  const files = listFiles(dir).map((f) => `${f}:${fs.statSync(path.join(dir, f)).size}:${fs.readFileSync(path.join(dir, f), "utf8").length}`);
  const memory = (await c.memory.status()).index;
  return JSON.stringify({ tables, files, chunks: memory.chunks });
}

async function send(e: Endpoint, body: string, contentType = "application/json", params = e.params()) {
  const res = await e.handler(new Request("http://127.0.0.1/api/v1/x", { method: e.method, headers: { "content-type": contentType }, body }), {
    params: Promise.resolve(params),
  });
  const text = await res.text();
  return { status: res.status, text };
}

function expectClientError(r: { status: number; text: string }, context: string) {
  expect(r.status, `${context} → ${r.status} ${r.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(r.status, context).toBeLessThan(500);
  const json = JSON.parse(r.text);
  expect(typeof json.error.code, context).toBe("string");
  expect(typeof json.error.message, context).toBe("string");
}

// Bodies that are invalid by construction: not JSON, not an object, wrong types, or with a field no endpoint knows.
const notJson = fc.string({ unit: "binary" }).filter((s) => {
  try {
    JSON.parse(s);
    return false;
  } catch {
    return true;
  }
});
const notAnObject = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.jsonValue(), { maxLength: 5 }), fc.string());
const unicodeKey = fc.string({ unit: "binary", minLength: 1, maxLength: 12 }).filter((k) => !["name", "message", "query", "title", "stage_id", "verdict", "request"].includes(k));
const withUnknownField = fc.tuple(fc.dictionary(fc.constantFrom("name", "title", "message", "query", "stage_id", "verdict", "thread_id", "brand_id", "product_id", "stack", "request"), fc.jsonValue(), { maxKeys: 4 }), unicodeKey, fc.jsonValue()).map(([base, k, v]) => ({ ...base, [`x-${k}`]: v }));
const wrongTypes = fc.dictionary(
  fc.constantFrom("name", "taboos", "soul_md", "brand_id", "product_id", "thread_id", "title", "message", "stream", "stack", "request", "stage_id", "edited_markdown", "feedback", "verdict", "query", "top_k", "source_kinds", "fields", "markdown_append"),
  fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.object({ maxDepth: 1 })),
  { minKeys: 1, maxKeys: 5 },
);
const craftedId = fc.constantFrom("..", "../../etc/passwd", "/etc/passwd", "%2F..%2F", "brd_..", "run_01ARZ3NDEKTSV4RRFFQ69G5FA\u0000", "thr_01ARZ3NDEKTSV4RRFFQ69G5FAV/../x", "' OR 1=1 --", "brd_" + "A".repeat(300));
const craftedIdBody = fc.tuple(fc.constantFrom("brand_id", "product_id", "thread_id", "run_id"), craftedId).map(([k, v]) => ({ [k]: v, name: "x", title: "x", message: "x", query: "x", stack: "foundation", request: "x", verdict: "worked" }));

function deep(n: number): unknown {
  let v: unknown = "fundo";
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
}

test("every endpoint answers malformed, mistyped, nested, unicode, unknown-field and crafted-id bodies with a 4xx JSON error and changes nothing", async () => {
  const before = await state();
  for (const e of endpoints()) {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          notJson,
          notAnObject.map((v) => JSON.stringify(v)),
          withUnknownField.map((v) => JSON.stringify(v)),
          wrongTypes.map((v) => JSON.stringify(v)),
          craftedIdBody.map((v) => JSON.stringify(v)),
          fc.integer({ min: 50, max: 3000 }).map((n) => JSON.stringify(deep(n))),
        ),
        async (body) => expectClientError(await send(e, body), `${e.name} ${body.slice(0, 120)}`),
      ),
      { numRuns: 40, seed: 20261125 },
    );
    expectClientError(await send(e, JSON.stringify({ name: "x".repeat(2_000_000) })), `${e.name} huge`);
    expectClientError(await send(e, "{}", "text/plain"), `${e.name} text/plain`);
  }
  expect(await state()).toBe(before);
}, 180_000);

test("crafted ids in the URL of every resource are a 4xx and touch nothing", async () => {
  const before = await state();
  const passwd = fs.statSync("/etc/passwd").mtimeMs;
  const get = (h: Handler, params: Record<string, string>, method = "GET", url = "http://127.0.0.1/api/v1/x") =>
    h(new Request(url, { method }), { params: Promise.resolve(params) }).then(async (r) => ({ status: r.status, text: await r.text() }));
  await fc.assert(
    fc.asyncProperty(fc.oneof(craftedId, fc.string({ unit: "binary", maxLength: 40 })), async (id) => {
      for (const [h, params, method] of [
        [brand.GET, { brandId: id }],
        [brand.DELETE, { brandId: id }, "DELETE"],
        [product.GET, { productId: id }],
        [product.DELETE, { productId: id }, "DELETE"],
        [thread.GET, { threadId: id }],
        [run.GET, { runId: id }],
        [cancel.POST, { runId: id }, "POST"],
        [attempt.GET, { runId: ids.runId, stageId: id, n: "1" }],
        [attempt.GET, { runId: ids.runId, stageId: "research", n: id }],
        [artifact.GET, { runId: ids.runId, artifactId: id }],
        [brandConfirm.POST, { brandId: ids.brandId, promotionId: id }, "POST"],
        [brandRestore.POST, { brandId: ids.brandId, version: id }, "POST"],
      ] as [Handler, Record<string, string>, string?][]) {
        expectClientError(await get(h, params, method ?? "GET"), `${method ?? "GET"} ${JSON.stringify(params)}`);
      }
      expectClientError(await get(events.GET as Handler, {}, "GET", `http://127.0.0.1/api/v1/events?run_id=${encodeURIComponent(id)}`), `events ${id}`);
      expectClientError(await get(exportRoute.GET as Handler, {}, "GET", `http://127.0.0.1/api/v1/workspace/export?brand_id=${encodeURIComponent(id)}`), `export ${id}`);
    }),
    { numRuns: 30, seed: 7 },
  );
  expect(await state()).toBe(before);
  expect(fs.statSync("/etc/passwd").mtimeMs).toBe(passwd);
  for (const n of ["etc", "x", "brd_.."]) expect(fs.existsSync(path.join(path.dirname(dir), n))).toBe(false);
}, 120_000);

test("garbage uploads to the import are a 4xx and change nothing", async () => {
  const before = await state();
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
      const res = await importRoute.POST(new Request("http://127.0.0.1/api/v1/workspace/import", { method: "POST", headers: { "content-type": "application/gzip" }, body: Buffer.from(bytes) }), { params: Promise.resolve({}) });
      expectClientError({ status: res.status, text: await res.text() }, "import garbage");
    }),
    { numRuns: 40, seed: 3 },
  );
  expect(await state()).toBe(before);
}, 60_000);
