import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { stageAsked, startFakeLlmServer, type FakeLlmServer, type ReceivedRequest } from "../support/fakeLlmServer";
import { startHostedDeployment, type HostedDeployment } from "../support/hostedDeployment";
import { httpApi, waitFor as waitUntil } from "../support/httpApi";
import { freePort, startNextServer, type NextServer } from "../support/nextServer";
import { studioResponder } from "../support/studioResponder";
import { readSseUntil } from "../support/readSse";
import { untar } from "../support/tarTools";
import { disposeWorkspace, serverWorkspace } from "../support/tempWorkspace";

// Hosted mode for real: two `next start` instances (A and B) of one deployment — PostgreSQL, an
// S3-protocol server, pg-boss — behind no load balancer but the test, which sends each request to
// whichever instance the scenario needs. Nothing is shared between them but those three services.

interface Instance {
  name: "A" | "B";
  key: string;
  port: number;
  dir: string;
  server: NextServer | null;
}

let d: HostedDeployment;
let fake: FakeLlmServer;
let receiver: http.Server;
let otlp: string;
const spans: { name: string; attributes: Record<string, unknown> }[] = [];
const instances: Record<"A" | "B", Instance> = {} as never;
const localDirs: string[] = [];

const envOf = (i: Instance) => ({
  ...d.env,
  VM_WORKSPACE: i.dir,
  VM_LLM_BASE_URL: fake.baseUrl,
  // Each instance has its own key, so the fake LLM can tell which one is calling.
  VM_LLM_API_KEY: i.key,
  OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
  OTEL_SERVICE_NAME: `vm-hosted-${i.name}`,
  // As `npm start` sets it: SIGTERM is the app's to handle (a graceful shutdown).
  NEXT_MANUAL_SIG_HANDLE: "true",
});

async function start(i: Instance) {
  i.server = await startNextServer(i.port, envOf(i));
}

// The owner's API token (VM_OWNER_EMAIL made the owner when A started): hosted mode answers 401 without one.
let auth: Record<string, string> = {};
const api = (i: Instance) => httpApi(i.server!.url, auth);
const A = () => api(instances.A);
const B = () => api(instances.B);
const output = () => Object.values(instances).map((i) => `--- ${i.name}\n${i.server?.output().slice(-4000) ?? ""}`).join("\n");
const waitFor = <T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, ms = 60_000) => waitUntil(what, probe, ms, output);
const callerOf = (req: ReceivedRequest) => (String(req.headers.authorization).endsWith(instances.A.key) ? instances.A : instances.B);

