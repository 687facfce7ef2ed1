import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import { OPERATIONS } from "@/lib/http/openapi";
import { startFakeLlmServer, type FakeLlmServer } from "../support/fakeLlmServer";
import { startHostedDeployment, type HostedDeployment } from "../support/hostedDeployment";
import { httpApi, waitFor } from "../support/httpApi";
import { freePort, startNextServer, type NextServer } from "../support/nextServer";
import { studioResponder } from "../support/studioResponder";
import { tarGz, untar } from "../support/tarTools";

// Teams in hosted mode, over real HTTP against one `next start` instance on PostgreSQL: sign-in and its
// throttle, organizations that never see each other, roles, four eyes and API tokens.

let d: HostedDeployment;
let fake: FakeLlmServer;
let server: NextServer;
let dir: string;
const url = () => server.url;

beforeAll(async () => {
  d = await startHostedDeployment("teams");
  fake = await startFakeLlmServer();
  fake.setResponder(studioResponder as never);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "vm-teams-"));
  server = await startNextServer(await freePort(), {
    ...d.env,
    VM_WORKSPACE: dir,
    VM_LLM_BASE_URL: fake.baseUrl,
    VM_LLM_API_KEY: "sk-teams-1234",
    VM_PUBLIC_URL: "http://app.example",
    // As behind one load balancer: the right-most X-Forwarded-For entry is the caller's address.
    VM_TRUSTED_PROXIES: "1",
  });
}, 180_000);

afterAll(async () => {
  await server?.kill("SIGKILL");
  await fake?.close();
  await d?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Signs in; the session cookie as a header. */
async function signIn(email: string, password: string, address = "10.0.0.1") {
  const res = await fetch(`${url()}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url(), "x-forwarded-for": address },
    body: JSON.stringify({ email, password }),
  });
  return { res, cookie: res.headers.get("set-cookie")?.split(";")[0] ?? "", body: await res.json().catch(() => null) };
}

const cookies = new WeakMap<object, string>();
/** The API as the holder of a session cookie (as a browser sends it: with the app's Origin). */
function as(cookie: string) {
  const api = httpApi(url(), { cookie, origin: url() });
  cookies.set(api, cookie);
  return api;
}
const headersOf = (api: ReturnType<typeof httpApi>) => ({ cookie: cookies.get(api) ?? "", origin: url() });

/** A member of a fresh organization with `role`: the owner of "other" invites them by link. */
async function member(owner: ReturnType<typeof httpApi>, email: string, role: string) {
  const inv = await owner.post("/organization/invitations", { email, role });
  expect(inv.status, JSON.stringify(inv.json)).toBe(201);
  const token = new URL(inv.json.link).searchParams.get("token")!;
  expect(inv.json.link.startsWith("http://app.example/invite?token=")).toBe(true);
  const accepted = await fetch(`${url()}/api/v1/invitations/accept`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url() },
    body: JSON.stringify({ token, password: `${role}-password-1`, name: role }),
  });
  expect(accepted.status).toBe(201);
  return as(accepted.headers.get("set-cookie")!.split(";")[0]);
}

/** An archive with one table's rows replaced and the manifest's checksums made to match again. */
function retargeted(entries: { name: string; data: Buffer }[], table: string, rows: unknown[]) {
  const data = Buffer.from(JSON.stringify(rows));
  const changed = entries.map((e) => (e.name === table ? { name: e.name, data } : e));
  const manifest = JSON.parse(changed.find((e) => e.name === "manifest.json")!.data.toString());
  manifest.entries = manifest.entries.map((m: any) => (m.path === table ? { ...m, bytes: data.length, sha256: createHash("sha256").update(data).digest("hex") } : m));
  return changed.map((e) => (e.name === "manifest.json" ? { name: e.name, data: Buffer.from(JSON.stringify(manifest)) } : e));
}

let ownerA: ReturnType<typeof httpApi>;
/** Organization A's ids, for the property over every operation. */
let aIds: Record<string, string>;
let ownerB: ReturnType<typeof httpApi>;

test("the first owner comes from VM_OWNER_EMAIL; the session cookie is HTTP-only, SameSite=Lax, Path=/", async () => {
  const wrong = await signIn(d.owner.email, "not-the-password");
  expect(wrong.res.status).toBe(401);
  expect(wrong.body.error.code).toBe("unauthorized");
  const { res, cookie, body } = await signIn(d.owner.email, d.owner.password);
  expect(res.status).toBe(200);
  expect(body.role).toBe("owner");
  const setCookie = res.headers.get("set-cookie")!;
  expect(setCookie).toMatch(/^vm_session=[A-Za-z0-9_-]{43};/);
  expect(setCookie).toContain("HttpOnly");
  expect(setCookie).toContain("SameSite=Lax");
  expect(setCookie).toContain("Path=/");
  ownerA = as(cookie);
  expect((await ownerA.get("/session")).json).toMatchObject({ mode: "hosted", role: "owner", user: { email: d.owner.email } });
  // Behind HTTPS the cookie is __Host- and Secure.
  const secure = await fetch(`${url()}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url(), "x-forwarded-proto": "https", "x-forwarded-for": "10.0.0.9" },
    body: JSON.stringify(d.owner),
  });
  expect(secure.headers.get("set-cookie")).toMatch(/^__Host-vm_session=.*; Secure$/);
  // Sign-out ends the session on the server: the old cookie is refused.
  const out = await signIn(d.owner.email, d.owner.password);
  expect((await fetch(`${url()}/api/v1/session`, { method: "DELETE", headers: { cookie: out.cookie, origin: url() } })).status).toBe(204);
  expect((await as(out.cookie).get("/brands")).status).toBe(401);
});

