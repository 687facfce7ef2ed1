import { afterEach, beforeEach, expect, test } from "vitest";
import * as brands from "@/app/api/v1/brands/route";
import * as health from "@/app/api/v1/health/route";
import * as session from "@/app/api/v1/session/route";
import * as runs from "@/app/api/v1/runs/route";
import { callRoute } from "../support/callRoute";
import { disposeWorkspace, useTempWorkspace } from "../support/tempWorkspace";

// API routes make the host and origin check themselves (the proxy only sees pages): here through the
// real handlers, with the headers a rebinding page or another origin would send.

let dir: string;
beforeEach(async () => ({ dir } = await useTempWorkspace()));
afterEach(() => disposeWorkspace(dir));

const count = async () => (await callRoute(brands.GET, "GET", "/api/v1/brands")).json.items.length;

test("a foreign Host is refused by every kind of route before it does anything, reads and public routes too", async () => {
  const host = { host: "evil.example:3000" };
  for (const [handler, method, p] of [
    [brands.GET, "GET", "/api/v1/brands"],
    [brands.POST, "POST", "/api/v1/brands"],
    [health.GET, "GET", "/api/v1/health"],
    [session.POST, "POST", "/api/v1/session"],
  ] as const) {
    const res = await callRoute(handler, method, p, { headers: host, body: method === "POST" ? { name: "Pwned" } : undefined });
    expect(res.status, p).toBe(403);
    expect(res.json.error).toMatchObject({ code: "forbidden", message: expect.stringContaining("evil.example") });
  }
  expect(await count()).toBe(0);
});

test("a write from another origin is refused; the app's own origin and clients without one are served", async () => {
  const post = (headers: Record<string, string>, name: string) => callRoute(brands.POST, "POST", "/api/v1/brands", { headers: { host: "127.0.0.1:3000", ...headers }, body: { name } });
  expect((await post({ origin: "https://evil.example" }, "A")).status).toBe(403);
  expect((await post({ "sec-fetch-site": "cross-site" }, "B")).status).toBe(403);
  // Local mode checks no tokens, so a Bearer header exempts nothing.
  expect((await post({ origin: "https://evil.example", authorization: "Bearer x" }, "C")).status).toBe(403);
  expect(await count()).toBe(0);
  expect((await post({ origin: "http://127.0.0.1:3000" }, "D")).status).toBe(201);
  expect((await post({}, "E")).status).toBe(201);
  expect(await count()).toBe(2);
});

test("an idempotent write from another origin is refused before its key is looked up or kept", async () => {
  const key = { "idempotency-key": "k-1", host: "127.0.0.1:3000" };
  const foreign = await callRoute(runs.POST, "POST", "/api/v1/runs", { headers: { ...key, origin: "https://evil.example" }, body: { thread_id: "thr_01ARZ3NDEKTSV4RRFFQ69G5FAV", stack: "nurture", request: "x" } });
  expect(foreign.status).toBe(403);
  // Nothing remembered under the key: the same key from the app itself is judged on its own (no such
  // thread), not answered with a replayed 403.
  const own = await callRoute(runs.POST, "POST", "/api/v1/runs", { headers: key, body: { thread_id: "thr_01ARZ3NDEKTSV4RRFFQ69G5FAV", stack: "nurture", request: "x" } });
  expect(own.status).toBe(404);
  expect(own.json.error.code).toBe("not_found");
});