beforeAll(async () => {
  d = await startHostedDeployment("two");
  fake = await startFakeLlmServer();
  fake.setResponder(studioResponder as never);
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (req.url === "/v1/traces") {
        for (const rs of JSON.parse(body).resourceSpans ?? [])
          for (const ss of rs.scopeSpans ?? [])
            for (const s of ss.spans ?? [])
              spans.push({ name: s.name, attributes: Object.fromEntries((s.attributes ?? []).map((a: { key: string; value: Record<string, unknown> }) => [a.key, Object.values(a.value)[0]])) });
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  const otlpPort = await freePort();
  await new Promise<void>((r) => receiver.listen(otlpPort, "127.0.0.1", r));
  otlp = `http://127.0.0.1:${otlpPort}`;
  for (const name of ["A", "B"] as const) {
    instances[name] = { name, key: `sk-hosted-${name}-1234`, port: await freePort(), dir: fs.mkdtempSync(path.join(os.tmpdir(), `vm-hosted-${name}-`)), server: null };
  }
  // One after the other: the first applies the migrations, the second finds them done.
  await start(instances.A);
  await start(instances.B);
  auth = await d.ownerAuth(instances.A.server!.url);
}, 180_000);

afterAll(async () => {
  for (const i of Object.values(instances)) {
    await i?.server?.kill("SIGKILL");
    if (i?.dir) fs.rmSync(i.dir, { recursive: true, force: true });
  }
  await fake?.close();
  receiver?.close();
  await d?.close();
  for (const dir of localDirs) await disposeWorkspace(dir);
});

/** A brand → product → thread on instance `on`. */
async function seed(on: ReturnType<typeof httpApi>, name: string) {
  return on.seed(1, name).then((s) => ({ brand: s.brand, product: s.product, thread: s.threads[0] }));
}

/** Reads a run's SSE stream on `on` until `until` arrives; the events in the order received. */
async function watch(on: Instance, query: string, until: (e: any) => boolean, ms = 60_000, drafts: any[] = []): Promise<any[]> {
  const res = await fetch(`${on.server!.url}/api/v1/events?${query}`, { headers: auth, signal: AbortSignal.timeout(ms) });
  expect(res.status).toBe(200);
  const seen: any[] = [];
  await readSseUntil(res, ({ data }) => {
    if (data.type === "stage.draft") {
      drafts.push(data);
      return false;
    }
    seen.push(data);
    return until(data);
  });
  return seen;
}

const getRun = async (on: ReturnType<typeof httpApi>, id: string) => (await on.get(`/runs/${id}`)).json;
const atGate = (on: ReturnType<typeof httpApi>, id: string, stage: string) =>
  waitFor(`${stage} at its gate`, async () => {
    const r = await getRun(on, id);
    return r.status === "waiting_approval" && r.current_stage === stage && r;
  });

test("a run started on A is watched live from B — in order, without gaps — and a gate decided on B resumes it", async () => {
  const { thread } = await seed(A(), "Nuvem Viva");
  // The model writes slowly, so the text being written streams too.
  fake.setResponder(((req: ReceivedRequest) => ({ ...studioResponder(req), chunkDelayMs: 15 })) as never);
  // The thread stream starts live (no replay): everything B shows was relayed as it happened.
  const drafts: any[] = [];
  const live = watch(instances.B, `thread_id=${thread.id}`, (e) => e.type === "run.waiting_approval", 60_000);
  await new Promise((r) => setTimeout(r, 500));
  const run = (await A().post("/runs", { thread_id: thread.id, stack: "foundation", request: "ao vivo" })).json;
  expect(run.status).toBe("running");
  const runStream = watch(instances.B, `run_id=${run.id}`, (e) => e.type === "run.waiting_approval", 60_000, drafts);
  const seen = await live;
  await runStream;
  fake.setResponder(studioResponder as never);
  // The text of each stage, as it was being written on whichever instance drove it, reached B in order.
  const research = drafts.filter((x) => x.stage_id === "research");
  expect(research.length).toBeGreaterThan(1);
  const text = research.reduce((t, x) => (x.offset <= t.length ? t.slice(0, x.offset) + x.text : t), "");
  expect(text.length).toBeGreaterThan(100);
  expect(seen.map((e) => e.seq)).toEqual(seen.map((_, i) => i + 1));
  expect(seen[0]).toMatchObject({ type: "run.started", run_id: run.id });
  expect(seen.map((e) => e.type)).toEqual(expect.arrayContaining(["stage.started", "llm.call.started", "artifact.written", "stage.waiting_approval"]));

  // What B streamed is exactly the run's log (replayed by A).
  const replay = await watch(instances.A, `run_id=${run.id}`, (e) => e.type === "run.waiting_approval");
  expect(replay).toEqual(seen);

  // The gate is decided on B; the run goes on (on whichever instance takes the job) to the next gate.
  await atGate(A(), run.id, "brand-voice");
  expect((await B().post(`/runs/${run.id}/approve`, { stage_id: "brand-voice" })).status).toBe(200);
  const next = await atGate(A(), run.id, "positioning");
  expect(next.stages.find((s: any) => s.id === "brand-voice").status).toBe("approved");
  expect((await getRun(B(), run.id)).current_stage).toBe("positioning");
});

test("20 concurrent approvals of one gate, spread over A and B, land exactly once", async () => {
  const { thread } = await seed(B(), "Vinte Cliques");
  const run = (await B().post("/runs", { thread_id: thread.id, stack: "foundation", request: "vinte" })).json;
  await atGate(A(), run.id, "brand-voice");
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, i) => (i % 2 ? A() : B()).post(`/runs/${run.id}/approve`, { stage_id: "brand-voice", comment: `clique ${i}` })),
  );
  const statuses = answers.map((a) => a.status).sort();
  expect(statuses.filter((s) => s === 200)).toHaveLength(1);
  expect(statuses.filter((s) => s !== 200).every((s) => s === 409)).toBe(true);
  const after = await atGate(B(), run.id, "positioning");
  expect(after.decisions.filter((x: any) => x.stage_id === "brand-voice")).toHaveLength(1);
  // The approval is in the log once, and the log has no gap.
  const log = await watch(instances.A, `run_id=${run.id}`, (e) => e.type === "run.waiting_approval" && e.data.stage_id === "positioning");
  expect(log.filter((e) => e.type === "decision")).toHaveLength(1);
  expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));

  // One Idempotency-Key sent to both instances at once (a client retrying through the load balancer):
  // one effect, and every answer is the first one's.
  const headers = { "idempotency-key": "hosted-approve-positioning-1" };
  const keyed = await Promise.all(
    Array.from({ length: 6 }, (_, i) => (i % 2 ? A() : B()).post(`/runs/${run.id}/approve`, { stage_id: "positioning" }, { headers })),
  );
  expect(keyed.map((a) => a.status)).toEqual(Array(6).fill(200));
  expect(new Set(keyed.map((a) => JSON.stringify(a.json))).size).toBe(1);
  const later = await atGate(A(), run.id, "keywords");
  expect(later.decisions.filter((x: any) => x.stage_id === "positioning")).toHaveLength(1);
});