test("without a session or token every /api/v1 operation but the public ones is 401", async () => {
  const sample: Record<string, string> = {
    brandId: "brd_01ARZ3NDEKTSV4RRFFQ69G5FAV", productId: "prd_01ARZ3NDEKTSV4RRFFQ69G5FAV", threadId: "thr_01ARZ3NDEKTSV4RRFFQ69G5FAV",
    runId: "run_01ARZ3NDEKTSV4RRFFQ69G5FAV", promotionId: "pro_01ARZ3NDEKTSV4RRFFQ69G5FAV", artifactId: "art_01ARZ3NDEKTSV4RRFFQ69G5FAV",
    stageId: "research", version: "1", n: "1", userId: "usr_01ARZ3NDEKTSV4RRFFQ69G5FAV", invitationId: "inv_01ARZ3NDEKTSV4RRFFQ69G5FAV", tokenId: "tok_01ARZ3NDEKTSV4RRFFQ69G5FAV",
  };
  const checked: string[] = [];
  for (const op of OPERATIONS.filter((o) => !o.public)) {
    const p = op.path.replace(/\{(\w+)\}/g, (_, n: string) => sample[n]);
    const res = await fetch(`${url()}${p}`, { method: op.method.toUpperCase(), headers: { origin: url(), "content-type": "application/json" }, body: op.method === "get" ? undefined : "{}" });
    expect(res.status, `${op.method} ${op.path}`).toBe(401);
    expect((await res.json()).error.code).toBe("unauthorized");
    checked.push(`${op.method} ${op.path}`);
  }
  expect(checked.length).toBeGreaterThan(50);
  // An unknown path is a 401 too: nothing to probe without credentials.
  expect((await fetch(`${url()}/api/v1/nothing-here`)).status).toBe(401);
  expect((await fetch(`${url()}/api/v1/health`)).status).toBe(200);
  // Pages send a visitor without a session to the sign-in page.
  const page = await fetch(`${url()}/settings`, { redirect: "manual" });
  expect(page.status).toBe(307);
  expect(page.headers.get("location")).toContain("/signin?next=%2Fsettings");
});

test("a member of one organization never reads, changes or searches anything of another", async () => {
  const seeded = await ownerA.seed(1, "Marca A");
  const runA = await ownerA.post("/runs", { thread_id: seeded.threads[0].id, stack: "foundation", request: "lançar" });
  expect(runA.status).toBe(202);
  await waitFor("A's run at its gate", async () => (await ownerA.get(`/runs/${runA.json.id}`)).json.status === "waiting_approval", 60_000);

  ownerB = await secondOrganization();
  const b = await ownerB.seed(1, "Marca B");
  const ids = {
    brand: seeded.brand.id, product: seeded.product.id, thread: seeded.threads[0].id, run: runA.json.id,
  };
  const artifactA = (await ownerA.get(`/runs/${ids.run}`)).json.artifacts[0].id;
  const promotionA = (await ownerA.post(`/brands/${ids.brand}/promotions`, { fields: { tone: "sóbrio" } })).json.id;
  expect(artifactA).toMatch(/^art_/);
  expect(promotionA).toMatch(/^pro_/);
  aIds = { ...ids, artifact: artifactA, promotion: promotionA, user: (await ownerA.get("/session")).json.user.id };
  // B lists only its own brand.
  expect((await ownerB.get("/brands")).json.items.map((x: any) => x.name)).toEqual(["Marca B"]);
  expect((await ownerA.get("/brands")).json.items.map((x: any) => x.name)).toEqual(["Marca A"]);
  // Every read, write and search of A's ids from B is a 404 (never a 403 that confirms it exists).
  const attempts: [string, string, unknown?][] = [
    ["GET", `/brands/${ids.brand}`], ["PATCH", `/brands/${ids.brand}`, { tone: "x" }], ["DELETE", `/brands/${ids.brand}`],
    ["GET", `/brands/${ids.brand}/products`], ["GET", `/brands/${ids.brand}/versions`], ["GET", `/brands/${ids.brand}/guard`],
    ["POST", `/brands/${ids.brand}/promotions`, { fields: { tone: "x" } }],
    ["GET", `/products/${ids.product}`], ["GET", `/products/${ids.product}/threads`],
    ["GET", `/threads/${ids.thread}`], ["GET", `/threads/${ids.thread}/runs`], ["GET", `/threads/${ids.thread}/approved`],
    ["GET", `/runs/${ids.run}`], ["POST", `/runs/${ids.run}/approve`, { stage_id: "research" }], ["POST", `/runs/${ids.run}/cancel`, {}],
    ["GET", `/runs/${ids.run}/stages/research/attempts/1`], ["GET", `/events?run_id=${ids.run}`], ["GET", `/events?thread_id=${ids.thread}`],
    ["GET", `/compare?left=${ids.run}:research&right=${ids.run}:research`], ["GET", `/workspace/export?brand_id=${ids.brand}`],
    ["POST", "/products", { brand_id: ids.brand, name: "intruso" }], ["POST", "/threads", { product_id: ids.product, title: "intrusa" }],
    ["POST", "/runs", { thread_id: ids.thread, stack: "foundation", request: "x" }], ["POST", "/chat", { thread_id: ids.thread, message: "oi", stream: false }],
    ["POST", "/feedback", { run_id: ids.run, verdict: "worked" }], ["POST", "/memory/search", { query: "café", brand_id: ids.brand }],
    ["POST", "/guard/check", { brand_id: ids.brand, markdown: "texto" }],
    ["PATCH", `/products/${ids.product}`, { price: "1" }], ["DELETE", `/products/${ids.product}`],
    ["GET", `/products/${ids.product}/versions`], ["POST", `/brands/${ids.brand}/versions/1/restore`],
    ["GET", `/runs/${ids.run}/package`], ["GET", `/runs/${ids.run}/rerun?from_stage_id=research`], ["POST", `/runs/${ids.run}/rerun`, { from_stage_id: "research" }],
    ["POST", `/runs/${ids.run}/retry`, { stage_id: "research" }], ["POST", `/runs/${ids.run}/skip`, { stage_id: "research" }], ["POST", `/runs/${ids.run}/resume`, {}],
    ["GET", `/runs/${ids.run}/artifacts/${artifactA}`], ["GET", `/brands/${ids.brand}/promotions/${promotionA}`], ["POST", `/brands/${ids.brand}/promotions/${promotionA}/confirm`],
  ];
  for (const [method, p, body] of attempts) {
    const r = await ownerB.call(method, p, body);
    expect(r.status, `${method} ${p}: ${JSON.stringify(r.json)}`).toBe(404);
  }
  // B's whole export holds B's brand and nothing of A.
  const exported = await fetch(`${url()}/api/v1/workspace/export`, { headers: headersOf(ownerB) });
  expect(exported.status).toBe(200);
  const bytes = Buffer.from(await exported.arrayBuffer());
  const archiveB = await untar(bytes);
  const everything = archiveB.map((e) => `${e.name}\n${e.data.toString("utf8")}`).join("\n");
  expect(everything).toContain(b.brand.id);
  for (const id of Object.values(ids)) expect(everything).not.toContain(id);
  // Pages of A's things, opened by a member of B, are the not-found page.
  for (const page of [`/brands/${ids.brand}`, `/products/${ids.product}`, `/threads/${ids.thread}`, `/runs/${ids.run}`, `/runs/${ids.run}/stages/research/attempts/1`, `/compare?left=${ids.run}:research&right=${ids.run}:research`]) {
    const res = await fetch(`${url()}${page}`, { headers: headersOf(ownerB) });
    expect(res.status, page).toBe(404);
  }
  // An archive whose rows hang on A's brand (B's export with one product moved onto it) is refused whole.
  const product = JSON.parse(archiveB.find((e) => e.name === "db/products.json")!.data.toString())[0];
  const forged = retargeted(archiveB, "db/products.json", [{ ...product, id: "prd_01ARZ3NDEKTSV4RRFFQ69G5FAZ", brandId: ids.brand }]);
  const refused = await fetch(`${url()}/api/v1/workspace/import?merge=true`, { method: "POST", headers: { ...headersOf(ownerB), "content-type": "application/gzip" }, body: new Uint8Array(await tarGz(forged)) });
  expect(refused.status).toBe(400);
  expect((await refused.json()).error.details[0].code).toBe("foreign_reference");
  expect((await ownerA.get(`/brands/${ids.brand}/products`)).json.items).toHaveLength(1);
  // And A's untouched brand still reads the same for A.
  expect((await ownerA.get(`/brands/${ids.brand}`)).json.name).toBe("Marca A");
  // Back in A (where they are a viewer) the same person reads A's brand and cannot write; B's is gone from view.
  const orgA = (await ownerA.get("/session")).json.organization.id;
  const back = await ownerB.call("PATCH", "/session", { organization_id: orgA });
  expect(back.status, JSON.stringify(back.json)).toBe(200);
  expect(back.json.role).toBe("viewer");
  expect((await ownerB.get(`/brands/${ids.brand}`)).status).toBe(200);
  expect((await ownerB.get(`/brands/${b.brand.id}`)).status).toBe(404);
  expect((await ownerB.post("/brands", { name: "não" })).status).toBe(403);
  // An organization they do not belong to is a 404, like one that does not exist.
  expect((await ownerB.call("PATCH", "/session", { organization_id: "org_01ARZ3NDEKTSV4RRFFQ69G5FB0" })).status).toBe(404);
  const orgB = back.json.organizations.find((o: any) => o.role === "owner").id;
  expect((await ownerB.call("PATCH", "/session", { organization_id: orgB })).json.role).toBe("owner");
}, 120_000);