test("a retry with feedback, a re-run and a budget resume, each asked of the instance that is not driving, work", async () => {
  const { thread } = await seed(A(), "Qualquer Instância");
  const run = (await A().post("/runs", { thread_id: thread.id, stack: "foundation", request: "de qualquer lugar" })).json;
  await atGate(B(), run.id, "brand-voice");
  // Retry with feedback on B: a new attempt whose prompt carries the feedback, wherever it runs.
  expect((await B().post(`/runs/${run.id}/retry`, { stage_id: "brand-voice", feedback: "Mais calor humano." })).status).toBe(200);
  const retried = await waitFor("the second attempt at the gate", async () => {
    const r = await getRun(A(), run.id);
    const bv = r.stages.find((s: any) => s.id === "brand-voice");
    return r.status === "waiting_approval" && bv.attempts.length === 2 && bv.attempts[1].status === "succeeded" && r;
  });
  expect(retried.stages.find((s: any) => s.id === "brand-voice").attempts[1].feedback).toBe("Mais calor humano.");
  expect(fake.chatRequests().some((r) => JSON.stringify(r.body.messages).includes("Mais calor humano."))).toBe(true);
  expect((await A().post(`/runs/${run.id}/approve`, { stage_id: "brand-voice" })).status).toBe(200);
  await atGate(B(), run.id, "positioning");

  // A re-run from positioning, asked of B: research and brand-voice are reused, positioning runs again.
  const again = await B().post(`/runs/${run.id}/rerun`, { from_stage_id: "positioning", request: "de novo" });
  expect(again.status).toBe(202);
  const rerun = await atGate(A(), again.json.id, "positioning");
  expect(rerun.stages.find((s: any) => s.id === "brand-voice").attempts).toEqual([]);

  // A run out of budget pauses; raising it on the other instance resumes it.
  const small = (await B().post("/runs", { thread_id: thread.id, stack: "foundation", request: "pouco", budget: { tokens: 300 } })).json;
  const paused = await waitFor("the paused run", async () => {
    const r = await getRun(A(), small.id);
    return r.status === "paused" && r;
  });
  expect(paused.pause).toMatchObject({ reason: "budget_exceeded", budget: "tokens", stage_id: "brand-voice" });
  expect((await A().post(`/runs/${small.id}/resume`, { raise_tokens: 1_000_000 })).status).toBe(200);
  await atGate(B(), small.id, "brand-voice");
});