/**
 * A second organization with its own owner: a viewer of A makes organization B (they own it, and their
 * session moves to it). They still belong to A, so this also shows that the organization in use, not the
 * person's memberships, decides what they see.
 */
async function secondOrganization(): Promise<ReturnType<typeof httpApi>> {
  const bOwner = await member(ownerA, "b-owner@example.com", "viewer");
  const made = await bOwner.post("/organizations", { name: "B" });
  expect(made.status, JSON.stringify(made.json)).toBe(201);
  const me = (await bOwner.get("/session")).json;
  expect(me.organization.id).toBe(made.json.id);
  expect(me.role).toBe("owner");
  expect(me.organizations.map((o: any) => o.role).sort()).toEqual(["owner", "viewer"]);
  return bOwner;
}

test("property: over every operation of the API, B's owner naming A's ids gets 404 or another 4xx, never A's data, and changes nothing of A", async () => {
  const snapshot = async () =>
    JSON.stringify(
      await Promise.all(
        [`/brands/${aIds.brand}`, `/brands/${aIds.brand}/products`, `/brands/${aIds.brand}/promotions`, `/brands/${aIds.brand}/versions`, `/products/${aIds.product}/threads`, `/threads/${aIds.thread}/runs`, `/runs/${aIds.run}`, "/organization/members"].map(
          async (p) => (await ownerA.get(p)).json,
        ),
      ),
    );
  const before = await snapshot();
  const aNames = ["Marca A"];
  const pathValue: Record<string, string> = {
    brandId: aIds.brand, productId: aIds.product, threadId: aIds.thread, runId: aIds.run, promotionId: aIds.promotion, artifactId: aIds.artifact,
    userId: aIds.user, stageId: "research", version: "1", n: "1", invitationId: "inv_01ARZ3NDEKTSV4RRFFQ69G5FAV", tokenId: "tok_01ARZ3NDEKTSV4RRFFQ69G5FAV",
  };
  // Moving the session (PATCH /session, POST /organizations) is the person's own business, not A's data.
  const ops = OPERATIONS.filter((o) => !o.public && !["patch /api/v1/session", "post /api/v1/organizations"].includes(`${o.method} ${o.path}`));
  const body = fc.record(
    {
      brand_id: fc.constant(aIds.brand), product_id: fc.constant(aIds.product), thread_id: fc.constant(aIds.thread), run_id: fc.constant(aIds.run),
      stage_id: fc.constantFrom("research", "brand-voice"), query: fc.constantFrom("café", "voz da marca"), markdown: fc.constant("texto"), message: fc.constant("oi"),
      stream: fc.constant(false), stack: fc.constant("foundation"), request: fc.constant("lançar"), verdict: fc.constant("worked"), from_stage_id: fc.constant("research"),
      fields: fc.constant({ tone: "roubado" }), title: fc.constant("intrusa"), name: fc.constant("intrusa"),
    },
    { requiredKeys: [] },
  );
  const query = fc.record({ run_id: fc.constant(aIds.run), thread_id: fc.constant(aIds.thread), brand_id: fc.constant(aIds.brand), left: fc.constant(`${aIds.run}:research`), right: fc.constant(`${aIds.run}:research`), from_stage_id: fc.constant("research") }, { requiredKeys: [] });
  const seen = new Set<string>();
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...ops), body, query, async (op, b, q) => {
      // Only what the operation reads: a query or body it ignores would name A's ids without asking for them.
      const p = op.path.replace(/\{(\w+)\}/g, (_m, n: string) => pathValue[n]);
      const qs = op.query && Object.keys(q).length ? `?${new URLSearchParams(q as Record<string, string>)}` : "";
      const sent = op.body && op.body !== "gzip" ? JSON.stringify(b) : undefined;
      const res = await fetch(`${url()}${p}${qs}`, {
        method: op.method.toUpperCase(),
        headers: { ...headersOf(ownerB), "content-type": "application/json" },
        body: sent,
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      const named = [aIds.brand, aIds.product, aIds.thread, aIds.run, aIds.artifact, aIds.promotion].some((id) => p.includes(id) || qs.includes(id) || !!sent?.includes(id));
      seen.add(`${op.method} ${op.path}`);
      expect(res.status, `${op.method} ${p}${qs} ${JSON.stringify(b)} → ${text.slice(0, 300)}`).toBeLessThan(500);
      if (named && op.path.includes("{") && /\{(brandId|productId|threadId|runId)\}/.test(op.path)) expect(res.status, `${op.method} ${p}`).toBe(404);
      else if (named) expect(res.status, `${op.method} ${p}${qs} ${JSON.stringify(b)} → ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
      for (const secret of [...aNames, ...(res.status < 400 ? [aIds.brand, aIds.product, aIds.thread, aIds.run, aIds.artifact, aIds.promotion] : [])]) {
        expect(text.includes(secret), `${op.method} ${p}${qs} answered ${res.status} with ${secret}`).toBe(false);
      }
    }),
    { numRuns: 400 },
  );
  expect(seen.size).toBeGreaterThan(ops.length * 0.9);
  expect(await snapshot()).toBe(before);
}, 240_000);

test("each role does what it may and is refused the rest (403 naming the role); four eyes", async () => {
  const editor = await member(ownerA, "editor@example.com", "editor");
  const approver = await member(ownerA, "approver@example.com", "approver");
  const viewer = await member(ownerA, "viewer@example.com", "viewer");

  const s = await editor.seed(1, "Marca do editor");
  expect(s.brand.id).toMatch(/^brd_/);
  // The viewer reads, and is refused any change.
  expect((await viewer.get(`/brands/${s.brand.id}`)).status).toBe(200);
  const refused = await viewer.post("/brands", { name: "não" });
  expect(refused.status).toBe(403);
  expect(refused.json.error.message).toContain("viewer");
  // The approver cannot start runs; the editor cannot decide gates nor delete.
  expect((await approver.post("/runs", { thread_id: s.threads[0].id, stack: "foundation", request: "x" })).status).toBe(403);
  const run = await editor.post("/runs", { thread_id: s.threads[0].id, stack: "foundation", request: "lançar" });
  expect(run.status).toBe(202);
  const gate = await waitFor("the gate", async () => {
    const r = (await editor.get(`/runs/${run.json.id}`)).json;
    return r.status === "waiting_approval" && r.current_stage;
  }, 60_000);
  const byEditor = await editor.post(`/runs/${run.json.id}/approve`, { stage_id: gate });
  expect(byEditor.status).toBe(403);
  expect(byEditor.json.error.message).toContain("editor");
  expect((await editor.call("DELETE", `/brands/${s.brand.id}?cascade=true`)).status).toBe(403);
  expect((await editor.post("/organization/invitations", { email: "x@example.com", role: "viewer" })).status).toBe(403);
  // The approver decides; the decision and its event say who.
  const ok = await approver.post(`/runs/${run.json.id}/approve`, { stage_id: gate });
  expect(ok.status, JSON.stringify(ok.json)).toBe(200);
  const details = (await viewer.get(`/runs/${run.json.id}`)).json;
  expect(details.decisions.find((x: any) => x.action === "approve").by.email).toBe("approver@example.com");

  // Four eyes: an owner who started a run cannot decide its gates; another approver can.
  const fourEyes = await ownerA.call("PATCH", "/organization", { four_eyes: true });
  expect(fourEyes.status, JSON.stringify(fourEyes.json)).toBe(200);
  const own = await ownerA.post("/runs", { thread_id: s.threads[0].id, stack: "foundation", request: "de novo" });
  const ownGate = await waitFor("the owner's gate", async () => {
    const r = (await ownerA.get(`/runs/${own.json.id}`)).json;
    return r.status === "waiting_approval" && r.current_stage;
  }, 60_000);
  const self = await ownerA.post(`/runs/${own.json.id}/approve`, { stage_id: ownGate });
  expect(self.status).toBe(403);
  expect(self.json.error.details[0].code).toBe("four_eyes");
  const other = await approver.post(`/runs/${own.json.id}/approve`, { stage_id: ownGate });
  expect(other.status, JSON.stringify(other.json)).toBe(200);
  await ownerA.call("PATCH", "/organization", { four_eyes: false });

  // The last owner cannot leave or be demoted.
  const me = (await ownerA.get("/session")).json.user.id;
  expect((await ownerA.call("DELETE", `/organization/members/${me}`)).status).toBe(409);
  expect((await ownerA.call("PATCH", `/organization/members/${me}`, { role: "editor" })).status).toBe(409);
  // The audit says who invited whom.
  const audit = (await ownerA.get("/organization/audit")).json.items;
  expect(audit.some((e: any) => e.action === "member.invited" && e.detail.email === "viewer@example.com" && e.actor === d.owner.email)).toBe(true);
}, 180_000);

test("API tokens: Bearer, read-only narrower than the owner, revoked at once, no Origin needed", async () => {
  const made = await ownerA.post("/tokens", { name: "script", access: "read" });
  expect(made.status).toBe(201);
  expect(made.json.secret).toMatch(/^vmk_/);
  const bearer = httpApi(url(), { authorization: `Bearer ${made.json.secret}` });
  expect((await bearer.get("/brands")).status).toBe(200);
  const write = await bearer.post("/brands", { name: "via token" });
  expect(write.status).toBe(403);
  // A read-only token reads and searches, and changes nothing of the account either.
  expect((await bearer.post("/guard/check", { brand_id: (await bearer.get("/brands")).json.items[0].id, markdown: "texto" })).status).toBe(200);
  const me = (await ownerA.get("/session")).json.user.id;
  for (const [method, p, body] of [["DELETE", `/organization/members/${me}`], ["POST", "/organizations", { name: "x" }], ["DELETE", `/tokens/${made.json.id}`], ["POST", "/tokens", { name: "more" }]] as const) {
    const r = await bearer.call(method, p, body);
    expect(r.status, `${method} ${p}`).toBe(403);
    expect(r.json.error.details[0].code).toBe("token_read_only");
  }
  const full = await ownerA.post("/tokens", { name: "ci" });
  // A token request from another origin passes the cross-site guard (a browser never attaches a token itself).
  const cross = await fetch(`${url()}/api/v1/brands`, {
    method: "POST", headers: { authorization: `Bearer ${full.json.secret}`, "content-type": "application/json", origin: "https://elsewhere.example" },
    body: JSON.stringify({ name: "via token" }),
  });
  expect(cross.status).toBe(201);
  // The list never shows secrets; revoking takes effect on the very next request.
  const list = (await ownerA.get("/tokens")).json.items;
  expect(JSON.stringify(list)).not.toContain(made.json.secret);
  expect((await ownerA.call("DELETE", `/tokens/${made.json.id}`)).status).toBe(204);
  expect((await bearer.get("/brands")).status).toBe(401);
  // A cookie request from another origin is still refused.
  const cookieCross = await fetch(`${url()}/api/v1/brands`, { method: "POST", headers: { ...headersOf(ownerA), origin: "https://elsewhere.example", "content-type": "application/json" }, body: "{}" });
  expect(cookieCross.status).toBe(403);
});

test("a removed member's sessions and tokens end at once; only the deployment's administrator rebuilds everyone's memory", async () => {
  const temp = await member(ownerA, "temp@example.com", "editor");
  const token = await temp.post("/tokens", { name: "temp" });
  const bearer = httpApi(url(), { authorization: `Bearer ${token.json.secret}` });
  expect((await bearer.get("/brands")).status).toBe(200);
  const tempId = (await temp.get("/session")).json.user.id;
  expect((await ownerA.call("DELETE", `/organization/members/${tempId}`)).status).toBe(204);
  expect((await temp.get("/brands")).status).toBe(401);
  expect((await bearer.get("/brands")).status).toBe(401);
  // B's owner owns B, but deployment-wide work is the administrator's (the first owner).
  const refused = await ownerB.post("/memory/reindex", {});
  expect(refused.status).toBe(403);
  expect(refused.json.error.details[0].code).toBe("not_administrator");
  expect((await ownerA.post("/provider/check", {})).status).not.toBe(403);
});

test("a reset link (printed to the log without mail) sets a new password once and ends every session and token", async () => {
  const person = await member(ownerA, "forgetful@example.com", "viewer");
  const token = (await person.post("/tokens", { name: "script" })).json.secret;
  const ask = () => fetch(`${url()}/api/v1/password-reset`, { method: "POST", headers: { "content-type": "application/json", origin: url(), "x-forwarded-for": "10.5.0.1" }, body: JSON.stringify({ email: "forgetful@example.com" }) });
  expect((await ask()).status).toBe(202);
  // Unknown addresses get the very same answer.
  const unknown = await fetch(`${url()}/api/v1/password-reset`, { method: "POST", headers: { "content-type": "application/json", origin: url() }, body: JSON.stringify({ email: "nobody@example.com" }) });
  expect(unknown.status).toBe(202);
  const link = await waitFor("the reset link in the log", () => server.output().match(/mail to forgetful@example\.com[\s\S]*?(http:\/\/app\.example\/reset\?token=\S+)/)?.[1]);
  const resetToken = decodeURIComponent(new URL(link).searchParams.get("token")!);
  const confirm = (password: string) =>
    fetch(`${url()}/api/v1/password-reset/confirm`, { method: "POST", headers: { "content-type": "application/json", origin: url() }, body: JSON.stringify({ token: resetToken, password }) });
  const [first, second] = await Promise.all([confirm("brand-new-password"), confirm("other-new-password")]);
  expect([first.status, second.status].sort()).toEqual([204, 401]);
  expect((await person.get("/brands")).status).toBe(401);
  expect((await httpApi(url(), { authorization: `Bearer ${token}` }).get("/brands")).status).toBe(401);
  const winner = first.status === 204 ? "brand-new-password" : "other-new-password";
  expect((await signIn("forgetful@example.com", winner, "10.5.0.2")).res.status).toBe(200);
  // No more than three mails an hour to one address, whatever is asked.
  for (let i = 0; i < 5; i++) expect((await ask()).status).toBe(202);
  expect(server.output().match(/mail to forgetful@example\.com[^\n]*reset your password/g)!.length).toBe(3);
});

test("an invitation is no way around the sign-in throttle for an existing account", async () => {
  await member(ownerA, "joiner@example.com", "viewer");
  const inv = await ownerB.post("/organization/invitations", { email: "joiner@example.com", role: "viewer" });
  expect(inv.status).toBe(201);
  const token = new URL(inv.json.link).searchParams.get("token")!;
  const accept = (password: string) =>
    fetch(`${url()}/api/v1/invitations/accept`, { method: "POST", headers: { "content-type": "application/json", origin: url(), "x-forwarded-for": "10.6.0.1" }, body: JSON.stringify({ token, password, name: "x" }) });
  const codes: number[] = [];
  for (let i = 0; i < 5; i++) codes.push((await accept(`guess-${i}-xx`)).status);
  expect(codes).toEqual([401, 401, 401, 401, 429]);
  // Locked for sign-in too, and the right password waits as well.
  expect((await accept("viewer-password-1")).status).toBe(429);
  expect((await signIn("joiner@example.com", "viewer-password-1", "10.6.0.2")).res.status).toBe(429);
});

test("sign-in is throttled per account and per address; a locked account says until when", async () => {
  // Ten wrong passwords sent at once: the limit (5) still holds — four are checked and refused (401), the
  // fifth locks the account, the rest are refused unchecked — and then even the right password waits.
  const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => signIn("approver@example.com", `wrong-${i}`, `10.4.0.${i}`)));
  const codes = burst.map((r) => r.res.status);
  expect(codes.filter((c) => c === 401)).toHaveLength(4);
  expect(codes.filter((c) => c === 429)).toHaveLength(6);
  expect((await signIn("approver@example.com", "approver-password-1", "10.4.0.99")).res.status).toBe(429);

  const email = "viewer@example.com";
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) statuses.push((await signIn(email, "wrong-password", `10.1.0.${i}`)).res.status);
  expect(statuses).toEqual([401, 401, 401, 401, 429]);
  const locked = await signIn(email, "viewer-password-1", "10.1.0.99");
  expect(locked.res.status).toBe(429);
  expect(locked.body.error.message).toMatch(/try again at \d{4}-\d\d-\d\dT/);
  // Two sign-ins at once with the right password for another account both work (no shared lock).
  const [x, y] = await Promise.all([signIn("editor@example.com", "editor-password-1", "10.2.0.1"), signIn("editor@example.com", "editor-password-1", "10.2.0.2")]);
  expect([x.res.status, y.res.status]).toEqual([200, 200]);
  // The per-address limit (20) locks an address that tries many accounts.
  let last = 0;
  for (let i = 0; i < 20; i++) last = (await signIn(`nobody${i}@example.com`, "x", "10.3.0.1")).res.status;
  expect(last).toBe(429);
});