test("memory search answers the same on A and B", async () => {
  const { brand, thread } = await seed(A(), "Memória Comum");
  const run = (await A().post("/runs", { thread_id: thread.id, stack: "foundation", request: "lembrar" })).json;
  await atGate(B(), run.id, "brand-voice");
  expect((await B().post(`/runs/${run.id}/approve`, { stage_id: "brand-voice" })).status).toBe(200);
  const query = { query: "voz da marca torra artesanal", brand_id: brand.id, top_k: 8 };
  // The approved artifact is indexed by the deployment's single writer, on either instance.
  const fromA = await waitFor("the approved artifact in memory", async () => {
    const r = (await A().post("/memory/search", query)).json;
    return r.items?.some((h: any) => h.source_kind === "artifact") && r;
  });
  const fromB = (await B().post("/memory/search", query)).json;
  const key = (r: any) => r.items.map((h: any) => [h.chunk_id ?? h.id, h.source_kind, h.score]);
  expect(key(fromB)).toEqual(key(fromA));
  expect(fromA.items.length).toBeGreaterThan(1);
});

test("a whole run is traced over OTLP from both instances", async () => {
  const { thread } = await seed(B(), "Rastros");
  const run = (await B().post("/runs", { thread_id: thread.id, stack: "foundation", request: "rastrear" })).json;
  for (const stage of ["brand-voice", "positioning", "keywords"]) {
    await atGate(A(), run.id, stage);
    expect((await (stage === "positioning" ? A() : B()).post(`/runs/${run.id}/approve`, { stage_id: stage })).status).toBe(200);
  }
  await waitFor("completion", async () => (await getRun(A(), run.id)).status === "completed");
  const mine = () => spans.filter((s) => s.attributes["vm.run.id"] === run.id);
  await waitFor("a span per stage attempt", () => ["research", "brand-voice", "positioning", "keywords"].every((id) => mine().some((s) => s.name === `stage ${id}`)), 30_000);
  expect(mine().some((s) => s.name === "run")).toBe(true);
  expect(spans.some((s) => s.name.startsWith("chat "))).toBe(true);
});

test("export from the hosted deployment → import into a local workspace → identical brands, runs, audits and memory answers", async () => {
  const { brand, product, thread } = await seed(A(), "Mudança");
  const run = (await A().post("/runs", { thread_id: thread.id, stack: "foundation", request: "levar para casa" })).json;
  await atGate(B(), run.id, "brand-voice");
  const edited = await B().post(`/runs/${run.id}/approve`, { stage_id: "brand-voice", edited_markdown: "## Essência da voz\n\nCalorosa, direta, de casa.\n" });
  expect(edited.status, JSON.stringify(edited.json)).toBe(200);
  await atGate(A(), run.id, "positioning");
  expect((await A().post(`/runs/${run.id}/skip`, { stage_id: "positioning" })).status).toBe(200);
  await atGate(A(), run.id, "keywords");
  expect((await B().post(`/runs/${run.id}/approve`, { stage_id: "keywords" })).status).toBe(200);
  await waitFor("completion", async () => (await getRun(A(), run.id)).status === "completed");

  const exported = await fetch(`${instances.A.server!.url}/api/v1/workspace/export?brand_id=${brand.id}`, { headers: auth });
  expect(exported.status).toBe(200);
  const archive = Buffer.from(await exported.arrayBuffer());
  const hostedEntries = await untar(archive);
  const log = hostedEntries.find((e) => e.name === `files/runs/${run.id}/events.jsonl`)!;
  // events.jsonl rendered from PostgreSQL: one JSON line per event, seq 1..n, as local mode writes it.
  const lines = log.data.toString().split("\n").filter(Boolean).map((l) => JSON.parse(l));
  expect(lines.map((e) => e.seq)).toEqual(lines.map((_, i) => i + 1));
  expect(log.data.toString().endsWith("}\n")).toBe(true);

  // A local workspace (SQLite and files) on a third server.
  const ws = serverWorkspace("vm-hosted-local-");
  localDirs.push(ws.dir);
  const port = await freePort();
  const local = await startNextServer(port, { ...ws.env, VM_LLM_BASE_URL: fake.baseUrl, VM_LLM_API_KEY: "sk-local-1234" });
  try {
    const imported = await fetch(`${local.url}/api/v1/workspace/import`, { method: "POST", headers: { "content-type": "application/gzip" }, body: new Uint8Array(archive) });
    expect(imported.status).toBe(200);
    const L = httpApi(local.url);
    // The log file on disk is byte for byte what the hosted deployment rendered.
    expect(fs.readFileSync(path.join(ws.dir, "runs", run.id, "events.jsonl"))).toEqual(log.data);
    for (const p of [`/brands/${brand.id}`, `/brands/${brand.id}/versions`, `/products/${product.id}`, `/threads/${thread.id}/runs`, `/runs/${run.id}`, `/runs/${run.id}/package`]) {
      expect((await L.get(p)).json, p).toEqual((await A().get(p)).json);
    }
    const query = { query: "voz calorosa de casa", brand_id: brand.id, top_k: 6 };
    const key = (r: any) => r.items.map((h: any) => [h.chunk_id ?? h.id, h.source_kind, Number(h.score.toFixed(6))]);
    const fromLocal = await waitFor("the local index", async () => {
      const r = (await L.post("/memory/search", query)).json;
      return r.items?.some((h: any) => h.source_kind === "artifact") && r;
    });
    const fromHosted = await waitFor("the same hosted answer", async () => {
      const r = (await B().post("/memory/search", query)).json;
      return JSON.stringify(key(r)) === JSON.stringify(key(fromLocal)) && r;
    }, 30_000);
    expect(key(fromHosted)).toEqual(key(fromLocal));

    // And back: the local workspace's export, imported into a fresh hosted deployment, reads the same.
    const back = Buffer.from(await (await fetch(`${local.url}/api/v1/workspace/export?brand_id=${brand.id}`)).arrayBuffer());
    const localEntries = await untar(back);
    const files = (entries: { name: string; data: Buffer }[]) => Object.fromEntries(entries.filter((e) => e.name !== "manifest.json").map((e) => [e.name, e.data.toString("base64")]));
    expect(files(localEntries)).toEqual(files(hostedEntries));
    const d2 = await startHostedDeployment("back");
    const c = { name: "A" as const, key: "sk-hosted-C-1234", port: await freePort(), dir: fs.mkdtempSync(path.join(os.tmpdir(), "vm-hosted-C-")), server: null };
    const cServer = await startNextServer(c.port, { ...d2.env, VM_WORKSPACE: c.dir, VM_LLM_BASE_URL: fake.baseUrl, VM_LLM_API_KEY: c.key });
    try {
      const authC = await d2.ownerAuth(cServer.url);
      const again = await fetch(`${cServer.url}/api/v1/workspace/import`, { method: "POST", headers: { "content-type": "application/gzip", ...authC }, body: new Uint8Array(back) });
      expect(again.status, `${await again.clone().text()}\n${cServer.output().slice(-3000)}`).toBe(200);
      const C = httpApi(cServer.url, authC);
      for (const p of [`/brands/${brand.id}`, `/brands/${brand.id}/versions`, `/threads/${thread.id}/runs`, `/runs/${run.id}`, `/runs/${run.id}/package`]) {
        expect((await C.get(p)).json, p).toEqual((await L.get(p)).json);
      }
      const roundTrip = await untar(Buffer.from(await (await fetch(`${cServer.url}/api/v1/workspace/export?brand_id=${brand.id}`, { headers: authC })).arrayBuffer()));
      expect(files(roundTrip)).toEqual(files(hostedEntries));
    } finally {
      await cServer.kill("SIGKILL");
      fs.rmSync(c.dir, { recursive: true, force: true });
      await d2.close();
    }
  } finally {
    await local.kill();
  }
});

test("the instance executing a stage is SIGKILLed mid-call: the other takes the stage over and finishes the run", async () => {
  const { thread } = await seed(A(), "Sobrevivente");
  let hang = true;
  fake.setResponder(((req: ReceivedRequest) => (stageAsked(req) === "brand-voice" && hang ? { kind: "hang" } : studioResponder(req))) as never);
  const run = (await A().post("/runs", { thread_id: thread.id, stack: "foundation", request: "resistir" })).json;
  const call = await waitFor("brand-voice's call in flight", () => fake.chatRequests().find((r) => stageAsked(r) === "brand-voice" && r.body.messages.at(-1).content.includes("resistir")));
  const victim = callerOf(call);
  const survivor = victim === instances.A ? instances.B : instances.A;
  const killedAt = Date.now();
  await victim.server!.kill("SIGKILL");
  hang = false;

  const S = api(survivor);
  let state = await atGate(S, run.id, "brand-voice");
  const tookOverMs = Date.now() - killedAt;
  const bv = state.stages.find((s: any) => s.id === "brand-voice");
  expect(bv.attempts.map((a: any) => [a.n, a.status])).toEqual([[1, "interrupted"], [2, "succeeded"]]);
  expect(tookOverMs).toBeLessThan(60_000);
  for (const stage of ["brand-voice", "positioning", "keywords"]) {
    await atGate(S, run.id, stage);
    expect((await S.post(`/runs/${run.id}/approve`, { stage_id: stage })).status).toBe(200);
  }
  state = await waitFor("completion", async () => {
    const r = await getRun(S, run.id);
    return r.status === "completed" && r;
  });
  // One successful attempt per stage, events 1..n with the take-over recorded once.
  for (const s of state.stages) expect(s.attempts.filter((a: any) => a.status === "succeeded"), s.id).toHaveLength(1);
  const log = await watch(survivor, `run_id=${run.id}`, (e) => e.type === "run.completed");
  expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
  expect(log.filter((e) => e.type === "stage.attempt.interrupted")).toMatchObject([{ stage_id: "brand-voice", attempt: 1 }]);
  expect(log.filter((e) => e.type === "run.completed")).toHaveLength(1);
  expect(state.last_event_seq).toBe(log.length);

  // Nothing of the workspace on either instance's disk: everything is in PostgreSQL and the object store.
  for (const i of Object.values(instances)) {
    const left = (fs.readdirSync(i.dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(i.dir, f)).isFile());
    expect(left, i.name).toEqual([]);
  }
  expect(d.objectKeys().some((k) => k.includes(`runs/${run.id}/artifacts/brand-voice/2.md`))).toBe(true);
  fake.setResponder(studioResponder as never);
});

test("SIGTERM on the instance executing a stage: its call finishes and is kept, it exits, the other instance goes on", async () => {
  for (const i of Object.values(instances)) if (!i.server || i.server.process.exitCode !== null || i.server.process.signalCode !== null) await start(i);
  const { thread } = await seed(A(), "Despedida");
  fake.setResponder(((req: ReceivedRequest) => (stageAsked(req) === "brand-voice" ? { ...studioResponder(req), latencyMs: 3000 } : studioResponder(req))) as never);
  const run = (await A().post("/runs", { thread_id: thread.id, stack: "foundation", request: "sair com calma" })).json;
  const call = await waitFor("brand-voice's call in flight", () => fake.chatRequests().find((r) => stageAsked(r) === "brand-voice" && r.body.messages.at(-1).content.includes("sair com calma")));
  const leaving = callerOf(call);
  const staying = leaving === instances.A ? instances.B : instances.A;
  const exited = new Promise<number | null>((resolve) => leaving.server!.process.once("exit", (code) => resolve(code)));
  leaving.server!.process.kill("SIGTERM");
  expect(await exited).toBe(0);
  fake.setResponder(studioResponder as never);
  const S = api(staying);
  const state = await atGate(S, run.id, "brand-voice");
  // The call in flight was given its grace: one attempt, kept; nothing to take over.
  expect(state.stages.find((s: any) => s.id === "brand-voice").attempts.map((a: any) => a.status)).toEqual(["succeeded"]);
  expect((await S.post(`/runs/${run.id}/approve`, { stage_id: "brand-voice" })).status).toBe(200);
  await atGate(S, run.id, "positioning");
  await start(leaving);
});
